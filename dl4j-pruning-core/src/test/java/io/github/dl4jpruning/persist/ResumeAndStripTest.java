package io.github.dl4jpruning.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.Pruning;
import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.nn.layers.PrunedLayerImpl;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.testing.TestNets;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Resume: run A (uninterrupted) and run B (saved after round 2, loaded into fresh objects, continued with
 * the data iterator positioned at the saved epoch) give the same masks, densities and weights at every
 * round. Strip: a plain DL4J network with the same outputs. MultiLayerNetwork and ComputationGraph, with
 * and without PrunedLayer wrappers.
 */
class ResumeAndStripTest {

    private static final int EPOCHS = 5;           // 1 dense epoch, then rounds at 0.5, 0.25, 0.125, 0.1
    private static final int SAVED_AFTER = 3;      // epochs done when B saves: rounds 1 and 2 done

    @TempDir
    Path tmp;

    static Stream<Arguments> nets() {
        LayerPruning own = LayerPruning.builder().targetDensity(0.05).build();
        return Stream.of(
                Arguments.of("MultiLayerNetwork", (Supplier<Model>) () -> TestNets.mlp(3, 32, 16)),
                Arguments.of("ComputationGraph", (Supplier<Model>) () -> TestNets.graph(3, 32)),
                Arguments.of("wrapped MultiLayerNetwork", (Supplier<Model>) () -> TestNets.wrappedMlp(3, own, 32, 16)),
                Arguments.of("wrapped ComputationGraph", (Supplier<Model>) () -> TestNets.wrappedGraph(3, 32, own)));
    }

    private static PruningConfig config() {
        return PruningConfig.builder().schedule(new IterativeSchedule(1, 0.5, 1, 0.1)).build();
    }

    private static DataSetIterator data(int firstEpoch) {
        return TestNets.data().trainIterator(100, 9, firstEpoch);
    }



    /** Flat mask and parameters after every epoch. */
    private record Snapshot(float[] mask, float[] params, double density) {
    }

    private static Snapshot snap(PruningListener l, Model m) {
        return new Snapshot(l.state().orElseThrow().mask().toFloatVector(), m.params().toFloatVector(),
                l.report(m).density());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nets")
    void resumedTrainingMatchesUninterruptedTrainingAtEveryRound(String kind, Supplier<Model> factory)
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
        assertEquals(4, la.state().orElseThrow().roundsCompleted());

        Model b = factory.get();
        PruningListener lb = new PruningListener(config());
        TestNets.attach(b, lb);
        DataSetIterator itB = data(0);
        for (int e = 0; e < SAVED_AFTER; e++) {
            TestNets.fitEpoch(b, itB);
        }
        assertEquals(2, lb.state().orElseThrow().roundsCompleted());
        Path file = tmp.resolve("b.zip");
        PrunedModels.save(b, lb, file);

        PrunedModels.Loaded loaded = PrunedModels.load(file);   // fresh network, listener and state
        Model b2 = loaded.model();
        int epoch = b2 instanceof MultiLayerNetwork mln ? mln.getEpochCount() : ((ComputationGraph) b2).getEpochCount();
        assertEquals(SAVED_AFTER, epoch);
        Snapshot atSave = snap(loaded.listener(), b2);
        assertArrayEquals(runA.get(SAVED_AFTER - 1).mask(), atSave.mask(), 0f);
        assertArrayEquals(runA.get(SAVED_AFTER - 1).params(), atSave.params(), 0f);
        DataSetIterator itB2 = data(epoch);
        for (int e = SAVED_AFTER; e < EPOCHS; e++) {
            TestNets.fitEpoch(b2, itB2);
            Snapshot s = snap(loaded.listener(), b2);
            assertArrayEquals(runA.get(e).mask(), s.mask(), 0f, "mask after epoch " + e);
            assertEquals(runA.get(e).density(), s.density(), 0.0, "density after epoch " + e);
            assertArrayEquals(runA.get(e).params(), s.params(), 0f, "weights after epoch " + e);
        }
        assertEquals(4, loaded.listener().state().orElseThrow().roundsCompleted());
        List<io.github.dl4jpruning.report.PruningReport> ha = la.state().orElseThrow().history();
        List<io.github.dl4jpruning.report.PruningReport> hb = loaded.listener().state().orElseThrow().history();
        for (int r = 0; r < ha.size(); r++) {      // equal except the measured pruneSeconds
            assertEquals(ha.get(r).layers(), hb.get(r).layers(), "round " + r);
            assertEquals(ha.get(r).targetDensity(), hb.get(r).targetDensity(), 0.0);
            assertEquals(ha.get(r).epochsCompleted(), hb.get(r).epochsCompleted());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nets")
    void stripGivesAPlainNetworkWithIdenticalOutputs(String kind, Supplier<Model> factory) throws IOException {
        Model m = factory.get();
        PruningListener l = new PruningListener(config());
        TestNets.attach(m, l);
        DataSetIterator it = data(0);
        for (int e = 0; e < 3; e++) {
            TestNets.fitEpoch(m, it);
        }
        Model plain = Pruning.strip(m);
        assertEquals(m.getClass(), plain.getClass());
        String json = plain instanceof MultiLayerNetwork mln ? mln.getLayerWiseConfigurations().toJson()
                : ((ComputationGraph) plain).getConfiguration().toJson();
        assertFalse(json.contains("io.github.dl4jpruning"), "no class of this library in the stripped JSON");
        Layer[] layers = plain instanceof MultiLayerNetwork mln ? mln.getLayers() : ((ComputationGraph) plain).getLayers();
        for (Layer layer : layers) {
            assertFalse(layer instanceof PrunedLayerImpl);
        }
        INDArray x = TestNets.data().testSet().getFeatures();
        assertArrayEquals(TestNets.output(m, x).ravel().toFloatVector(), TestNets.output(plain, x).ravel().toFloatVector(), 0f);
        assertArrayEquals(m.params().toFloatVector(), plain.params().toFloatVector(), 0f);

        File f = tmp.resolve("plain.zip").toFile();
        ModelSerializer.writeModel(plain, f, false);
        Model back = plain instanceof MultiLayerNetwork ? ModelSerializer.restoreMultiLayerNetwork(f)
                : ModelSerializer.restoreComputationGraph(f);
        assertEquals(0, ModelSerializer.listObjectsInFile(f).size(), "no extra entries");
        assertArrayEquals(TestNets.output(m, x).ravel().toFloatVector(), TestNets.output(back, x).ravel().toFloatVector(), 0f);
        assertTrue(Pruning.measure(back).density() < 0.3);
    }


    @org.junit.jupiter.api.Test
    void stripOfAnUnprunedWrappedNetworkIsTheSameNetworkUnwrapped() {
        MultiLayerNetwork net = TestNets.wrappedMlp(3, LayerPruning.DEFAULTS, 32);
        MultiLayerNetwork plain = Pruning.strip(net);
        assertInstanceOf(org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer.class, plain.getLayer(0));
        assertEquals(net.params(), plain.params());
        assertEquals(TestNets.mlp(3, 32).getLayerWiseConfigurations().toJson(),
                plain.getLayerWiseConfigurations().toJson(), "the JSON a plain builder gives");
    }
}
