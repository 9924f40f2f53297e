package io.github.dl4jpruning.kernels;

import io.github.dl4jpruning.spi.SelectionKernel;
import java.lang.ref.Reference;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Optional;
import java.util.OptionalLong;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Exact selection for float32 arrays on the CPU backend in {@code O(n)}, read in place through the array's direct
 * (off-heap) buffer in heap chunks of 4,096 scores.
 *
 * <p>Arrays of at least 2^20 scores take one pass ({@link WindowScan}): a sample of up to 2^19 scores brackets
 * the rank in a narrow window of values, one pass counts the scores below it and collects the few inside, and the
 * answer is selected among those; {@link #writeKeepMask} writes the keep mask in that same pass. If the sample
 * misled (the rank falls outside the window), or for smaller arrays, a two-pass radix select runs over the IEEE-754
 * bits: a histogram of the high 16 key bits, then one of the low 16 bits inside the bucket holding the rank. Either
 * way the value and counts are those of a full sort; the sample only decides the time. Float bits are mapped to
 * keys that sort like the floats ({@code -0.0} just below {@code +0.0}, which compare equal as floats and are
 * counted as one value).
 *
 * <p>Threads: each pass is split into contiguous parts run on the calling thread and {@link
 * java.util.concurrent.ForkJoinPool#commonPool()}, one part per available processor (capped by the system property
 * {@code dl4jpruning.selectionThreads}; {@code 1} keeps everything on the calling thread) and none under 2^19 scores;
 * parts the pool has not started are run by the caller. Parts are merged in order, so the result is identical for
 * any thread count, and the kernel is safe to call from several threads at once.
 *
 * <p>Supports contiguous rank-1 float32 arrays of fewer than 2^31 elements on the CPU backend; anything else
 * falls back to {@link SortSelectionKernel}.
 */
public final class CpuRadixSelectionKernel implements SelectionKernel {

    private static final int BUCKETS = 1 << 16;
    private static final int CHUNK = 4096;

    /** Key of {@code -0.0f}: just below {@link #POS_ZERO} in key order. */
    private static final int NEG_ZERO = 0x7FFFFFFF;

    /** Key of {@code +0.0f}. */
    private static final int POS_ZERO = 0x80000000;

    private final int maxThreads;
    private final int minPart;
    private final int minSampled;

    /** Creates the kernel (threads: {@code Runtime.availableProcessors()}, capped by the system property). */
    public CpuRadixSelectionKernel() {
        this(0, 1 << 19, 1 << 20);
    }

    /**
     * Creates the kernel with explicit limits (tests).
     *
     * @param maxThreads parts per pass at most (0: {@link Parts#threads()})
     * @param minPart fewest scores per part
     * @param minSampled fewest scores for the one-pass sampled scan
     */
    CpuRadixSelectionKernel(int maxThreads, int minPart, int minSampled) {
        this.maxThreads = maxThreads;
        this.minPart = minPart;
        this.minSampled = Math.max(minSampled, 1 << 15);
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

    private int parts(int n) {
        int threads = maxThreads > 0 ? maxThreads : Parts.threads();
        return (int) Math.max(1, Math.min(threads, n / minPart));
    }

    private static int start(int part, int parts, int n) {
        return (int) ((long) part * n / parts);
    }

    /**
     * The one-pass sampled scan for large arrays, the two-pass radix select otherwise or when the sample misled;
     * the counts below and equal are numeric ({@code -0.0 == +0.0}).
     */
    @Override
    public Selection select(INDArray scores, long k) {
        int n = (int) scores.length();
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k (" + k + ") must be in [1, " + n + "]");
        }
        try {
            int off = (int) scores.offset();
            if (n >= minSampled) {
                IntBuffer bits = bits(scores);
                Optional<WindowScan> w = WindowScan.bracket(bits, off, n, k);
                if (w.isPresent()) {
                    Optional<Selection> s = w.get().select(scan(w.get(), bits, off, n, null, 0), k);
                    if (s.isPresent()) {
                        return s.get();
                    }
                }
            }
            return radix(scores.data().asNioFloat(), off, n, k);
        } finally {
            Reference.reachabilityFence(scores);    // the NIO views do not keep the native memory alive
        }
    }

    /**
     * Writes the keep mask in the pass that selects: one read of the scores, one write of the mask, and a fix-up of
     * the few scores near the threshold. Declines (returns false, mask contents undefined) for a mask that is not a
     * contiguous float32 vector of the scores' length, for arrays under 2^20 scores, and when the sample misled or
     * the ties at the threshold lie outside the collected window; the caller then builds the mask from {@link
     * #select}.
     */
    @Override
    public boolean writeKeepMask(INDArray scores, long prune, INDArray into) {
        int n = (int) scores.length();
        if (prune < 1 || prune > n) {
            throw new IllegalArgumentException("prune (" + prune + ") must be in [1, " + n + "]");
        }
        if (n < minSampled || !supports(into) || into.length() != n) {
            return false;
        }
        try {
            IntBuffer bits = bits(scores);
            int off = (int) scores.offset();
            IntBuffer mask = bits(into);
            int moff = (int) into.offset();
            Optional<WindowScan> w = WindowScan.bracket(bits, off, n, prune);
            if (w.isEmpty()) {
                return false;
            }
            WindowScan.Part[] parts = scan(w.get(), bits, off, n, mask, moff);
            Optional<Selection> s = w.get().select(parts, prune);
            return s.isPresent() && w.get().completeMask(parts, s.get(), prune, mask, moff);
        } finally {
            Reference.reachabilityFence(scores);
            Reference.reachabilityFence(into);
        }
    }

    /** The float32 buffer's raw bits, in native order. */
    private static IntBuffer bits(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder()).asIntBuffer();
    }

    private WindowScan.Part[] scan(WindowScan w, IntBuffer buf, int off, int n, IntBuffer mask, int moff) {
        int parts = parts(n);
        WindowScan.Part[] out = new WindowScan.Part[parts];
        Parts.run(parts, p -> {
            int from = start(p, parts, n);
            int to = start(p + 1, parts, n);
            out[p] = new WindowScan.Part(w.capacity(to - from), mask != null);
            w.scan(buf, off, from, to, mask, moff, out[p]);
        });
        return out;
    }

    /**
     * Two passes: a histogram of the high 16 key bits (four interleaved copies per part, so that runs of equal
     * buckets do not wait on each other's stores), then one of the low 16 bits inside the bucket holding rank
     * {@code k}, widened to both zero buckets when it is one of them, so that {@code -0.0} and {@code +0.0} are
     * counted as one value.
     */
    private Selection radix(FloatBuffer buf, int off, int n, long k) {
        int parts = parts(n);
        int[][] highs = new int[parts][];
        Parts.run(parts, p -> highs[p] = highHistogram(buf, off, start(p, parts, n), start(p + 1, parts, n)));
        long[] hist = new long[BUCKETS];
        for (int[] h : highs) {
            for (int i = 0; i < 4 * BUCKETS; i++) {
                hist[i & (BUCKETS - 1)] += h[i];
            }
        }
        long remaining = k;
        int high = 0;
        while (remaining > hist[high]) {
            remaining -= hist[high];
            high++;
        }
        int hLo = high == POS_ZERO >>> 16 ? high - 1 : high;
        int hHi = high == NEG_ZERO >>> 16 ? high + 1 : high;
        long belowKeys = 0;
        for (int i = 0; i < hLo; i++) {
            belowKeys += hist[i];
        }
        int[][] lows = new int[parts][];
        Parts.run(parts, p -> lows[p] = lowHistogram(buf, off, start(p, parts, n), start(p + 1, parts, n), hLo,
                hHi));
        long[] low = new long[2 * BUCKETS];
        for (int[] l : lows) {
            for (int i = 0; i < low.length; i++) {
                low[i] += l[i];
            }
        }
        remaining = k - belowKeys;
        int lo = 0;
        while (remaining > low[lo]) {
            remaining -= low[lo];
            belowKeys += low[lo];
            lo++;
        }
        int selected = (hLo << 16) + lo;
        if (selected == POS_ZERO || selected == NEG_ZERO) {
            long neg = low[NEG_ZERO - (hLo << 16)];
            long pos = low[POS_ZERO - (hLo << 16)];
            return new Selection(0.0, belowKeys - (selected == POS_ZERO ? neg : 0), neg + pos);
        }
        return new Selection(value(selected), belowKeys, low[lo]);
    }

    private static int[] highHistogram(FloatBuffer buf, int off, int from, int to) {
        int[] h = new int[4 * BUCKETS];
        float[] c = new float[CHUNK];
        for (int base = from; base < to; base += CHUNK) {
            int len = Math.min(CHUNK, to - base);
            buf.get(off + base, c, 0, len);
            int j = 0;
            for (; j + 3 < len; j += 4) {
                h[key(c[j]) >>> 16]++;
                h[BUCKETS + (key(c[j + 1]) >>> 16)]++;
                h[2 * BUCKETS + (key(c[j + 2]) >>> 16)]++;
                h[3 * BUCKETS + (key(c[j + 3]) >>> 16)]++;
            }
            for (; j < len; j++) {
                h[key(c[j]) >>> 16]++;
            }
        }
        return h;
    }

    /** Low 16 bits of the keys whose high 16 bits are in {@code [hLo, hHi]} ({@code hHi - hLo} is 0 or 1). */
    private static int[] lowHistogram(FloatBuffer buf, int off, int from, int to, int hLo, int hHi) {
        int[] low = new int[2 * BUCKETS];
        float[] c = new float[CHUNK];
        int span = hHi - hLo;
        int base0 = hLo << 16;
        for (int base = from; base < to; base += CHUNK) {
            int len = Math.min(CHUNK, to - base);
            buf.get(off + base, c, 0, len);
            for (int j = 0; j < len; j++) {
                int key = key(c[j]);
                if ((key >>> 16) - hLo + Integer.MIN_VALUE <= span + Integer.MIN_VALUE) {
                    low[key - base0]++;
                }
            }
        }
        return low;
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
                Reference.reachabilityFence(scores);
                return OptionalLong.of(i + 1);
            }
        }
        Reference.reachabilityFence(scores);
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
