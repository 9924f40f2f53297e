package io.github.dl4jpruning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link ThinNet#release}: the activations of a layer-by-layer pass are freed at once, each buffer once, while the
 * input batch, the array it is a view of, and views of kept arrays stay usable.
 */
class ThinNetReleaseTest {

    @Test
    void freesEachActivationOnceAndLeavesTheInputAlone() {
        INDArray all = Nd4j.rand(DataType.FLOAT, 10, 12);
        INDArray batch = all.get(NDArrayIndex.interval(0, 4), NDArrayIndex.all());
        INDArray reshaped = batch.reshape(4, 3, 4);          // a preprocessor's output: the input's memory
        INDArray a = Nd4j.rand(DataType.FLOAT, 4, 5);
        INDArray b = Nd4j.rand(DataType.FLOAT, 4, 5);
        INDArray bAgain = b;                                 // a vertex that passes its input on
        INDArray viewOfA = a.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2));
        ThinNet.release(Arrays.asList(reshaped, a, b, bAgain, viewOfA, null), batch);
        assertTrue(a.wasClosed());
        assertTrue(b.wasClosed());
        assertFalse(batch.wasClosed());
        assertFalse(all.wasClosed());
        assertEquals(all.getFloat(0, 0), reshaped.getFloat(0, 0, 0), 0f, "the input's memory is intact");
        assertEquals(all.sumNumber().doubleValue(), all.dup().sumNumber().doubleValue(), 0.0);
    }
}
