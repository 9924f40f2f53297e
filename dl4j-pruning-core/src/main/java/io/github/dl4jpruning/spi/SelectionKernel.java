package io.github.dl4jpruning.spi;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exact order statistic of a score vector: the value of the {@code k}-th smallest element.
 *
 * <p>Call order: the engine asks every provider found by {@link java.util.ServiceLoader} (plus the built-in
 * ones) whether it {@link #supports} the array, picks the supporting one with the highest
 * {@link #priority()}, then calls {@link #kthSmallest} once per ranking. Implementations are stateless and
 * thread-safe, must return exactly the value a full sort would give, and must not modify the array or copy
 * it to the Java heap.
 */
public interface SelectionKernel {

    /**
     * Whether this kernel can handle the array (backend, data type, layout, size).
     *
     * @param scores a rank-1 array without NaN
     * @return true if {@link #kthSmallest} may be called with it
     */
    boolean supports(INDArray scores);

    /**
     * Preference among supporting kernels: higher wins. The portable sort is 0.
     *
     * @return the priority
     */
    int priority();

    /**
     * Returns the {@code k}-th smallest value (1-based).
     *
     * @param scores a rank-1 array without NaN, not modified
     * @param k the rank, in [1, length]
     * @return the value
     */
    double kthSmallest(INDArray scores, long k);

    /**
     * A short name for logs and benchmark output.
     *
     * @return the name
     */
    String name();
}
