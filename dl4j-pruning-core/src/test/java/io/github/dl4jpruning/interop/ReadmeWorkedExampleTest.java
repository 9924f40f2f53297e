package io.github.dl4jpruning.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.Pruning;
import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.persist.PrunedModels;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.schedule.OneShotSchedule;
import io.github.dl4jpruning.testing.TestNets;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.SplitTestAndTrain;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Runs the README's "Worked example: your own data and a ComputationGraph" (snippet {@code worked-example}) and the
 * code of "Checkpoints, early stopping and transfer learning" (snippet {@code interop}) as they stand there;
 * {@code ReadmeSyncTest} fails when the README and the blocks between the markers below differ.
 */
class ReadmeWorkedExampleTest {

    @TempDir
    Path dir;

    @Test
    void workedExampleYourOwnDataAndAComputationGraph() throws IOException {
        // --- README worked-example example begins ---
        // 1. Your own data: any DataSetIterator. Here 2,000 rows of 20 features built in code, whose class (0, 1, 2) is
        //    the largest of three fixed linear scores; a CSV file read by DataVec's RecordReaderDataSetIterator or your
        //    own DataSetIterator implementation is used the same way.
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2000, 20);
        INDArray classes = x.mmul(Nd4j.randn(DataType.FLOAT, 20, 3)).argMax(1);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 2000, 3);
        for (int i = 0; i < 2000; i++) {
            y.putScalar(i, classes.getInt(i), 1f);
        }
        SplitTestAndTrain split = new DataSet(x, y).splitTestAndTrain(1600);
        DataSetIterator train = new ListDataSetIterator<>(split.getTrain().asList(), 64);
        DataSet test = split.getTest();

        // 2. A ComputationGraph, pruned by whole hidden neurons (NEURON units can be thinned away later)
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .seed(42).updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("features")
                .addLayer("hidden1", new DenseLayer.Builder().nIn(20).nOut(64).activation(Activation.RELU).build(),
                        "features")
                .addLayer("hidden2", new DenseLayer.Builder().nIn(64).nOut(32).activation(Activation.RELU).build(),
                        "hidden1")
                .addLayer("class", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(32).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "hidden2")
                .setOutputs("class").build());
        graph.init();
        PruningListener pruning = Pruning.attach(graph, PruningConfig.builder()
                .schedule(new OneShotSchedule(3, 0.5))             // after 3 epochs: keep half of the neurons
                .granularity(Granularity.NEURON).scope(Scope.LOCAL).build());
        File checkpoints = dir.resolve("checkpoints").toFile();   // README: dir.resolve("checkpoints").toFile() => new File("checkpoints")
        graph.addListeners(new PrunedCheckpointListener(checkpoints, b -> b.saveEveryEpoch().keepLast(2)));
        graph.fit(train, 5);                                      // 3 dense epochs, prune, 2 fine-tune epochs
        System.out.println(pruning.report(graph).summary());

        // 3. Save with masks; resume (here from the last checkpoint, e.g. after a crash) and train on
        PrunedModels.save(graph, pruning, dir.resolve("graph.zip"));     // README: dir.resolve("graph.zip") => Path.of("graph.zip")
        PrunedModels.Loaded resumed = PrunedCheckpointListener.loadLast(checkpoints);
        ComputationGraph again = (ComputationGraph) resumed.model();       // PruningListener attached, epoch 5
        again.fit(train, 1);

        // 4. Deploy: strip (plain DL4J layers, same shape) or thin (the removed neurons are gone)
        ComputationGraph plain = Pruning.strip(again);
        ComputationGraph small = Pruning.thin(again);                       // 20-32-16-3 instead of 20-64-32-3
        System.out.println(again.numParams() + " -> " + small.numParams() + " parameters, test accuracy "
                + small.evaluate(new ListDataSetIterator<>(test.asList(), 100)).accuracy());
        // --- README worked-example example ends ---

        assertEquals(1, pruning.state().orElseThrow().roundsCompleted());
        assertEquals(5, again.getEpochCount() - 1, "resumed at epoch 5, trained one more");
        assertEquals(1, resumed.listener().state().orElseThrow().roundsCompleted());
        assertEquals(20 * 32 + 32 + 32 * 16 + 16 + 16 * 3 + 3, small.numParams());
        assertEquals(20 * 64 + 64 + 64 * 32 + 32 + 32 * 3 + 3, plain.numParams());
        INDArray features = test.getFeatures();
        assertArrayEquals(again.outputSingle(features).dup().ravel().toFloatVector(),
                plain.outputSingle(features).dup().ravel().toFloatVector(), 0f);
        assertArrayEquals(again.outputSingle(features).dup().ravel().toFloatVector(),
                small.outputSingle(features).dup().ravel().toFloatVector(), 1e-5f);
        assertTrue(small.evaluate(new ListDataSetIterator<>(test.asList(), 100)).accuracy() > 0.8,
                "the synthetic task is learnable");
        PrunedModels.Loaded saved = PrunedModels.load(dir.resolve("graph.zip"));
        assertArrayEquals(saved.listener().state().orElseThrow().mask().toFloatVector(),
                resumed.listener().state().orElseThrow().mask().toFloatVector(), 0f, "the checkpoint equals the save");
    }

    @Test
    void checkpointsEarlyStoppingAndTransferLearning() throws IOException {
        MultiLayerNetwork net = TestNets.mlp(42, 100);
        PruningListener pruning = new PruningListener(PruningConfig.builder()
                .schedule(new IterativeSchedule(1, 0.5, 1, 0.25)).build());
        DataSetIterator train = TestNets.data().trainIterator(100, 42);
        DataSetIterator testIterator = TestNets.data().testIterator(100);
        File checkpoints = dir.resolve("checkpoints").toFile();
        File earlyStopping = dir.resolve("early-stopping").toFile();

        // --- README interop example begins ---
        // Checkpoints: DL4J's CheckpointListener options; every checkpoint file also holds the pruning state
        net.addListeners(pruning, new PrunedCheckpointListener(checkpoints, b -> b.saveEveryNEpochs(1).keepLast(3)));
        net.fit(train, 3);
        PrunedModels.Loaded last = PrunedCheckpointListener.loadLast(checkpoints);   // network + restored listener

        // Early stopping: PrunedModelSaver instead of LocalFileModelSaver (LocalFileGraphSaver for a graph)
        EarlyStoppingConfiguration<MultiLayerNetwork> es = new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
                .epochTerminationConditions(new MaxEpochsTerminationCondition(3))   // README: 3 => 10
                .scoreCalculator(new DataSetLossCalculator(testIterator, true))
                .modelSaver(new PrunedModelSaver<>(earlyStopping))
                .build();
        MultiLayerNetwork best = new EarlyStoppingTrainer(es, net, train).fit().getBestModel();  // listener attached

        // Transfer learning: a new head on the pruned body; a ConstantSchedule listener keeps the body's zeros
        MultiLayerNetwork fineTuned = new TransferLearning.Builder(best)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(1e-4)).build())
                .setFeatureExtractor(0)                     // frozen layers are left as they are, never pruned
                .removeOutputLayer()
                .addLayer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(100).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
        Pruning.attach(fineTuned, PruningConfig.builder().schedule(new ConstantSchedule()).build());
        fineTuned.fit(train, 2);
        // --- README interop example ends ---

        assertEquals(2, last.listener().state().orElseThrow().roundsCompleted(), "3 epochs: rounds at 1 and 2");
        assertEquals(3, ((MultiLayerNetwork) last.model()).getEpochCount());
        assertTrue(NetworkAdapter.of(best).listeners().stream().anyMatch(l -> l instanceof PruningListener));
        INDArray bestW0 = best.getLayer(0).getParam("W");
        assertTrue(Pruning.measure(best).density() < 1.0, "the best model is pruned");
        assertArrayEquals(bestW0.dup().ravel().toFloatVector(),
                fineTuned.getLayer(0).getParam("W").dup().ravel().toFloatVector(), 0f, "frozen layer0 unchanged");
    }
}
