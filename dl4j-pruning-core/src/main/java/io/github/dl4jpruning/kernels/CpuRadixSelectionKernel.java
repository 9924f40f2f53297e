package io.github.dl4jpruning.kernels;

import io.github.dl4jpruning.spi.SelectionKernel;
import java.nio.FloatBuffer;
import java.util.OptionalLong;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Exact selection for float32 arrays on the CPU backend in {@code O(n)}: a two-pass radix select over the
 * IEEE-754 bits, read in place through the array's direct (off-heap) buffer, with two histograms of 65,536
 * counts. Float bits are mapped to unsigned keys that sort like the floats ({@code -0.0} just below
 * {@code +0.0}, which compare equal as floats, so the value returned is the same).
 *
 * <p>Supports contiguous rank-1 float32 arrays of fewer than 2^31 elements on the CPU backend; anything else
 * falls back to {@link SortSelectionKernel}.
 */
public final class CpuRadixSelectionKernel implements SelectionKernel {

    private static final int BUCKETS = 1 << 16;

    /** Key of {@code -0.0f}: just below {@link #POS_ZERO} in key order. */
    private static final int NEG_ZERO = 0x7FFFFFFF;

    /** Key of {@code +0.0f}. */
    private static final int POS_ZERO = 0x80000000;

    /** Creates the kernel. */
    public CpuRadixSelectionKernel() {
    }

    @Override
    public boolean supports(INDArray scores) {
        return scores.dataType() == DataType.FLOAT && scores.rank() == 1 && scores.length() < Integer.MAX_VALUE
                && scores.elementWiseStride() == 1 && isCpuBackend();
    }

    private static boolean isCpuBackend() {
        return Nd4j.getBackend().getClass().getSimpleName().equals("CpuBackend");
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public double kthSmallest(INDArray scores, long k) {
        return select(scores, k).value();
    }

    /**
     * Two passes over the buffer: a histogram of the high 16 key bits, then one of the low 16 bits inside the
     * bucket holding rank {@code k}; the counts below and equal fall out of the histograms ({@code -0.0} and
     * {@code +0.0} have different keys but are equal numbers: both zero counts are kept for that case).
     */
    @Override
    public Selection select(INDArray scores, long k) {
        int n = (int) scores.length();
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k (" + k + ") must be in [1, " + n + "]");
        }
        FloatBuffer buf = scores.data().asNioFloat();
        int off = (int) scores.offset();
        long[] hist = new long[BUCKETS];
        for (int i = 0; i < n; i++) {
            hist[key(buf.get(off + i)) >>> 16]++;
        }
        long remaining = k;
        long belowKeys = 0;
        int high = 0;
        while (remaining > hist[high]) {
            remaining -= hist[high];
            belowKeys += hist[high];
            high++;
        }
        long[] low = new long[BUCKETS];
        long negZeros = 0;
        long posZeros = 0;
        for (int i = 0; i < n; i++) {
            int key = key(buf.get(off + i));
            if (key >>> 16 == high) {
                low[key & 0xFFFF]++;
            }
            if (key == NEG_ZERO) {
                negZeros++;
            } else if (key == POS_ZERO) {
                posZeros++;
            }
        }
        int lo = 0;
        while (remaining > low[lo]) {
            remaining -= low[lo];
            belowKeys += low[lo];
            lo++;
        }
        int selected = (high << 16) | lo;
        if (selected == POS_ZERO) {
            return new Selection(0.0, belowKeys - negZeros, negZeros + posZeros);
        }
        if (selected == NEG_ZERO) {
            return new Selection(0.0, belowKeys, negZeros + posZeros);
        }
        return new Selection(value(selected), belowKeys, low[lo]);
    }

    /**
     * Scans the buffer in index order for the {@code need}-th element equal to {@code t}.
     *
     * @param scores the array
     * @param t the value
     * @param need the count of equal elements to pass
     * @return the index just after it
     */
    @Override
    public OptionalLong indexAfterTies(INDArray scores, double t, long need) {
        FloatBuffer buf = scores.data().asNioFloat();
        int off = (int) scores.offset();
        int n = (int) scores.length();
        float v = (float) t;
        long seen = 0;
        for (int i = 0; i < n; i++) {
            if (buf.get(off + i) == v && ++seen == need) {
                return OptionalLong.of(i + 1);
            }
        }
        throw new IllegalStateException("only " + seen + " of " + need + " elements equal to " + t + " found");
    }

    /** Maps float bits to an int whose unsigned order is the float order. */
    static int key(float f) {
        int b = Float.floatToRawIntBits(f);
        return b ^ ((b >> 31) | 0x80000000);
    }

    /** Inverse of {@link #key(float)}. */
    static float value(int key) {
        int b = key < 0 ? key ^ 0x80000000 : ~key;
        return Float.intBitsToFloat(b);
    }

    @Override
    public String name() {
        return "cpu-radix";
    }
}
