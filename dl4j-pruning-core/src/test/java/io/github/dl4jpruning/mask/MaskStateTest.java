package io.github.dl4jpruning.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class MaskStateTest {

    private static final PrunableParam A = new PrunableParam("a", 0, "W", "DenseLayer", 0, new long[] {2, 3}, 'f');
    private static final PrunableParam B = new PrunableParam("b", 1, "W", "DenseLayer", 8, new long[] {2, 2}, 'f');

    @Test
    void rejectsEmptyOverlappingOrOutOfRangeParams() {
        assertEquals("params ([]) must hold at least one prunable parameter", assertThrows(
                IllegalArgumentException.class, () -> MaskState.allocate(List.of(), 10, DataType.FLOAT)).getMessage());
        PrunableParam overlap = new PrunableParam("c", 2, "W", "DenseLayer", 4, new long[] {3}, 'f');
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MaskState.allocate(List.of(A, overlap), 20, DataType.FLOAT)).getMessage().contains("overlaps"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MaskState.allocate(List.of(A, B), 11, DataType.FLOAT)).getMessage().contains("outside"));
    }

    @Test
    void masksAreViewsIntoOneFlatArray() {
        MaskState s = MaskState.allocate(List.of(A, B), 12, DataType.FLOAT);
        assertEquals(10, s.prunableCount());
        assertEquals(DataType.FLOAT, s.mask().dataType());
        INDArray mb = s.maskOf(B);
        assertArrayEquals(new long[] {2, 2}, mb.shape());
        mb.putScalar(1, 0, 0f);          // 'f' order: element (1,0) is flat offset 8 + 1
        assertEquals(0f, s.mask().getFloat(9), 0f);
        assertEquals(11f, s.mask().sumNumber().floatValue(), 0f);
        assertEquals(1.0, s.currentDensity(), 0.0);
        assertEquals(0, s.roundsCompleted());
    }

    @Test
    void prunableParamDescribesItself() {
        assertEquals("b_W", B.id());
        assertEquals(4, B.length());
        assertEquals("offset (-1) must be >= 0", assertThrows(IllegalArgumentException.class,
                () -> new PrunableParam("x", 0, "W", "DenseLayer", -1, new long[] {1}, 'f')).getMessage());
        long[] shape = B.shape();
        shape[0] = 99;
        assertEquals(2, B.shape()[0], "shape is copied");
    }
}
