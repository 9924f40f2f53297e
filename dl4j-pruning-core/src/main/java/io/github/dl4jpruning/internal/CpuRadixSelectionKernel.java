package io.github.dl4jpruning.internal;

import io.github.dl4jpruning.spi.SelectionKernel;
import java.nio.FloatBuffer;
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
        int n = (int) scores.length();
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k (" + k + ") must be in [1, " + n + "]");
        }
        FloatBuffer buf = scores.data().asNioFloat();
        int off = (int) scores.offset();
        int[] hist = new int[BUCKETS];
        for (int i = 0; i < n; i++) {
            hist[key(buf.get(off + i)) >>> 16]++;
        }
        long remaining = k;
        int high = 0;
        while (remaining > hist[high]) {
            remaining -= hist[high];
            high++;
        }
        int[] low = new int[BUCKETS];
        for (int i = 0; i < n; i++) {
            int key = key(buf.get(off + i));
            if (key >>> 16 == high) {
                low[key & 0xFFFF]++;
            }
        }
        int lo = 0;
        while (remaining > low[lo]) {
            remaining -= low[lo];
            lo++;
        }
        return value((high << 16) | lo);
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
