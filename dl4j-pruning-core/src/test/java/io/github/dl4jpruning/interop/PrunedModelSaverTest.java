package io.github.dl4jpruning.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.persist.PrunedModels;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.testing.PrunedPositions;
import io.github.dl4jpruning.testing.TestNets;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingGraphTrainer;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's EarlyStoppingTrainer and EarlyStoppingGraphTrainer with a PruningListener on the network and
 * {@link PrunedModelSaver} as the saver: the best and the latest model come back with their masks, rounds and schedule
 * position, equal to the state the trainer saw when it saved them, and keep their zeros when training goes on.
 */
class PrunedModelSaverTest {

    private static final int EPOCHS = 4;          // epoch 0 dense, rounds at the starts of epochs 1, 2, 3

    @TempDir
    File tmp;

    private static PruningListener pruning() {
        return new PruningListener(PruningConfig.builder().schedule(new IterativeSchedule(1, 0.5, 1, 0.1)).build());
    }

    private static <T extends Model> EarlyStoppingConfiguration<T> config(PrunedModelSaver<T> saver) {
        return new EarlyStoppingConfiguration.Builder<T>()
                .epochTerminationConditions(new MaxEpochsTerminationCondition(EPOCHS))
                .scoreCalculator(new DataSetLossCalculator(TestNets.data().testIterator(100), true))
                .evaluateEveryNEpochs(1)
                .saveLastModel(true)
                .modelSaver(saver)
                .build();
    }

    /** The best and the latest model carry the state the trainer saw; the latest equals the trained network. */
    private void checkResult(EarlyStoppingResult<? extends Model> result, PrunedModelSaver<?> saver,
            Model trained, PruningListener trainedPruning) throws IOException {
        assertEquals(EPOCHS, result.getTotalEpochs());
        int bestEpoch = result.getBestModelEpoch();
        Model best = result.getBestModel();
        PrunedModels.Loaded loadedBest = saver.loadBest();
        PruningListener bestPruning = loadedBest.listener();
        assertTrue(NetworkAdapter.of(best).listeners().stream().anyMatch(l -> l instanceof PruningListener p
                && p.isBoundTo(best)), "the best model comes back with its PruningListener attached");
        assertEquals(bestEpoch, bestPruning.state().orElseThrow().roundsCompleted(),
                "saved after epoch " + bestEpoch + ": one round per epoch after the first");
        assertArrayEquals(best.params().toFloatVector(), loadedBest.model().params().toFloatVector(), 0f);
        INDArray bestMask = bestPruning.state().orElseThrow().mask();
        assertEquals(0, PrunedPositions.nonzeroParams(best, bestMask));

        PrunedModels.Loaded latest = PrunedModels.load(new File(tmp, PrunedModelSaver.LATEST_MODEL).toPath());
        assertEquals(EPOCHS - 1, latest.listener().state().orElseThrow().roundsCompleted());
        assertArrayEquals(trainedPruning.state().orElseThrow().mask().toFloatVector(),
                latest.listener().state().orElseThrow().mask().toFloatVector(), 0f);
        assertArrayEquals(trained.params().toFloatVector(), latest.model().params().toFloatVector(), 0f);
        assertEquals(trainedPruning.report(trained).density(), latest.listener().report(latest.model()).density(), 0.0);

        TestNets.fitEpoch(latest.model(), TestNets.data().trainIterator(100, 9, EPOCHS));    // training goes on
        INDArray mask = latest.listener().state().orElseThrow().mask();
        assertEquals(0, PrunedPositions.nonzeroParams(latest.model(), mask), "zeros kept while training goes on");
    }

    @Test
    void earlyStoppingTrainerSavesAndLoadsTheBestModelWithItsPruningState() throws IOException {
        MultiLayerNetwork net = TestNets.mlp(3, 32, 16);
        PruningListener pruning = pruning();
        net.addListeners(pruning);
        PrunedModelSaver<MultiLayerNetwork> saver = new PrunedModelSaver<>(tmp);
        EarlyStoppingResult<MultiLayerNetwork> result = new EarlyStoppingTrainer(config(saver), net,
                TestNets.data().trainIterator(100, 9)).fit();
        checkResult(result, saver, net, pruning);
        MultiLayerNetwork plain = ModelSerializer.restoreMultiLayerNetwork(new File(tmp, PrunedModelSaver.BEST_MODEL));
        assertArrayEquals(result.getBestModel().params().toFloatVector(), plain.params().toFloatVector(), 0f,
                "DL4J's own loader reads the file, zeros included");
    }

    @Test
    void earlyStoppingGraphTrainerSavesAndLoadsTheBestGraphWithItsPruningState() throws IOException {
        ComputationGraph graph = TestNets.graph(3, 32);
        PruningListener pruning = pruning();
        graph.addListeners(pruning);
        PrunedModelSaver<ComputationGraph> saver = new PrunedModelSaver<>(tmp.getPath());
        EarlyStoppingResult<ComputationGraph> result = new EarlyStoppingGraphTrainer(config(saver), graph,
                TestNets.data().trainIterator(100, 9)).fit();
        checkResult(result, saver, graph, pruning);
    }

    @Test
    void refusesANetworkWithoutPruningListenerAndReportsMissingFilesAsDl4jExpects() {
        PrunedModelSaver<MultiLayerNetwork> saver = new PrunedModelSaver<>(tmp);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> saver.saveBestModel(TestNets.mlp(3, 16), 0.5));
        assertTrue(e.getMessage().contains("no PruningListener"), e.getMessage());
        assertTrue(e.getMessage().contains("net.addListeners(pruning"), e.getMessage());
        assertThrows(FileNotFoundException.class, saver::getBestModel);
        assertThrows(FileNotFoundException.class, saver::getLatestModel);
        assertThrows(IllegalArgumentException.class, () -> new PrunedModelSaver<>((File) null));
        File file = new File(tmp, "a-file");
        assertTrue(assertDoesNotThrowCreate(file));
        IllegalArgumentException notFolder = assertThrows(IllegalArgumentException.class,
                () -> new PrunedModelSaver<>(file));
        assertTrue(notFolder.getMessage().contains("must be a folder"), notFolder.getMessage());
    }

    private static boolean assertDoesNotThrowCreate(File f) {
        try {
            return f.createNewFile();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
