package io.github.dl4jpruning.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ThresholdSelectorTest {

    @Test
    void rejectsBadInput() {
        INDArray s = Nd4j.createFromArray(1f, 2f, 3f);
        assertEquals("keep (4) must be in [0, 3]",
                assertThrows(IllegalArgumentException.class, () -> ThresholdSelector.keepMask(s, 4)).getMessage());
        assertEquals("keep (-1) must be in [0, 3]",
                assertThrows(IllegalArgumentException.class, () -> ThresholdSelector.keepMask(s, -1)).getMessage());
        assertEquals("scores rank (2) must be 1", assertThrows(IllegalArgumentException.class,
                () -> ThresholdSelector.keepMask(Nd4j.zeros(2, 2), 1)).getMessage());
        assertEquals("k (0) must be in [1, 3]",
                assertThrows(IllegalArgumentException.class, () -> ThresholdSelector.kthSmallest(s, 0)).getMessage());
    }

    @Test
    void tiesAtTheThresholdArePrunedLowestIndexFirst() {
        // scores 0.3 at indices 1, 3, 4: pruning 3 of 6 removes 0.1 (index 2), then 0.3 at indices 1 and 3.
        INDArray s = Nd4j.createFromArray(0.5f, 0.3f, 0.1f, 0.3f, 0.3f, 0.9f);
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 1}, ThresholdSelector.keepMask(s, 3).toFloatVector(), 0f);
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, ThresholdSelector.keepMask(s, 6).toFloatVector(), 0f);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0}, ThresholdSelector.keepMask(s, 0).toFloatVector(), 0f);
        assertEquals(0.3, ThresholdSelector.kthSmallest(s, 2), 1e-7);
    }

    @Test
    void tinyScoresAreComparedExactlyNotWithinAnEpsilon() {
        // magnitudes far below ND4J's comparison epsilon (1e-5) must still rank exactly
        INDArray s = Nd4j.createFromArray(4e-9f, 1e-9f, 3e-9f, 2e-9f, 3e-9f);
        assertArrayEquals(new float[] {1, 0, 1, 0, 1}, ThresholdSelector.keepMask(s, 3).toFloatVector(), 0f);
        assertArrayEquals(new float[] {1, 0, 0, 0, 1}, ThresholdSelector.keepMask(s, 2).toFloatVector(), 0f);
    }

    @Test
    void doubleScoresUseThePortableSortAndChunkedTieCut() {
        // DOUBLE is served by the ND4J-sort kernel, so the tie cut comes from ThresholdSelector's own counting.
        INDArray s = Nd4j.createFromArray(0.5, 0.3, 0.1, 0.3, 0.3, 0.9);
        assertEquals("nd4j-sort", io.github.dl4jpruning.kernels.Kernels.selectionFor(s).name());
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 1}, ThresholdSelector.keepMask(s, 3).toDoubleVector(), 0.0);
        assertEquals(org.nd4j.linalg.api.buffer.DataType.DOUBLE, ThresholdSelector.keepMask(s, 3).dataType());
    }

    @Test
    void allEqualScoresKeepTheHighestIndices() {
        INDArray s = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 10);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0, 1, 1, 1},
                ThresholdSelector.keepMask(s, 3).toFloatVector(), 0f);
    }

    @Test
    void keepsExactlyKOnRandomScoresWithManyTies() {
        Random r = new Random(1);
        float[] v = new float[10_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(50) / 10f;   // only 50 distinct values: heavy ties
        }
        INDArray s = Nd4j.createFromArray(v);
        for (long keep : new long[] {1, 17, 5000, 9999}) {
            INDArray m = ThresholdSelector.keepMask(s, keep);
            assertEquals(keep, m.sumNumber().longValue());
            // every kept score >= every pruned score
            double minKept = s.mul(m).add(m.rsub(1).mul(1e9)).minNumber().doubleValue();
            double maxPruned = s.mul(m.rsub(1)).add(m.mul(-1e9)).maxNumber().doubleValue();
            assertEquals(true, minKept >= maxPruned, "keep " + keep);
        }
    }
}
