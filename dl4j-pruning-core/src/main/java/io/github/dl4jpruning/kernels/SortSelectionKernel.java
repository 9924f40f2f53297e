package io.github.dl4jpruning.kernels;

import io.github.dl4jpruning.spi.SelectionKernel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Portable selection: sorts a device copy with ND4J and reads one scalar. {@code O(n log n)}; works on every
 * backend and data type.
 */
public final class SortSelectionKernel implements SelectionKernel {

    /** Creates the kernel. */
    public SortSelectionKernel() {
    }

    @Override
    public boolean supports(INDArray scores) {
        return true;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public double kthSmallest(INDArray scores, long k) {
        return Nd4j.sort(scores.dup(), true).getDouble(k - 1);
    }

    @Override
    public String name() {
        return "nd4j-sort";
    }
}
