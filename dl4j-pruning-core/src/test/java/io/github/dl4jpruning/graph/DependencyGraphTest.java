package io.github.dl4jpruning.graph;

import static io.github.dl4jpruning.graph.GraphAssertions.graph;
import static io.github.dl4jpruning.graph.GraphAssertions.group;
import static io.github.dl4jpruning.graph.GraphAssertions.members;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Golden dependency graphs: groups, their units, members and stops, one graph per vertex and layer kind. */
class DependencyGraphTest {

    @Test
    void aResidualBlockWithAnIdentityShortcutTiesTheBlocksOutputToItsInput() {
        DependencyGraph g = graph(GoldenGraphs.residual());
        assertEquals(List.of("c1+c2", "c3"), g.groups().stream().map(DependencyGroup::name).toList(),
                g.describe());
        DependencyGroup tied = group(g, "c1+c2");
        assertTrue(tied.prunable(), tied.reason());
        assertEquals(8, tied.units());
        assertEquals("bn1_beta@0:M/1 bn1_gamma@0:M/1 bn1_log10stdev@0:S/1 bn1_mean@0:S/1 c1_W@0:P/1 c1_b@0:M/1 c2_W@0:P/1 "
                + "c2_W@1:C/1 c2_b@0:M/1 c3_W@1:C/1", members(tied));
        assertFalse(tied.dense());
        assertTrue(group(g, "c3").prunable());
    }

    @Test
    void aShortcutFromTheNetworkInputPinsTheBlock() {
        DependencyGraph g = graph(GoldenGraphs.inputShortcut());
        DependencyGroup c1 = group(g, "c1");
        assertFalse(c1.prunable());
        assertTrue(c1.reason().contains("add"), c1.reason());
        assertTrue(group(g, "c2").prunable());
    }

    @Test
    void aConcatenationGivesEveryInputItsOffsetInTheConsumer() {
        DependencyGraph g = graph(GoldenGraphs.concat());
        DependencyGroup a = group(g, "a");
        DependencyGroup b = group(g, "b");
        assertTrue(a.prunable() && b.prunable(), g.describe());
        DependencyGroup.Member aInC = a.members().stream().filter(m -> m.entry().slice().layer().equals("c")).findFirst()
                .orElseThrow();
        DependencyGroup.Member bInC = b.members().stream().filter(m -> m.entry().slice().layer().equals("c")).findFirst()
                .orElseThrow();
        assertArrayEquals(new int[] {0, 1, 2, 3}, aInC.rows());
        assertArrayEquals(new int[] {4, 5, 6, 7, 8}, bInC.rows());
        // d reads a through padding, pooling, upsampling and cropping; c and d are tied by the product
        assertEquals("a_W@0:P/1 a_b@0:M/1 c_W@1:C/1 d_W@1:C/1", members(a));
        assertEquals("c+d", group(g, "c+d").name());
        assertEquals(6, group(g, "c+d").units());
    }

    @Test
    void anAddOverAConcatenationTiesEachInputToItsShareOfTheOtherOperand() {
        DependencyGraph g = graph(GoldenGraphs.misaligned());
        DependencyGroup abc = group(g, "a+b+c");
        assertEquals(8, abc.units());
        DependencyGroup.Member a = abc.members().stream().filter(m -> m.entry().slice().layer().equals("a")
                && m.entry().role() == ChannelEntry.Role.PRODUCER_WEIGHT).findFirst().orElseThrow();
        DependencyGroup.Member b = abc.members().stream().filter(m -> m.entry().slice().layer().equals("b")
                && m.entry().role() == ChannelEntry.Role.PRODUCER_WEIGHT).findFirst().orElseThrow();
        assertArrayEquals(new int[] {0, 1, 2, 3, -1, -1, -1, -1}, a.rows());
        assertArrayEquals(new int[] {-1, -1, -1, -1, 0, 1, 2, 3}, b.rows());
        assertTrue(abc.prunable());
    }

    @Test
    void aSubsetReadsARangeOfItsInput() {
        DependencyGraph g = graph(GoldenGraphs.subset());
        DependencyGroup a = group(g, "a");
        DependencyGroup.Member inC = a.members().stream().filter(m -> m.entry().slice().layer().equals("c"))
                .findFirst().orElseThrow();
        assertArrayEquals(new int[] {-1, -1, 0, 1, 2, 3, -1, -1}, inC.rows());
        assertTrue(a.prunable());
    }

