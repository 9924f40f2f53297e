package io.github.dl4jpruning.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.persist.PrunedModels;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.testing.PrunedPositions;
import io.github.dl4jpruning.testing.TestNets;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.Checkpoint;
import org.deeplearning4j.optimize.listeners.CheckpointListener;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * DL4J's CheckpointListener, driven by {@link PrunedCheckpointListener}, during pruning training: every checkpoint
 * carries the pruning state, the last one resumes exactly (run A uninterrupted against run B resumed from its
 * checkpoint, as {@code ResumeAndStripTest} does for {@code PrunedModels.save}), DL4J's own loaders still read the
 * files with their zeros, and a checkpoint left plain by a crash is skipped.
 */
class PrunedCheckpointListenerTest {

    private static final int EPOCHS = 5;           // 1 dense epoch, then rounds at 0.5, 0.25, 0.125, 0.1
    private static final int STOPPED_AFTER = 3;    // epochs run B trains before it "crashes"

    @TempDir
    File tmp;

    static Stream<Arguments> nets() {
        return Stream.of(
                Arguments.of("MultiLayerNetwork", (Supplier<Model>) () -> TestNets.mlp(3, 32, 16)),
                Arguments.of("ComputationGraph", (Supplier<Model>) () -> TestNets.graph(3, 32)));
    }

    private static PruningConfig config() {
        return PruningConfig.builder().schedule(new IterativeSchedule(1, 0.5, 1, 0.1)).build();
    }

    private static DataSetIterator data(int firstEpoch) {
        return TestNets.data().trainIterator(100, 9, firstEpoch);   // 10 iterations per epoch
    }

    private record Snapshot(float[] mask, float[] params) {
    }

    private static Snapshot snap(PruningListener l, Model m) {
        return new Snapshot(l.state().orElseThrow().mask().toFloatVector(), m.params().toFloatVector());
    }

