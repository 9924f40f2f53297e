package io.github.dl4jpruning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.data.FashionMnist;
import io.github.dl4jpruning.data.FashionMnistFixture;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.persist.PrunedModels;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The README's usage example, line for line, except that the data comes from the test fixture
 * (1,000 training images) instead of the full Debian files. Keep the two in sync.
 */
class ReadmeExampleTest {

    @Test
    void readmeUsageExampleRuns(@TempDir Path dir) throws IOException {
        // --- README example begins ---
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

        FashionMnist data = FashionMnist.load(FashionMnistFixture.directory()); // README: resolveDirectory(null)
        net.fit(data.trainIterator(128, 42), 11);                 // 5 dense + 6 prune/fine-tune epochs
        System.out.println(pruning.report(net).summary());        // density, compression, per-layer densities
        System.out.println(net.evaluate(data.testIterator(1000)).accuracy());
        // --- README example ends ---

        PruningReport r = pruning.report(net);
        assertEquals(Math.round(0.02 * r.paramCount()), r.nonzeroCount());
        assertEquals(6, r.round());
        r.layers().forEach(l -> assertTrue(l.density() >= 0.01, l.id() + " at " + l.density()));
        double acc = net.evaluate(data.testIterator(1000)).accuracy();
        assertTrue(acc > 0.5, "accuracy at density 0.02 after 88 iterations on 1,000 images: " + acc);

        DataSetIterator trainIterator = data.trainIterator(128, 42);
        // --- README save/load example begins ---
        Path file = dir.resolve("pruned.zip");                             // README: Path.of("pruned.zip")
        PrunedModels.save(net, pruning, file);                             // atomic: temp file + move
        PrunedModels.Loaded loaded = PrunedModels.load(file);
        MultiLayerNetwork restored = (MultiLayerNetwork) loaded.model();  // listener attached, masks and round restored
        restored.fit(trainIterator);                                       // the schedule continues where it stopped
        // --- README save/load example ends ---
        assertEquals(r.nonzeroCount(), loaded.listener().report(restored).nonzeroCount(), "zeros kept after resuming");
    }
}
