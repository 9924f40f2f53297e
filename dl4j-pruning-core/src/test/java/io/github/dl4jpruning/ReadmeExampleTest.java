package io.github.dl4jpruning;

import io.github.dl4jpruning.config.PruningConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.data.FashionMnist;
import io.github.dl4jpruning.data.FashionMnistFixture;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.analysis.Ablation;
import io.github.dl4jpruning.analysis.SensitivityAnalysis;
import io.github.dl4jpruning.analysis.SensitivityReport;
import io.github.dl4jpruning.criterion.SnipCriterion;
import io.github.dl4jpruning.criterion.TaylorCriterion;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.nn.conf.PrunedLayer;
import io.github.dl4jpruning.persist.PrunedModels;
import io.github.dl4jpruning.persist.SparseExport;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.schedule.GradualSchedule;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.schedule.OneShotSchedule;
import io.github.dl4jpruning.criterion.GroupScore;
import io.github.dl4jpruning.schedule.Rewind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The README's examples, line for line ({@link ReadmeSyncTest} checks it), except that the data comes from
 * the test fixture (1,000 training images) instead of the full Debian files, and files go to a temporary
 * directory: a line ending in {@code // README: A => B} reads {@code B} for {@code A} in the README.
 */
class ReadmeExampleTest {

    @Test
    void readmeUsageExampleRuns(@TempDir Path dir) throws IOException {
        // --- README usage example begins ---
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(42).updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(300).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(300).nOut(100).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(100).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();

        PruningListener pruning = new PruningListener(PruningConfig.builder()
                .schedule(new IterativeSchedule(5, 0.5, 1, 0.02)) // 5 dense epochs, then -50% per epoch to 2%
                .scope(Scope.GLOBAL)                                // one threshold over all layers
                .minLayerDensity(0.01)                              // no layer below 1%: no layer collapse
                .build());
        net.addListeners(pruning);

        FashionMnist data = FashionMnist.load(FashionMnistFixture.directory()); // README: FashionMnistFixture.directory() => FashionMnist.resolveDirectory(null)
        net.fit(data.trainIterator(128, 42), 11);                 // 5 dense + 6 prune/fine-tune epochs
        System.out.println(pruning.report(net).summary());        // density, compression, per-layer densities
        System.out.println(net.evaluate(data.testIterator(1000)).accuracy());
        // --- README usage example ends ---

        PruningReport r = pruning.report(net);
        assertEquals(Math.round(0.02 * r.paramCount()), r.nonzeroCount());
        assertEquals(6, r.round());
        r.layers().forEach(l -> assertTrue(l.density() >= 0.01, l.id() + " at " + l.density()));
        double acc = net.evaluate(data.testIterator(1000)).accuracy();
        assertTrue(acc > 0.5, "accuracy at density 0.02 after 88 iterations on 1,000 images: " + acc);

    }

    @Test
    void readmeBuilderAndDeployExamplesRun(@TempDir Path dir) throws IOException {
        FashionMnist data = FashionMnist.load(FashionMnistFixture.directory());
        // --- README builder example begins ---
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(42).updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).list()
                .layer(new PrunedLayer.Builder()
                        .layer(new DenseLayer.Builder().nIn(784).nOut(300).activation(Activation.RELU).build())
                        .targetDensity(0.02)                         // this layer ends at 2%
                        .build())
                .layer(new PrunedLayer.Builder()
                        .layer(new DenseLayer.Builder().nIn(300).nOut(100).activation(Activation.RELU).build())
                        .targetDensity(0.1).minDensity(0.05)         // ends at 10%, never below 5%
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(100).nOut(10)
                        .activation(Activation.SOFTMAX).build())     // or wrapped, like the others
                .build());
        net.init();

        PruningListener pruning = Pruning.attach(net, PruningConfig.builder()
                .schedule(new IterativeSchedule(2, 0.5, 1, 0.05))    // when: 2 dense epochs, -50% per epoch
                .layer("layer2", LayerPruning.builder().targetDensity(0.3).build())  // the output layer, by name
                .build());
        net.fit(data.trainIterator(128, 42), 7);                     // 2 dense + 5 prune/fine-tune epochs
        // --- README builder example ends ---
        PruningReport r = pruning.report(net);
        assertEquals(5, r.round());
        assertEquals(Math.round(0.02 * 784 * 300), r.layers().get(0).nonzeroCount());
        assertEquals(Math.round(0.1 * 300 * 100), r.layers().get(1).nonzeroCount());
        assertEquals(Math.round(0.3 * 100 * 10), r.layers().get(2).nonzeroCount());
        double acc = net.evaluate(data.testIterator(1000)).accuracy();
        assertTrue(acc > 0.35, "well above chance (0.1) after 56 iterations on 1,000 images, layer0 at 2%: " + acc);
        INDArray out = net.output(data.testSet().getFeatures());

        // --- README deploy example begins ---
        Path file = dir.resolve("pruned.zip");                      // README: dir.resolve("pruned.zip") => Path.of("pruned.zip")
        PrunedModels.save(net, pruning, file);                      // network + masks + schedule position, atomic
        PrunedModels.Loaded loaded = PrunedModels.load(file);       // fresh JVM: same masks, outputs, schedule
        MultiLayerNetwork resumed = (MultiLayerNetwork) loaded.model();
        int epoch = resumed.getEpochCount();                        // 7: where training stopped
        resumed.fit(data.trainIterator(128, 42, epoch), 2);         // same data order as never stopping
        MultiLayerNetwork plain = Pruning.strip(resumed);           // plain DL4J layers, same outputs
        ModelSerializer.writeModel(plain, dir.resolve("deploy.zip").toFile(), false); // README: dir.resolve("deploy.zip").toFile() => new File("deploy.zip")
        // --- README deploy example ends ---
        assertEquals(7, epoch);
        assertEquals(r.layers().stream().map(l -> l.nonzeroCount()).toList(),
                loaded.listener().report(resumed).layers().stream().map(l -> l.nonzeroCount()).toList(),
                "zeros kept after resuming under ConstantSchedule-like end of the schedule");
        MultiLayerNetwork deployed = ModelSerializer.restoreMultiLayerNetwork(dir.resolve("deploy.zip").toFile());
        assertEquals(plain.output(data.testSet().getFeatures()), deployed.output(data.testSet().getFeatures()));
        assertTrue(out.equalsWithEps(MultiLayerNetwork.load(file.toFile(), false).output(data.testSet().getFeatures()),
                0.0), "the saved network gives the pruned network's outputs");
    }
    @Test
    void readmeCriteriaExampleRuns() {
        FashionMnist data = FashionMnist.load(FashionMnistFixture.directory());
        MultiLayerNetwork net = io.github.dl4jpruning.testing.TestNets.mlp(42, 300, 100);
        MultiLayerNetwork trained = io.github.dl4jpruning.testing.TestNets.mlp(42, 300, 100);
        trained.fit(data.trainIterator(128, 42), 2);
        // --- README criteria example begins ---
        // at initialization: SNIP from 10 minibatches, then train with fixed masks
        PruningListener snip = new PruningListener(PruningConfig.builder()
                .schedule(new ConstantSchedule()).criterion(new SnipCriterion()).build());
        snip.pruneAtInitialization(net, data.trainIterator(128, 1), 10, 0.05);
        net.addListeners(snip);

        // during training: Zhu & Gupta's cubic curve, every 47 iterations from iteration 469 to 2345
        PruningConfig gradual = PruningConfig.builder()
                .schedule(new GradualSchedule(1.0, 0.05, 469, 2345, 47, GradualSchedule.Unit.ITERATION))
                .criterion(new TaylorCriterion())          // |w * g|, gradients summed by the listener
                .build();

        // lottery tickets: IMP that rewinds the survivors to their initial values after every round
        PruningConfig lottery = PruningConfig.builder()
                .schedule(new IterativeSchedule(5, 0.5, 1, 0.05)).rewind(Rewind.toInitialization()).build();

        // sensitivity: each layer alone at 0.9 ... 0.05 (weights restored after every probe)
        SensitivityReport sensitivity = SensitivityAnalysis.run(trained, data.testSet());
        Map<String, Double> perLayer = sensitivity.targetDensities(0.1);   // denser where pruning hurts more
        double[] deltas = Ablation.unitLossDeltas(trained, "layer0", data.testSet()); // loss(unit zeroed) - loss
        // --- README criteria example ends ---
        net.fit(data.trainIterator(128, 42));
        assertEquals(Math.round(0.05 * 266200), snip.report(net).nonzeroCount());
        assertEquals(new TaylorCriterion(), gradual.criterion());
        assertEquals(Rewind.toInitialization(), lottery.rewind().orElseThrow());
        assertEquals(3, perLayer.size());
        double kept = 0;
        for (Map.Entry<String, Double> e : perLayer.entrySet()) {
            kept += e.getValue() * sensitivity.paramCounts().get(e.getKey());
        }
        assertTrue(kept / 266200 <= 0.1 + 1e-9, "budget kept: " + kept / 266200);
        assertEquals(300, deltas.length);
    }
    @Test
    void readmeStructuredExampleRuns(@TempDir Path dir) throws IOException {
        FashionMnist data = FashionMnist.load(FashionMnistFixture.directory());
        MultiLayerNetwork net = io.github.dl4jpruning.testing.TestNets.mlp(42, 300, 100);
        net.fit(data.trainIterator(128, 42), 2);
        // --- README structured example begins ---
        PruningListener neurons = Pruning.attach(net, PruningConfig.builder()
                .schedule(new OneShotSchedule(2, 0.5))             // after 2 epochs: keep half of the hidden neurons
                .granularity(Granularity.NEURON).groupScore(GroupScore.L2).scope(Scope.LOCAL)
                .build());
        net.fit(data.trainIterator(128, 42), 1);                 // prunes at the epoch start, then fine-tunes
        MultiLayerNetwork small = Pruning.thin(net);             // 784-150-50-10: same outputs, 2.1x fewer parameters
        SparseExport.write(net, dir.resolve("net.sparse.zip")); // README: dir.resolve("net.sparse.zip") => Path.of("net.sparse.zip")
        // --- README structured example ends ---
        assertEquals(150, small.getLayer(0).getParam("W").size(1));
        assertEquals(50, small.getLayer(1).getParam("W").size(1));
        assertTrue(net.output(data.testSet().getFeatures()).equalsWithEps(small.output(data.testSet().getFeatures()),
                1e-5));
        assertEquals(1, neurons.state().orElseThrow().roundsCompleted());
        assertEquals(2.12, (double) net.numParams() / small.numParams(), 0.01);
    }
}