    private static int epochCount(Model m) {
        return m instanceof MultiLayerNetwork mln ? mln.getEpochCount() : ((ComputationGraph) m).getEpochCount();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nets")
    void resumingFromTheLastCheckpointMatchesUninterruptedTraining(String kind, Supplier<Model> factory)
            throws IOException {
        Model a = factory.get();
        PruningListener la = new PruningListener(config());
        TestNets.attach(a, la);
        DataSetIterator itA = data(0);
        List<Snapshot> runA = new ArrayList<>();
        for (int e = 0; e < EPOCHS; e++) {
            TestNets.fitEpoch(a, itA);
            runA.add(snap(la, a));
        }

        Model b = factory.get();
        PruningListener lb = new PruningListener(config());
        File dir = new File(tmp, "checkpoints");
        PrunedCheckpointListener checkpoints = new PrunedCheckpointListener(dir, o -> o.saveEveryNEpochs(1).keepLast(2));
        TestNets.attach(b, lb);
        TestNets.attach(b, checkpoints);
        DataSetIterator itB = data(0);
        for (int e = 0; e < STOPPED_AFTER; e++) {
            TestNets.fitEpoch(b, itB);
        }
        List<Checkpoint> kept = checkpoints.checkpoints().availableCheckpoints();
        assertEquals(List.of(1, 2), kept.stream().map(Checkpoint::getCheckpointNum).toList(), "DL4J's keepLast(2)");
        for (Checkpoint c : kept) {
            try (ZipFile zip = new ZipFile(new File(dir, c.getFilename()))) {
                assertNotNull(zip.getEntry(PrunedModels.STATE_ENTRY), c.getFilename());
                assertNotNull(zip.getEntry(PrunedModels.MASK_ENTRY), c.getFilename());
            }
        }

        PrunedModels.Loaded loaded = PrunedCheckpointListener.loadLast(dir);      // fresh network and listener
        Model b2 = loaded.model();
        assertEquals(a.getClass(), b2.getClass());
        assertTrue(loaded.listener().isBoundTo(b2));
        assertTrue(io.github.dl4jpruning.network.NetworkAdapter.of(b2).listeners().contains(loaded.listener()), "listener attached");
        assertEquals(STOPPED_AFTER, epochCount(b2));
        assertEquals(2, loaded.listener().state().orElseThrow().roundsCompleted());
        assertArrayEquals(runA.get(STOPPED_AFTER - 1).mask(), snap(loaded.listener(), b2).mask(), 0f);
        assertArrayEquals(runA.get(STOPPED_AFTER - 1).params(), snap(loaded.listener(), b2).params(), 0f);
        DataSetIterator itB2 = data(epochCount(b2));
        for (int e = STOPPED_AFTER; e < EPOCHS; e++) {
            TestNets.fitEpoch(b2, itB2);
            Snapshot s = snap(loaded.listener(), b2);
            assertArrayEquals(runA.get(e).mask(), s.mask(), 0f, "mask after epoch " + e);
            assertArrayEquals(runA.get(e).params(), s.params(), 0f, "weights after epoch " + e);
        }
        assertEquals(4, loaded.listener().state().orElseThrow().roundsCompleted());
        assertEquals(la.report(a).density(), loaded.listener().report(b2).density(), 0.0);
    }

    @Test
    void everyNIterationsEachCheckpointHoldsTheMasksAndRoundsOfItsIteration() throws IOException {
        MultiLayerNetwork net = TestNets.mlp(5, 32);
        PruningListener pruning = new PruningListener(config());
        File dir = new File(tmp, "iterations");
        List<float[]> masksAtSave = new ArrayList<>();
        List<Integer> roundsAtSave = new ArrayList<>();
        PrunedCheckpointListener checkpoints = new PrunedCheckpointListener(dir, o -> o.saveEveryNIterations(7));
        net.setListeners(pruning, checkpoints, new org.deeplearning4j.optimize.api.BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                if (iteration > 0 && iteration % 7 == 0) {      // DL4J's condition: the checkpoint just written
                    masksAtSave.add(pruning.state().orElseThrow().mask().toFloatVector());
                    roundsAtSave.add(pruning.state().orElseThrow().roundsCompleted());
                }
            }
        });
        net.fit(data(0), 4);                                   // 40 iterations: checkpoints at 7, 14, ..., 35
        List<Checkpoint> all = checkpoints.checkpoints().availableCheckpoints();
        assertEquals(5, all.size());
        assertEquals(List.of(0, 1, 2, 2, 3), roundsAtSave, "rounds at iterations 7, 14, 21, 28, 35");
        for (int i = 0; i < all.size(); i++) {
            PrunedModels.Loaded c = PrunedCheckpointListener.load(dir, i);
            INDArray mask = c.listener().state().orElseThrow().mask();
            assertArrayEquals(masksAtSave.get(i), mask.toFloatVector(), 0f, "checkpoint " + i);
            assertEquals(roundsAtSave.get(i), c.listener().state().orElseThrow().roundsCompleted());
            assertEquals(0, PrunedPositions.nonzeroParams(c.model(), mask), "pruned weights are exactly zero");
            assertEquals(all.get(i).getIteration(), ((MultiLayerNetwork) c.model()).getIterationCount());

            MultiLayerNetwork plain = CheckpointListener.loadCheckpointMLN(dir, i);   // DL4J's own loader
            assertArrayEquals(c.model().params().toFloatVector(), plain.params().toFloatVector(), 0f);
        }
        PrunedModels.Loaded last = PrunedCheckpointListener.loadLast(dir);
        ((MultiLayerNetwork) last.model()).fit(TestNets.data().trainIterator(100, 9, 4).next());            // resumes: zeros stay
        assertEquals(0, PrunedPositions.nonzeroParams(last.model(), last.listener().state().orElseThrow().mask()));
    }

    @Test
    void aCheckpointLeftPlainByACrashIsSkippedByLoadLast() throws IOException {
        MultiLayerNetwork net = TestNets.mlp(5, 32);
        PruningListener pruning = new PruningListener(config());
        File dir = new File(tmp, "crash");
        PrunedCheckpointListener checkpoints = new PrunedCheckpointListener(dir, o -> o.saveEveryEpoch());
        net.setListeners(pruning, checkpoints);
        net.fit(data(0), 3);                                   // checkpoints 0, 1, 2 after epochs 1, 2, 3
        File last = CheckpointListener.getFileForCheckpoint(dir, 2);
        ModelSerializer.writeModel(net, last, true);           // as DL4J left it before the pruning state was added
        PrunedModels.Loaded loaded = PrunedCheckpointListener.loadLast(dir);
        assertEquals(2, ((MultiLayerNetwork) loaded.model()).getEpochCount(), "checkpoint 1 (after 2 epochs), the "
                + "newest complete one");
        assertEquals(1, CheckpointListener.availableCheckpoints(dir).get(1).getEpoch(), "DL4J's checkpointInfo");
        assertEquals(1, loaded.listener().state().orElseThrow().roundsCompleted());
    }

    @Test
    void refusesANetworkWithoutPruningListenerOrWithItAfterTheCheckpoints() {
        MultiLayerNetwork net = TestNets.mlp(5, 16);
        net.setListeners(new PrunedCheckpointListener(new File(tmp, "none"), o -> o.saveEveryEpoch()));
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> net.fit(data(0)));
        assertTrue(none.getMessage().contains("no PruningListener"), none.getMessage());
        assertFalse(new File(tmp, "none/checkpoint_0_MultiLayerNetwork.zip").exists(), "nothing written");

        MultiLayerNetwork net2 = TestNets.mlp(5, 16);
        PruningListener pruning = new PruningListener(config());
        net2.setListeners(new PrunedCheckpointListener(new File(tmp, "order"), o -> o.saveEveryEpoch()), pruning);
        IllegalStateException order = assertThrows(IllegalStateException.class, () -> net2.fit(data(0)));
        assertTrue(order.getMessage().contains("must be added before the PrunedCheckpointListener"), order.getMessage());
    }

    @Test
    void refusesBadArgumentsAndFoldersWithoutPrunedCheckpoints() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> new PrunedCheckpointListener(null, o -> o));
        assertThrows(IllegalArgumentException.class, () -> new PrunedCheckpointListener(tmp, null));
        assertThrows(IllegalArgumentException.class, () -> new PrunedCheckpointListener(tmp, o -> null));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> PrunedCheckpointListener.loadLast(tmp));
        assertTrue(empty.getMessage().contains("checkpointInfo.txt"), empty.getMessage());

        File dir = new File(tmp, "plain");                     // DL4J's own listener: no pruning state
        assertTrue(dir.mkdirs());
        MultiLayerNetwork net = TestNets.mlp(5, 16);
        net.setListeners(new CheckpointListener.Builder(dir).saveEveryEpoch().build());
        net.fit(data(0));
        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
                () -> PrunedCheckpointListener.loadLast(dir));
        assertTrue(plain.getMessage().contains("no checkpoint with pruning state"), plain.getMessage());
        PrunedCheckpointListener wrapper = new PrunedCheckpointListener(new File(tmp, "w"), o -> o.saveEveryEpoch());
        assertSame(wrapper.checkpoints(), wrapper.checkpoints());
    }
}
