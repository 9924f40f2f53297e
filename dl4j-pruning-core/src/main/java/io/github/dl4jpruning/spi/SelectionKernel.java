package io.github.dl4jpruning.spi;

import java.util.OptionalLong;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Exact order statistic of a score vector: the value of the {@code k}-th smallest element.
 *
 * <p>Call order: the engine asks every provider found by {@link java.util.ServiceLoader} (plus the built-in
 * ones) whether it {@link #supports} the array, picks the supporting one with the highest
 * {@link #priority()}, then calls {@link #kthSmallest}, {@link #select} or {@link #writeKeepMask} once per
 * ranking. Implementations are thread-safe (several rankings may run at once; a kernel may use threads of its
 * own inside a call), must return exactly the value a full sort would give, and must not modify the array or
 * copy the whole of it to the Java heap.
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
     * Returns the {@code k}-th smallest value with the number of elements below it and equal to it (as
     * numbers: {@code -0.0 == 0.0}), which the tie-breaking mask needs. The default counts with two ND4J
     * reductions; a kernel that sees every element anyway can count on the way.
     *
     * @param scores a rank-1 array without NaN, not modified
     * @param k the rank, in [1, length]
     * @return the value and the counts
     */
    default Selection select(INDArray scores, long k) {
        double t = kthSmallest(scores, k);
        long below = Nd4j.getExecutioner().exec(new MatchCondition(scores, Conditions.lessThan(t))).getLong(0);
        long atMost = Nd4j.getExecutioner().exec(new MatchCondition(scores, Conditions.lessThanOrEqual(t)))
                .getLong(0);
        return new Selection(t, below, atMost - below);
    }

    /**
     * Optionally finds the index just after the {@code need}-th element equal to {@code t} (as numbers), in
     * index order: the end of the ties that the keep-mask prunes. Kernels that can scan the buffer directly
     * do it here; the default declines and the engine counts ties per chunk with ND4J reductions.
     *
     * @param scores the array passed to {@link #select}
     * @param t the selected value
     * @param need how many elements equal to {@code t} to pass, at least 1
     * @return the index, or empty to let the engine find it
     */
    default OptionalLong indexAfterTies(INDArray scores, double t, long need) {
        return OptionalLong.empty();
    }

    /**
     * Optionally writes the keep mask that prunes the {@code prune} lowest scores (ties by lowest index first) into
     * {@code into}, in the pass that selects the threshold: {@code 1} where kept, {@code 0} where pruned. A kernel
     * that can do it in fewer passes than {@link #select} plus a mask pass does it here; the default declines.
     *
     * @param scores the scores, as passed to {@link #supports}; not modified
     * @param prune how many to prune, in [1, length]
     * @param into the mask, of the scores' length (not a view of them); its contents are undefined if this declines
     * @return true if the mask was written; false to let the caller build it from {@link #select}
     */
    default boolean writeKeepMask(INDArray scores, long prune, INDArray into) {
        return false;
    }

    /**
     * An order statistic and its rank information.
     *
     * @param value the {@code k}-th smallest value
     * @param below number of elements strictly smaller than {@code value}
     * @param equal number of elements equal to {@code value} (at least 1)
     */
    record Selection(double value, long below, long equal) {
    }

    /**
     * A short name for logs and benchmark output.
     *
     * @return the name
     */
    String name();
}
