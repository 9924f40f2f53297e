package io.github.dl4jpruning.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.data.FashionMnist;
import io.github.dl4jpruning.interop.PrunedCheckpointListener;
import io.github.dl4jpruning.interop.PrunedModelSaver;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.persist.PrunedModels;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.testing.PrunedPositions;
import io.github.dl4jpruning.testing.TestNets;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.CheckpointListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * DL4J's CheckpointListener and EarlyStoppingTrainer on the real Fashion-MNIST (first 10,000 training images, the full
 * test set), LeNet-300-100, IMP to density 0.125: training resumed from the last checkpoint after a stop matches
 * uninterrupted training bitwise after every epoch; DL4J's own loader reads the checkpoint with its zeros; the early
 * stopping trainer's best model comes back with its pruning state.
 */
class CheckpointsAndEarlyStoppingIT {

    private static FashionMnist data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        data = FashionMnist.load(FashionMnist.resolveDirectory(null), 10_000, 10_000);
    }

    private static PruningListener pruning() {
        return new PruningListener(PruningConfig.builder().schedule(new IterativeSchedule(1, 0.5, 1, 0.125)).build());
    }

    @Test
    void resumeFromTheLastCheckpointMatchesUninterruptedTraining() throws IOException {
        MultiLayerNetwork a = TestNets.mlp(42, 300, 100);
        PruningListener la = pruning();
        a.addListeners(la);
        DataSetIterator itA = data.trainIterator(128, 42);
        List<float[]> masks = new ArrayList<>();
        List<float[]> params = new ArrayList<>();
        for (int e = 0; e < 5; e++) {
            a.fit(itA);
            masks.add(la.state().orElseThrow().mask().toFloatVector());
            params.add(a.params().toFloatVector());
        }

        MultiLayerNetwork b = TestNets.mlp(42, 300, 100);
        File dir = tmp.resolve("checkpoints").toFile();
        b.addListeners(pruning(), new PrunedCheckpointListener(dir, o -> o.saveEveryEpoch().keepLast(1)));
        b.fit(data.trainIterator(128, 42), 3);                       // then "crashes"
        PrunedModels.Loaded loaded = PrunedCheckpointListener.loadLast(dir);
        MultiLayerNetwork b2 = (MultiLayerNetwork) loaded.model();
        assertEquals(3, b2.getEpochCount());
        assertEquals(2, loaded.listener().state().orElseThrow().roundsCompleted());
        MultiLayerNetwork plain = CheckpointListener.loadLastCheckpointMLN(dir);
        assertEquals(0, PrunedPositions.nonzeroParams(plain, loaded.listener().state().orElseThrow().mask()),
                "DL4J's own loader: zeros intact");
        DataSetIterator itB2 = data.trainIterator(128, 42, 3);
        for (int e = 3; e < 5; e++) {
            b2.fit(itB2);
            assertArrayEquals(masks.get(e), loaded.listener().state().orElseThrow().mask().toFloatVector(), 0f,
                    "mask after epoch " + e);
            assertArrayEquals(params.get(e), b2.params().toFloatVector(), 0f, "weights after epoch " + e);
        }
        assertEquals(0.125, loaded.listener().report(b2).density(), 1e-9);
        assertEquals(a.evaluate(data.testIterator(1000)).accuracy(), b2.evaluate(data.testIterator(1000)).accuracy(),
                0.0);
    }

    @Test
    void earlyStoppingReturnsTheBestModelWithItsPruningState() throws IOException {
        MultiLayerNetwork net = TestNets.mlp(42, 300, 100);
        net.addListeners(pruning());
        PrunedModelSaver<MultiLayerNetwork> saver = new PrunedModelSaver<>(tmp.toFile());
        EarlyStoppingConfiguration<MultiLayerNetwork> es = new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
                .epochTerminationConditions(new MaxEpochsTerminationCondition(4))
                .scoreCalculator(new DataSetLossCalculator(data.testIterator(1000), true))
                .modelSaver(saver).build();
        EarlyStoppingResult<MultiLayerNetwork> result = new EarlyStoppingTrainer(es, net,
                data.trainIterator(128, 42)).fit();
        PrunedModels.Loaded best = saver.loadBest();
        int rounds = best.listener().state().orElseThrow().roundsCompleted();
        assertEquals(result.getBestModelEpoch(), rounds, "one round at the start of every epoch after the first");
        assertEquals(0, PrunedPositions.nonzeroParams(best.model(), best.listener().state().orElseThrow().mask()));
        double expected = Math.max(0.125, Math.pow(0.5, rounds));
        assertEquals(expected, best.listener().report(best.model()).density(), 1e-9);
        assertTrue(result.getBestModel().evaluate(data.testIterator(1000)).accuracy() > 0.7);
    }
}