    @Test
    void localResponseNormalizationStopsTheDependencyAndTheReasonNamesIt() {
        DependencyGraph g = graph(GoldenGraphs.lrn());
        DependencyGroup a = group(g, "a");
        assertFalse(a.prunable());
        assertTrue(a.reason().startsWith("layer \"lrn\" (LocalResponseNormalization)"), a.reason());
        assertTrue(group(g, "b").prunable());
    }

    @Test
    void depthwiseAndSeparableConvolutionsCarryTheirInputsChannels() {
        DependencyGraph g = graph(GoldenGraphs.depthwiseAndSeparable());
        DependencyGroup a = group(g, "a");
        assertTrue(a.prunable(), a.reason());
        assertEquals("a_W@0:P/1 a_b@0:M/1 b_W@1:C/2 dw_W@2:M/1 dw_b@0:M/2", members(a));
        assertEquals("b_W@0:P/1 b_b@0:M/1 sep_W@1:M/1 sep_pW@1:C/2", members(group(g, "b")));
        assertEquals("c_W@1:C/1 sep_b@0:M/1 sep_pW@0:P/1", members(group(g, "sep")));
    }

    @Test
    void deconvolutionFlattenAndOneDimensionalConvolution() {
        DependencyGraph de = graph(GoldenGraphs.deconvolution());
        assertEquals("a_W@0:P/1 a_b@0:M/1 de_W@0:C/1", members(group(de, "a")));
        assertEquals("b_W@1:C/1 de_W@1:P/1 de_b@0:M/1", members(group(de, "de")));
        // DL4J M2.1 convolves 1-D with W's memory read as [k, nIn, nOut] although it stores [nOut, nIn, k, 1]:
        // W is described as read, output channels along axis 2, input channels along axis 1
        DependencyGraph c1 = graph(GoldenGraphs.conv1d());
        assertEquals(List.of("a", "b"), c1.groups().stream().map(DependencyGroup::name).toList(), c1.describe());
        assertTrue(group(c1, "a").prunable(), group(c1, "a").reason());
        assertEquals("a_W@2:P/1 a_b@0:M/1 b_W@1:C/1", members(group(c1, "a")));
        assertEquals("b_W@2:P/1 b_b@0:M/1 out_W@0:C/1", members(group(c1, "b")));
        assertArrayEquals(new long[] {3, 6, 5}, group(c1, "b").members().stream()
                .filter(m -> m.entry().slice().key().equals("W") && m.entry().slice().layer().equals("b"))
                .findFirst().orElseThrow().entry().slice().shape(), "b's W as read: [k, nIn, nOut]");
        DependencyGraph f = graph(GoldenGraphs.flatten());
        DependencyGroup a = group(f, "a");
        assertEquals("a_W@0:P/1 a_b@0:M/1 dense_W@0:C/16", members(a));
        DependencyGroup.Member rows = a.members().stream().filter(m -> m.multiplicity() == 16).findFirst().orElseThrow();
        assertEquals(16, rows.rows()[16], "channel-major flatten: unit 1 starts at row 16");
        assertEquals("dense_W@1:P/1 dense_b@0:M/1 out_W@0:C/1", members(group(f, "dense")));
    }

    @Test
    void threeDimensionalConvolutionsPoolingAndFlatten() {
        DependencyGraph g = graph(GoldenGraphs.conv3d());
        assertEquals(List.of("a", "b", "dense"), g.groups().stream().map(DependencyGroup::name).toList(),
                g.describe());
        assertEquals("a_W@0:P/1 a_b@0:M/1 b_W@1:C/1", members(group(g, "a")));
        DependencyGroup b = group(g, "b");
        assertTrue(b.prunable(), b.reason());
        assertEquals(5, b.units());
        assertEquals("b_W@0:P/1 b_b@0:M/1 dense_W@0:C/8", members(b));
        DependencyGroup.Member rows = b.members().stream().filter(m -> m.multiplicity() == 8).findFirst().orElseThrow();
        assertEquals(8, rows.rows()[8], "channel-major NCDHW flatten: unit 1 starts at row 8");
        assertEquals("dense_W@1:P/1 dense_b@0:M/1 out_W@0:C/1", members(group(g, "dense")));
    }

    @Test
    void channelsThatReachANetworkOutputAreKept() {
        Map<String, String> kept = new TreeMap<>();
        for (DependencyGroup x : graph(GoldenGraphs.hiddenOutput()).groups()) {
            kept.put(x.name(), x.prunable() ? "prunable" : x.reason());
        }
        assertEquals(Map.of("a", "prunable", "b", "the channels reach the network output \"b\""), kept);
    }
}
