package io.github.dl4jpruning.structured;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.criterion.GroupScore;
import io.github.dl4jpruning.config.GranularitySpec;
import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.testing.TestNets;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class GroupLassoTest {

    @Test
    void gradientIsStrengthTimesTheUnitDirection() {
        MultiLayerNetwork net = TestNets.mlp(2, 3);
        List<io.github.dl4jpruning.graph.DependencyGroup> layers = GroupSelection.of(NetworkAdapter.of(net),
                Granularity.NEURON);
        INDArray w = net.getLayer(0).getParam("W");
        w.assign(0);
        w.putScalar(0, 0, 3f);                 // unit 0: (3, 4, 0, ...) -> norm 5
        w.putScalar(1, 0, 4f);
        w.putScalar(0, 2, 2f);                 // unit 2: norm 2; unit 1: all zero
        INDArray grads = Nd4j.zeros(net.params().dataType(), net.numParams());
        GroupLasso.addGradient(net.params(), grads, layers, 0.5);
        INDArray g = layers.get(0).members(io.github.dl4jpruning.graph.ChannelEntry.Role.PRODUCER_WEIGHT).get(0).entry()
                .slice().view(grads);
        // golden by hand: 0.5 * w / ||w||
        assertEquals(0.3, g.getDouble(0, 0), 1e-7);
        assertEquals(0.4, g.getDouble(1, 0), 1e-7);
        assertEquals(0.5, g.getDouble(0, 2), 1e-7);
        assertEquals(0.0, g.getColumn(1).amaxNumber().doubleValue(), 0.0, "a zero unit gets no push");
    }

    /**
     * The residual golden graph: c1 and c2 are tied by the add, so a unit's norm is taken over both filters; c3 is a
     * group of its own.
     */
    @Test
    void tiedProducersShareOneNormPerUnit() {
        org.deeplearning4j.nn.graph.ComputationGraph g = io.github.dl4jpruning.graph.GoldenGraphs.residual();
        List<io.github.dl4jpruning.graph.DependencyGroup> groups = GroupSelection.of(NetworkAdapter.of(g),
                Granularity.FILTER);
        assertEquals(List.of("c1+c2", "c3"), groups.stream().map(io.github.dl4jpruning.graph.DependencyGroup::name)
                .toList());
        INDArray c1 = g.getLayer("c1").getParam("W").assign(0);
        INDArray c2 = g.getLayer("c2").getParam("W").assign(0);
        c1.putScalar(new long[] {0, 0, 0, 0}, 3f);     // unit 0: (3 in c1, 4 in c2) -> one norm 5
        c2.putScalar(new long[] {0, 1, 1, 1}, 4f);
        c2.putScalar(new long[] {1, 2, 0, 0}, 2f);     // unit 1: zero in c1, 2 in c2 -> norm 2
        INDArray c3 = g.getLayer("c3").getParam("W");
        INDArray grads = Nd4j.zeros(g.params().dataType(), g.numParams());
        GroupLasso.addGradient(g.params(), grads, groups, 0.5);
        org.deeplearning4j.nn.graph.ComputationGraph shaped = g.clone();
        shaped.setParams(grads.reshape(1, grads.length()));
        INDArray g1 = shaped.getLayer("c1").getParam("W");
        INDArray g2 = shaped.getLayer("c2").getParam("W");
        // golden by hand: 0.5 * w / ||w_u||, the norm over c1's and c2's filter u together
        assertEquals(0.3, g1.getDouble(0, 0, 0, 0), 1e-7);
        assertEquals(0.4, g2.getDouble(0, 1, 1, 1), 1e-7);
        assertEquals(0.5, g2.getDouble(1, 2, 0, 0), 1e-7);
        assertEquals(0.3, Transforms.abs(g1, true).sumNumber().doubleValue(), 1e-6, "c1: 0.3 at unit 0, nothing else");
        assertEquals(0.9, Transforms.abs(g2, true).sumNumber().doubleValue(), 1e-6, "c2: 0.4 + 0.5, nothing else");
        // c3 alone: every filter pushed along itself with strength 0.5
        INDArray w3 = c3.dup('c').reshape('c', c3.size(0), c3.length() / c3.size(0));
        INDArray g3 = shaped.getLayer("c3").getParam("W").dup('c').reshape('c', w3.shape());
        for (int u = 0; u < w3.rows(); u++) {
            INDArray expected = w3.getRow(u).div(w3.getRow(u).norm2Number()).muli(0.5);
            assertTrue(expected.equalsWithEps(g3.getRow(u), 1e-6), "c3 filter " + u);
        }
    }

    @Test
    void groupLassoShrinksUnitsAndNeedsAStructuredGranularity() {
        double strong = meanUnitNorm(1.0);
        double weak = meanUnitNorm(0.1);
        double without = meanUnitNorm(0.0);
        // measured: 1.268 (1.0), 1.436 (0); Adam caps every weight's step at about the learning rate, so 30
        // iterations can only shrink so much: the test asserts the direction and the ordering
        assertTrue(strong < 0.95 * without && strong < weak && weak < without,
                "mean unit norms: " + strong + " (1.0), " + weak + " (0.1), " + without + " (0)");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PruningConfig.builder()
                .schedule(new ConstantSchedule()).groupLasso(1e-3).build()).getMessage()
                .startsWith("groupLasso (0.001) needs a structured granularity"));
        assertEquals("groupLasso (-1.0) must be finite and >= 0", assertThrows(IllegalArgumentException.class,
                () -> PruningConfig.builder().groupLasso(-1)).getMessage());
        PruningConfig c = PruningConfig.builder().schedule(new ConstantSchedule()).granularity(Granularity.FILTER)
                .groupScore(GroupScore.L1).groupLasso(1e-4).build();
        assertEquals(c, PruningConfig.fromJson(c.toJson()));
        assertArrayEquals(new Object[] {Granularity.FILTER, GroupScore.L1, 1e-4},
                new Object[] {PruningConfig.fromJson(c.toJson()).granularity().kind(),
                        ((GranularitySpec.Units) c.granularity()).score(), ((GranularitySpec.Units) c.granularity()).groupLasso()});
    }

    private static double meanUnitNorm(double lasso) {
        MultiLayerNetwork net = TestNets.mlp(8, 32);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .granularity(Granularity.NEURON).groupLasso(lasso).build());
        net.addListeners(l);
        net.fit(TestNets.data().trainIterator(100, 1), 3);
        return net.getLayer(0).getParam("W").norm2(0).meanNumber().doubleValue();
    }
}
