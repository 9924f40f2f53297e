package io.github.dl4jpruning.mask;

import io.github.dl4jpruning.internal.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Exact selection of the {@code k} lowest scores, on the device.
 *
 * <p>The {@code k}-th smallest score {@code t} comes from the best {@link
 * io.github.dl4jpruning.spi.SelectionKernel} for the array (an {@code O(n)} radix select over the buffer on
 * the CPU backend, a device sort elsewhere); it is the only scalar that leaves the device. Every score below {@code t} is pruned; among the scores equal to {@code t}, the ones with
 * the lowest index are pruned until exactly {@code k} are, using a cumulative sum over the tie indicator.
 * The result is therefore deterministic and removes exactly {@code k} entries even with many ties
 * (e.g. weights that are already zero).
 */
public final class ThresholdSelector {

    private ThresholdSelector() {
    }

    /**
     * Computes a keep-mask that removes exactly the {@code length - keep} lowest scores.
     *
     * @param scores rank-1 scores (not modified), no NaN
     * @param keep number of entries to keep, in [0, length]
     * @return a new rank-1 array of the scores' data type, 1 where kept and 0 where pruned
     * @throws IllegalArgumentException if {@code keep} is out of range or {@code scores} is not rank 1
     */
    public static INDArray keepMask(INDArray scores, long keep) {
        if (scores.rank() != 1) {
            throw new IllegalArgumentException("scores rank (" + scores.rank() + ") must be 1");
        }
        long m = scores.length();
        if (keep < 0 || keep > m) {
            throw new IllegalArgumentException("keep (" + keep + ") must be in [0, " + m + "]");
        }
        DataType dt = scores.dataType();
        long prune = m - keep;
        if (prune == 0) {
            return Nd4j.ones(dt, m);
        }
        if (prune == m) {
            return Nd4j.zeros(dt, m);
        }
        double t = kthSmallest(scores, prune);
        long below = count(scores, t);
        long ties = prune - below;
        INDArray pruned = scores.lt(t).castTo(DataType.DOUBLE);
        if (ties > 0) {
            INDArray eq = scores.eq(t).castTo(DataType.DOUBLE);
            INDArray rank = eq.cumsum(0);
            pruned.addi(eq.muli(rank.lte(ties).castTo(DataType.DOUBLE)));
        }
        return pruned.rsubi(1.0).castTo(dt);
    }

    /**
     * Returns the {@code k}-th smallest value (1-based) of a rank-1 array.
     *
     * @param scores the values (not modified)
     * @param k rank of the value, in [1, length]
     * @return the value
     * @throws IllegalArgumentException if {@code k} is out of range
     */
    public static double kthSmallest(INDArray scores, long k) {
        if (k < 1 || k > scores.length()) {
            throw new IllegalArgumentException("k (" + k + ") must be in [1, " + scores.length() + "]");
        }
        return Kernels.selectionFor(scores).kthSmallest(scores, k);
    }

    private static long count(INDArray scores, double lessThan) {
        return Nd4j.getExecutioner().exec(new MatchCondition(scores, Conditions.lessThan(lessThan))).getLong(0);
    }
}
