package io.github.dl4jpruning.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
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

    @Test
    void writesIntoTheCallersArrayAsIntoANewOne() {
        INDArray s = Nd4j.createFromArray(0.5f, 0.3f, 0.1f, 0.3f, 0.3f, 0.9f);
        INDArray into = Nd4j.valueArrayOf(new long[] {6}, 7f);
        assertSame(into, ThresholdSelector.keepMask(s, 3, into));
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 1}, into.toFloatVector(), 0f);
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, ThresholdSelector.keepMask(s, 6, into).toFloatVector(), 0f);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0}, ThresholdSelector.keepMask(s, 0, into).toFloatVector(), 0f);
        assertEquals("into (Rank: 1, DataType: FLOAT, Offset: 0, Order: c, Shape: [5],  Stride: [1]) must be a rank-1 "
                + "FLOAT array of the scores' length (6)", assertThrows(IllegalArgumentException.class,
                        () -> ThresholdSelector.keepMask(s, 3, Nd4j.zeros(DataType.FLOAT, 5))).getMessage());
    }

    @Test
    void floorsGiveTheSameMasksWithAScratchArray() {
        Random r = new Random(2);
        float[] v = new float[3_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i < 1_000 ? r.nextFloat() * 0.1f : r.nextFloat();   // the first segment would fall below its floor
        }
        INDArray s = Nd4j.createFromArray(v);
        long[] lengths = {1_000, 2_000};
        long[] floors = {300, 1};
        ThresholdSelector.Floored plain = ThresholdSelector.keepWithFloors(s, lengths, floors, 900);
        ThresholdSelector.Floored scratch = ThresholdSelector.keepWithFloors(s, lengths, floors, 900,
                Nd4j.createUninitialized(DataType.FLOAT, 3_000));
        assertArrayEquals(new boolean[] {true, false}, plain.floorEngaged());
        assertArrayEquals(plain.floorEngaged(), scratch.floorEngaged());
        for (int i = 0; i < lengths.length; i++) {
            assertEquals(plain.keep()[i], scratch.keep()[i], "segment " + i);
        }
        assertEquals(300, plain.keep()[0].sumNumber().longValue());
        assertEquals(600, plain.keep()[1].sumNumber().longValue());
    }
}
