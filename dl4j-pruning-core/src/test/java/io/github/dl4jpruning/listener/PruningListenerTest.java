package io.github.dl4jpruning.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.report.LayerStats;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.schedule.OneShotSchedule;
import io.github.dl4jpruning.testing.TestNets;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** Contract tests of the listener on tiny seeded networks and the Fashion-MNIST fixture. */
class PruningListenerTest {

    static Stream<Arguments> models() {
        return Stream.of(Arguments.of("MultiLayerNetwork", (Model) TestNets.mlp(7, 64, 32)),
                Arguments.of("ComputationGraph", (Model) TestNets.graph(7, 64)));
    }

    private static void fit(Model m, DataSetIterator it, int epochs) {
        if (m instanceof MultiLayerNetwork mln) {
            mln.fit(it, epochs);
        } else {
            ((ComputationGraph) m).fit(it, epochs);
        }
    }

    private static void addListener(Model m, PruningListener l) {
        if (m instanceof MultiLayerNetwork mln) {
            mln.addListeners(l);
        } else {
            ((ComputationGraph) m).addListeners(l);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void prunedWeightsStayExactlyZeroUnderAdamFor200Iterations(String kind, Model model) {
        // One-shot to density 0.1 after 1 epoch, then 10 more epochs of 20 minibatches = 200 iterations.
        PruningListener l = new PruningListener(PruningConfig.builder()
                .schedule(new OneShotSchedule(1, 0.1)).build());
        addListener(model, l);
        DataSetIterator it = TestNets.data().trainIterator(50, 1);
        fit(model, it, 1);
        assertEquals(0, l.state().orElseThrow().roundsCompleted(), "no pruning during the first epoch");
        fit(model, it, 10);
        MaskState s = l.state().orElseThrow();
        assertEquals(1, s.roundsCompleted());
        assertEquals(220, iterationCount(model), "20 iterations per epoch, 11 epochs");
        INDArray params = model.params();
        long pruned = 0;
        for (PrunableParam p : s.params()) {
            INDArray w = MaskState.segment(params, p);
            INDArray m = MaskState.segment(s.mask(), p);
            assertEquals(0, TestNets.revivedCount(w, m), p.id() + ": every pruned weight must be exactly 0.0");
            pruned += p.length() - m.sumNumber().longValue();
        }
        long expectedKept = Math.round(0.1 * s.prunableCount());
        assertEquals(s.prunableCount() - expectedKept, pruned, "achieved density equals the target exactly");
        PruningReport r = l.report(model);
        assertEquals(expectedKept, r.nonzeroCount());
        // The trained weights that survived moved: the model kept training.
        assertTrue(r.nonzeroCount() > 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void pruningAtInitializationHappensBeforeTheFirstIteration(String kind, Model model) {
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new OneShotSchedule(0, 0.3)).build());
        addListener(model, l);
        fit(model, TestNets.data().trainIterator(100, 5), 2);
        MaskState s = l.state().orElseThrow();
        assertEquals(1, s.roundsCompleted());
        assertEquals(0, s.history().get(0).epochsCompleted(), "pruned at initialization");
        PruningReport r = l.report(model);
        assertEquals(Math.round(0.3 * r.paramCount()), r.nonzeroCount());
        for (PrunableParam p : s.params()) {
            assertEquals(0, TestNets.revivedCount(MaskState.segment(model.params(), p), MaskState.segment(s.mask(), p)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void pruningZeroesAdamStateAtPrunedPositions(String kind, Model model) {
        PruningListener l = new PruningListener(PruningConfig.builder()
                .schedule(new OneShotSchedule(1, 0.2)).build());
        addListener(model, l);
        fit(model, TestNets.data().trainIterator(100, 1), 1);
        l.prune(model, 0.2);
        BaseMultiLayerUpdater<?> u = model instanceof MultiLayerNetwork mln
                ? (BaseMultiLayerUpdater<?>) mln.getUpdater() : ((ComputationGraph) model).getUpdater();
        INDArray state = u.getStateViewArray();
        MaskState s = l.state().orElseThrow();
        // Adam keeps [M | V] per updater block; here one block holds all parameters.
        long n = model.params().length();
        assertEquals(2 * n, state.length());
        INDArray flatState = state.reshape(state.length());
        for (PrunableParam p : s.params()) {
            INDArray mask = MaskState.segment(s.mask(), p);
            INDArray mSeg = flatState.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(p.offset(), p.offset() + p.length()));
            INDArray vSeg = flatState.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(n + p.offset(),
                    n + p.offset() + p.length()));
            assertEquals(0, TestNets.revivedCount(mSeg, mask), p.id() + ": Adam M must be 0 where pruned");
            assertEquals(0, TestNets.revivedCount(vSeg, mask), p.id() + ": Adam V must be 0 where pruned");
        }
    }

    @Test
    void globalScopeGivesUnequalAndLocalScopeEqualLayerDensities() {
        DataSetIterator it = TestNets.data().trainIterator(100, 3);
        MultiLayerNetwork g = TestNets.mlp(3, 64, 32);
        g.fit(it, 2);
        MultiLayerNetwork l = TestNets.mlp(3, 64, 32);
        l.fit(it, 2);
        PruningReport global = new PruningListener(PruningConfig.builder().schedule(new OneShotSchedule(0, 0.1))
                .scope(Scope.GLOBAL).build()).prune(g, 0.1);
        PruningReport local = new PruningListener(PruningConfig.builder().schedule(new OneShotSchedule(0, 0.1))
                .scope(Scope.LOCAL).build()).prune(l, 0.1);
        assertEquals(Math.round(0.1 * global.paramCount()), global.nonzeroCount());
        double min = global.layers().stream().mapToDouble(LayerStats::density).min().orElseThrow();
        double max = global.layers().stream().mapToDouble(LayerStats::density).max().orElseThrow();
        assertTrue(max - min > 0.02, "global ranking should give unequal layer densities: " + global.summary());
        for (LayerStats s : local.layers()) {
            assertEquals(Math.round(0.1 * s.paramCount()), s.nonzeroCount(), s.id() + " local density");
        }
    }

    @Test
    void floorPreventsCollapseOfALayerWhoseWeightsAreAllTiny() {
        MultiLayerNetwork net = TestNets.mlp(5, 64, 32);
        net.getParam("1_W").muli(1e-6);   // layer1 would be removed entirely by global magnitude ranking
        MultiLayerNetwork noFloor = net.clone();
        PruningReport collapsed = new PruningListener(PruningConfig.builder().schedule(new OneShotSchedule(0, 0.1))
                .build()).prune(noFloor, 0.1);
        // without a floor the layer collapses to the one weight global ranking always keeps per tensor (it kept 0
        // before global ranking got that minimum, which made the network's output constant)
        assertEquals(1, stats(collapsed, "layer1_W").nonzeroCount(), "without a floor the layer collapses");

        PruningReport guarded = new PruningListener(PruningConfig.builder().schedule(new OneShotSchedule(0, 0.1))
                .minLayerDensity(0.05).build()).prune(net, 0.1);
        LayerStats l1 = stats(guarded, "layer1_W");
        assertEquals((long) Math.ceil(0.05 * l1.paramCount()), l1.nonzeroCount(), "floor keeps 5% of layer1");
        assertEquals(Math.round(0.1 * guarded.paramCount()), guarded.nonzeroCount(), "total still on target");
        for (LayerStats s : guarded.layers()) {
            assertTrue(s.density() >= 0.05 - 1e-9, s.id() + " below the floor: " + s.density());
        }
    }

    @Test
    void sameSeedGivesIdenticalMasks() {
        INDArray[] masks = new INDArray[2];
        for (int i = 0; i < 2; i++) {
            MultiLayerNetwork net = TestNets.mlp(11, 32);
            PruningListener l = new PruningListener(PruningConfig.builder()
                    .schedule(new IterativeSchedule(1, 0.5, 1, 0.1)).build());
            net.addListeners(l);
            net.fit(TestNets.data().trainIterator(100, 11), 4);
            masks[i] = l.state().orElseThrow().mask().dup();
        }
        assertEquals(masks[0], masks[1]);
        assertNotEquals(masks[0].sumNumber().longValue(), masks[0].length(), "something was pruned");
    }

    @Test
    void iterativeScheduleWalksTheDensitiesAndLandsOnTarget() {
        MultiLayerNetwork net = TestNets.mlp(13, 32);
        PruningListener l = new PruningListener(PruningConfig.builder()
                .schedule(new IterativeSchedule(1, 0.5, 1, 0.2)).build());
        net.addListeners(l);
        net.fit(TestNets.data().trainIterator(200, 13), 5);
        List<PruningReport> h = l.state().orElseThrow().history();
        assertEquals(3, h.size(), "0.5, 0.25, then 0.2");
        double[] want = {0.5, 0.25, 0.2};
        for (int i = 0; i < 3; i++) {
            assertEquals(want[i], h.get(i).targetDensity(), 0.0);
            assertEquals(Math.round(want[i] * h.get(i).paramCount()), h.get(i).nonzeroCount());
            assertEquals(i + 1, h.get(i).epochsCompleted(), "round " + (i + 1) + " starts epoch " + (i + 1));
        }
    }

    private static int iterationCount(Model m) {
        return m instanceof MultiLayerNetwork mln ? mln.getIterationCount()
                : ((ComputationGraph) m).getConfiguration().getIterationCount();
    }

    private static LayerStats stats(PruningReport r, String id) {
        return r.layers().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void rejectsNanWeightsAtPruneTime() {
        MultiLayerNetwork net = TestNets.mlp(1, 16);
        net.getParam("1_W").putScalar(3, Double.NaN);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new OneShotSchedule(0, 0.5)).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.prune(net, 0.5));
        assertTrue(e.getMessage().contains("layer1_W") && e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void bindsToOneNetworkOnly() {
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new OneShotSchedule(0, 0.5)).build());
        l.bind(TestNets.mlp(1, 8));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> l.bind(TestNets.mlp(1, 8)));
        assertTrue(e.getMessage().contains("one PruningListener per network"), e.getMessage());
    }
}
