package io.github.dl4jpruning.graph;

import static io.github.dl4jpruning.graph.GraphAssertions.graph;
import static io.github.dl4jpruning.graph.GraphAssertions.group;
import static io.github.dl4jpruning.graph.GraphAssertions.member;
import static io.github.dl4jpruning.graph.GraphAssertions.members;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;

/** Golden dependency graphs of recurrent layers: LSTM and SimpleRnn hidden units, their gate blocks, their stops. */
class RecurrentGraphTest {

    @Test
    void anLstmUnitOwnsOneColumnOfEveryGateBlockAndItsRecurrentRow() {
        DependencyGraph g = graph(RecurrentNets.lstmStack(Activation.TANH));
        assertEquals(List.of("layer0", "layer1"), g.groups().stream().map(DependencyGroup::name).toList());
        DependencyGroup a = group(g, "layer0");
        assertTrue(a.prunable(), a.reason());
        assertTrue(a.dense());
        assertEquals(16, a.units());
        assertEquals("layer0_RW@0:C/1 layer0_RW@1:P/4 layer0_W@1:P/4 layer0_b@0:M/4 layer1_W@0:C/1", members(a));
        assertArrayEquals(new int[] {3, 19, 35, 51}, java.util.Arrays.copyOfRange(member(a, "layer0", "W", 1).rows(),
                12, 16), "unit 3: column 3 of each of the four gate blocks");
        assertArrayEquals(new int[] {3, 19, 35, 51}, java.util.Arrays.copyOfRange(member(a, "layer0", "RW", 1)
                .rows(), 12, 16));
        assertEquals(3, member(a, "layer0", "RW", 0).rows()[3]);
        DependencyGroup b = group(g, "layer1");
        assertTrue(b.prunable(), b.reason());
        assertEquals(12, b.units());
        assertEquals("layer1_RW@0:C/1 layer1_RW@1:P/4 layer1_W@1:P/4 layer1_b@0:M/4 layer2_W@0:C/1", members(b));
    }

    @Test
    void aSimpleRnnUnitIsFollowedThroughTheRnnToFeedForwardPreprocessor() {
        DependencyGraph g = graph(RecurrentNets.simpleRnn());
        DependencyGroup r = group(g, "layer0");
        assertTrue(r.prunable(), r.reason());
        assertEquals(10, r.units());
        assertEquals("layer0_RW@0:C/1 layer0_RW@1:P/1 layer0_W@1:P/1 layer0_b@0:M/1 layer1_W@0:C/1", members(r));
        assertTrue(group(g, "layer1").prunable(), group(g, "layer1").reason());
        assertEquals("layer1_W@1:P/1 layer1_b@0:M/1 layer2_W@0:C/1", members(group(g, "layer1")));
    }

    @Test
    void aLastTimeStepWrapperProducesAndReadsTheUnitsOfTheLstmItWraps() {
        DependencyGraph g = graph(RecurrentNets.lastTimeStep());
        assertEquals("a_RW@0:C/1 a_RW@1:P/4 a_W@1:P/4 a_b@0:M/4 b_W@0:C/1", members(group(g, "a")));
        assertEquals("b_RW@0:C/1 b_RW@1:P/4 b_W@1:P/4 b_b@0:M/4 d_W@0:C/1", members(group(g, "b")));
        assertTrue(group(g, "a").prunable() && group(g, "b").prunable() && group(g, "d").prunable(), g.describe());
    }

    @Test
    void anLstmWhoseActivationDoesNotMapZeroToZeroIsKeptAndTheReasonNamesIt() {
        DependencyGraph g = graph(RecurrentNets.lstmStack(Activation.SIGMOID));
        DependencyGroup a = group(g, "layer0");
        assertFalse(a.prunable());
        assertTrue(a.reason().startsWith("layer \"layer0\" (LSTM) has an activation (sigmoid) that maps 0 to 0.5"),
                a.reason());
        assertTrue(group(g, "layer1").prunable(), "the next LSTM still is");
    }

    @Test
    void gravesLstmAndBidirectionalLayersAreKeptWithTheirReason() {
        DependencyGraph graves = graph(RecurrentNets.graves());
        DependencyGroup g = group(graves, "layer0");
        assertFalse(g.prunable());
        assertTrue(g.reason().startsWith("layer \"layer0\" (GravesLSTM) has peephole connections"), g.reason());
        DependencyGroup norm = group(graph(RecurrentNets.layerNormRnn()), "layer0");
        assertFalse(norm.prunable());
        assertEquals("layer \"layer0\" (SimpleRnn) normalizes over all its units (layer normalization)",
                norm.reason());
        DependencyGraph bi = graph(RecurrentNets.bidirectional());
        DependencyGroup next = group(bi, "layer1");
        assertTrue(next.prunable(), next.reason());
        assertTrue(bi.entries().stream().anyMatch(e -> e.slice().layer().equals("layer1") && e.axis() == 0),
                "the LSTM after the Bidirectional layer reads pinned channels");
        assertEquals(1, bi.groups().size(), bi.describe());
    }
}
