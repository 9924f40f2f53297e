package io.github.dl4jpruning.cuda;

import io.github.dl4jpruning.spi.SelectionKernel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Exact k-th smallest of a float array by bisection over the 2^32 sortable keys of IEEE floats: 32 device-side
 * counts ({@code x <= t}, exact comparisons), each returning one scalar, and no sort, copy or host read of the
 * array. On a GPU each count is one fast reduction, so the selection costs 32 passes over device memory without
 * the temporary buffers of a sort. Supports FLOAT arrays under the CUDA backend (priority 50); on the CPU core's
 * radix select is faster.
 */
public final class BisectionSelectionKernel implements SelectionKernel {

    /** Creates the kernel (ServiceLoader constructor). */
    public BisectionSelectionKernel() {
    }

    @Override
    public boolean supports(INDArray scores) {
        return CudaMaskKernels.cudaBackendActive() && scores.dataType() == DataType.FLOAT && scores.rank() == 1;
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public double kthSmallest(INDArray scores, long k) {
        if (k < 1 || k > scores.length()) {
            throw new IllegalArgumentException("k (" + k + ") must be in [1, " + scores.length() + "]");
        }
        long lo = 0;                      // smallest key whose count(x <= value(key)) >= k lies in [lo, hi]
        long hi = 0xFFFFFFFFL;
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (countAtMost(scores, value(mid)) >= k) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return value(lo);
    }

    private static long countAtMost(INDArray scores, float t) {
        return Nd4j.getExecutioner().exec(new MatchCondition(scores, Conditions.lessThanOrEqual(t))).getLong(0);
    }

    /**
     * The float with a sortable key: keys order floats as numbers ({@code -0.0} just below {@code +0.0}); keys
     * of NaN patterns map to values above +Infinity or below -Infinity and are never selected for NaN-free input.
     *
     * @param key an unsigned 32-bit key
     * @return the float
     */
    static float value(long key) {
        int k = (int) key;
        int bits = k < 0 ? k ^ 0x80000000 : ~k;
        return Float.intBitsToFloat(bits);
    }

    /**
     * The sortable key of a float (inverse of {@link #value}).
     *
     * @param f a float
     * @return the unsigned 32-bit key
     */
    static long key(float f) {
        int b = Float.floatToRawIntBits(f);
        return (b ^ ((b >> 31) | 0x80000000)) & 0xFFFFFFFFL;
    }

    @Override
    public String name() {
        return "device-bisection";
    }
}
