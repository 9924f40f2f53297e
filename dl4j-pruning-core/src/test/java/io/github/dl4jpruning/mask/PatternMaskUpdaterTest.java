package io.github.dl4jpruning.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.testing.TestNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** N:M and block patterns: the pattern holds in every group / tile, densities are exact, bad sizes are errors. */
class PatternMaskUpdaterTest {

    @Test
    void twoOfFourHoldsInEveryGroupAndKeepsTheLargest() {
        MultiLayerNetwork net = TestNets.mlp(4, 32);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).nm(2, 4).build());
        INDArray before = net.params().dup();
        l.prune(net, 0.5);
        MaskState s = l.state().orElseThrow();
        for (PrunableParam p : s.params()) {
            INDArray groups = MaskState.segment(s.mask(), p).reshape('c', new long[] {p.length() / 4, 4});
            INDArray perGroup = groups.sum(1);
            assertEquals(2.0, perGroup.minNumber().doubleValue(), 0.0, p.id());
            assertEquals(2.0, perGroup.maxNumber().doubleValue(), 0.0, p.id());
            // golden check on the first group: the two largest |w| are the kept ones
            float[] w = Transforms.abs(MaskState.segment(before, p), true).get(
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4)).toFloatVector();
            float[] k = groups.getRow(0).toFloatVector();
            float minKept = Float.MAX_VALUE;
            float maxPruned = -1;
            for (int i = 0; i < 4; i++) {
                if (k[i] == 1f) {
                    minKept = Math.min(minKept, w[i]);
                } else {
                    maxPruned = Math.max(maxPruned, w[i]);
                }
            }
            assertTrue(minKept >= maxPruned, p.id() + ": kept " + minKept + " < pruned " + maxPruned);
        }
        assertEquals(0.5, l.report(net).density(), 0.0);
        net.addListeners(l);
        net.fit(TestNets.data().trainIterator(100, 1));
        assertEquals(0, TestNets.revivedCount(net.params(), s.mask()));
    }

    @Test
    void nmRejectsBadSizes() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PruningConfig.builder().nm(4, 4)).getMessage()
                .startsWith("n (4) and m (4) must satisfy 1 <= n < m"));
        MultiLayerNetwork odd = TestNets.mlp(4, 30);     // the output layer's columns hold 30 weights
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).nm(2, 4).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.prune(odd, 0.5));
        assertTrue(e.getMessage().startsWith("m (4) must divide the input dimension of layer1_W (30 consecutive weights "
                + "per column)"), e.getMessage());
    }

    @Test
    void blocksPruneWholeTilesToTheTarget() {
        MultiLayerNetwork net = TestNets.mlp(4, 32, 16);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).blocks(2)
                .scope(Scope.LOCAL).build());
        l.prune(net, 0.25);
        MaskState s = l.state().orElseThrow();
        for (PrunableParam p : s.params()) {
            long[] sh = p.shape();
            INDArray m = s.maskOf(p);
            long tilesKept = 0;
            for (int r = 0; r < sh[0]; r += 2) {
                for (int c = 0; c < sh[1]; c += 2) {
                    double sum = m.getDouble(r, c) + m.getDouble(r + 1, c) + m.getDouble(r, c + 1) + m.getDouble(r + 1, c + 1);
                    assertTrue(sum == 0.0 || sum == 4.0, p.id() + " tile (" + r + ", " + c + ") is partly pruned");
                    tilesKept += sum == 4.0 ? 1 : 0;
                }
            }
            assertEquals(Math.round(0.25 * sh[0] * sh[1] / 4), tilesKept, p.id());
        }
        net.addListeners(l);
        net.fit(TestNets.data().trainIterator(100, 1));
        assertEquals(0, TestNets.revivedCount(net.params(), s.mask()));
    }

    @Test
    void globalBlocksHoldAFloorAndStillKeepExactlyTheTarget() {
        MultiLayerNetwork net = TestNets.mlp(4, 32, 16);
        net.getLayer(1).getParam("W").muli(1e-3);          // the joint ranking would empty layer1
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).blocks(2)
                .scope(Scope.GLOBAL).minLayerDensity(0.2).build());
        l.prune(net, 0.25);
        MaskState s = l.state().orElseThrow();
        long totalTiles = 0;
        long totalKept = 0;
        for (PrunableParam p : s.params()) {
            long[] sh = p.shape();
            long tiles = sh[0] * sh[1] / 4;
            long kept = s.maskOf(p).sumNumber().longValue() / 4;
            totalTiles += tiles;
            totalKept += kept;
            if (p.layerName().equals("layer1")) {
                assertEquals((long) Math.ceil(0.2 * tiles), kept, "layer1 is held exactly at its floor");
            } else {
                assertTrue(kept >= Math.ceil(0.2 * tiles), p.id() + " keeps " + kept + " of " + tiles);
            }
        }
        assertEquals(Math.round(0.25 * totalTiles), totalKept, "the floor's tiles come out of the other layers");
    }

    @Test
    void blocksRejectSizesThatDoNotDivideAndConfigsValidate() {
        MultiLayerNetwork net = TestNets.mlp(4, 32);       // output layer W [32, 10]: 10 % 4 != 0
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).blocks(4).build());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> l.prune(net, 0.5)).getMessage()
                .startsWith("blockSize (4) must divide both dimensions of the 2-D weight matrix layer1_W [32, 10]"));
        assertEquals("blockSize (1) must be >= 2", assertThrows(IllegalArgumentException.class,
                () -> PruningConfig.builder().blocks(1)).getMessage());
        PruningConfig b = PruningConfig.builder().schedule(new ConstantSchedule()).blocks(8).build();
        PruningConfig nm = PruningConfig.builder().schedule(new ConstantSchedule()).nm(1, 4).build();
        assertEquals(b, PruningConfig.fromJson(b.toJson()));
        assertEquals(nm, PruningConfig.fromJson(nm.toJson()));
        assertEquals(Granularity.N_M, PruningConfig.fromJson(nm.toJson()).granularity().kind());
        String broken = nm.toJson().replace("\"granularity\" : \"N_M\"", "\"granularity\" : \"UNSTRUCTURED\"");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PruningConfig.fromJson(broken)).getMessage()
                .contains("n (1) and m (4) must satisfy 1 <= n < m with granularity N_M and be unset otherwise"));
        assertEquals(DataType.FLOAT, net.params().dataType());
    }
}
