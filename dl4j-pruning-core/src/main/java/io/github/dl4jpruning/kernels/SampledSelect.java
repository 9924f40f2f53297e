package io.github.dl4jpruning.kernels;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Exact selection of the {@code k}-th smallest float in one pass over the buffer, guided by a sample
 * (Floyd and Rivest's idea): a sorted sample of the keys brackets the rank {@code k} with a window
 * {@code [lo, hi]} that holds about {@code 3.5} standard deviations of the sample rank on either side; one pass
 * counts the elements below {@code lo} and collects the indices of the (few) elements inside the window, in
 * index order; a radix select over the collected keys finishes the job. When the window misses rank
 * {@code k} (a sample that does not represent the data, e.g. periodic data that the strided sample aliases)
 * or holds more elements than the scratch space allows, the caller falls back to the two-pass radix
 * select: the result is exact either way.
 *
 * <p>Keys here are signed ints whose signed order is the float order ({@code -0.0} is {@code -1}, just below
 * {@code +0.0}, which is {@code 0}); both zeros are always inside the window together, so that numerically
 * equal elements are either all inside or all outside it.
 *
 * <p>The same pass can write the keep-mask: {@code 1} for elements above the window, {@code 0} otherwise; the
 * elements inside the window are then fixed up from the collected indices (ties broken by index, lowest
 * pruned first, as everywhere in the library).
 */
final class SampledSelect {

    /** Sample size: 2^16 keys, sorted in a few milliseconds. */
    static final int SAMPLE = 1 << 16;

    /** Key of {@code -0.0f}. */
    static final int NEG_ZERO = -1;

    /** Key of {@code +0.0f}. */
    static final int POS_ZERO = 0;

    private final FloatBuffer buf;
    private final int off;
    private final int n;
    private final long k;
    /** Elements below the window. */
    private long below;
    /** Indices of the elements inside the window, ascending. */
    private int[] idx;
    /** Their keys, in the same order. */
    private int[] keys;
    /** Number of collected elements. */
    private int count;
    /** Lowest and highest key of the elements numerically equal to the selected one. */
    private int eqLo;
    private int eqHi;
    /** Elements numerically below the selected value, and equal to it. */
    private long belowNum;
    private long equalNum;

    private SampledSelect(FloatBuffer buf, int off, int n, long k) {
        this.buf = buf;
        this.off = off;
        this.n = n;
        this.k = k;
    }

    /** Maps float bits to an int whose signed order is the float order. */
    static int key(float f) {
        int b = Float.floatToRawIntBits(f);
        return b ^ ((b >> 31) & 0x7FFFFFFF);
    }

    /** Inverse of {@link #key(float)}. */
    static float value(int key) {
        return Float.intBitsToFloat(key ^ ((key >> 31) & 0x7FFFFFFF));
    }

    /**
     * Selects the {@code k}-th smallest element and, if {@code mask} is given, writes the keep-mask that prunes
     * the {@code k} smallest (ties broken by index) into it.
     *
     * @param buf the scores' buffer
     * @param off the offset of element 0
     * @param n the number of elements, at least {@link #SAMPLE}
     * @param k the rank, in [1, n]
     * @param mask the buffer of a float array of length {@code n} to write the keep-mask into, or null
     * @return the selection, or null if the sample missed and the caller must fall back (the mask is then
     *         partly written and must be discarded)
     */
    static SampledSelect run(FloatBuffer buf, int off, int n, long k, FloatBuffer mask) {
        SampledSelect s = new SampledSelect(buf, off, n, k);
        return s.pass(mask) && s.finish(mask) ? s : null;
    }

    /** The selected value. */
    double value() {
        return eqLo == NEG_ZERO ? 0.0 : value(eqLo);
    }

    /** Elements numerically below the selected value. */
    long below() {
        return belowNum;
    }

    /** Elements numerically equal to the selected value. */
    long equal() {
        return equalNum;
    }

    private boolean pass(FloatBuffer mask) {
        int[] sample = new int[SAMPLE];
        long step = (long) n / SAMPLE;
        for (int j = 0; j < SAMPLE; j++) {
            sample[j] = key(buf.get(off + (int) (j * step + (j * 0x9E3779B9L >>> 40) % step)));
        }
        Arrays.sort(sample);
        double p = (double) k / n;
        double rank = p * SAMPLE;
        int delta = (int) Math.ceil(3.5 * Math.sqrt(SAMPLE * p * (1 - p))) + 16;
        int loRank = (int) Math.floor(rank) - delta;
        int hiRank = (int) Math.ceil(rank) + delta;
        int lo = loRank <= 0 ? Integer.MIN_VALUE : sample[loRank];
        int hi = hiRank >= SAMPLE - 1 ? Integer.MAX_VALUE : sample[hiRank];
        if (lo == POS_ZERO) {
            lo = NEG_ZERO;
        }
        if (hi == NEG_ZERO) {
            hi = POS_ZERO;
        }
        long expected = (long) ((double) (hiRank - loRank) / SAMPLE * n);
        int cap = (int) Math.min(n, 4 * expected + 4096);
        idx = new int[cap];
        int c = mask == null ? scan(buf, off, n, lo, hi, idx) : scanAndMask(buf, off, n, lo, hi, idx, mask);
        if (c < 0) {
            return false;
        }
        count = c;
        return below < k && k <= below + c;
    }

    /**
     * One pass: counts the keys below {@code lo} into {@link #below} and collects the indices of keys in
     * {@code [lo, hi]}; returns their number, or -1 when {@code idx} overflows. Locals only in the loop, the count
     * below without a branch, the window test as one unsigned comparison (rarely true, so well predicted).
     */
    private int scan(FloatBuffer b, int o, int len, int lo, int hi, int[] ix) {
        int span = hi - lo;
        int cap = ix.length;
        long belowLo = 0;
        int c = 0;
        for (int i = 0; i < len; i++) {
            int key = key(b.get(o + i));
            belowLo += key < lo ? 1 : 0;
            if (Integer.compareUnsigned(key - lo, span) <= 0) {
                if (c == cap) {
                    return -1;
                }
                ix[c++] = i;
            }
        }
        below = belowLo;
        return c;
    }

    /** {@link #scan} that also writes {@code 1} above the window and {@code 0} elsewhere into {@code m}. */
    private int scanAndMask(FloatBuffer b, int o, int len, int lo, int hi, int[] ix, FloatBuffer m) {
        int span = hi - lo;
        int cap = ix.length;
        long belowLo = 0;
        int c = 0;
        for (int i = 0; i < len; i++) {
            int key = key(b.get(o + i));
            belowLo += key < lo ? 1 : 0;
            m.put(i, key > hi ? 1f : 0f);
            if (Integer.compareUnsigned(key - lo, span) <= 0) {
                if (c == cap) {
                    return -1;
                }
                ix[c++] = i;
            }
        }
        below = belowLo;
        return c;
    }

    private boolean finish(FloatBuffer mask) {
        keys = new int[count];
        for (int j = 0; j < count; j++) {
            keys[j] = key(buf.get(off + idx[j]));
        }
        int selected = radixSelect(keys.clone(), k - below);
        eqLo = selected;
        eqHi = selected;
        if (selected == NEG_ZERO || selected == POS_ZERO) {
            eqLo = NEG_ZERO;
            eqHi = POS_ZERO;
        }
        long lower = 0;
        long equal = 0;
        for (int key : keys) {
            if (key < eqLo) {
                lower++;
            } else if (key <= eqHi) {
                equal++;
            }
        }
        belowNum = below + lower;
        equalNum = equal;
        if (mask != null) {
            long tiesPruned = k - belowNum;
            long seen = 0;
            for (int j = 0; j < count; j++) {
                int key = keys[j];
                if (key > eqHi || key >= eqLo && ++seen > tiesPruned) {
                    mask.put(idx[j], 1f);
                }
            }
        }
        return true;
    }

    /** The {@code r}-th smallest (1-based) of {@code a}, by two radix passes of 16 bits (reorders nothing). */
    static int radixSelect(int[] a, long r) {
        long[] hist = new long[1 << 16];
        for (int v : a) {
            hist[(v ^ Integer.MIN_VALUE) >>> 16]++;
        }
        int high = 0;
        while (r > hist[high]) {
            r -= hist[high++];
        }
        Arrays.fill(hist, 0);
        for (int v : a) {
            int u = v ^ Integer.MIN_VALUE;
            if (u >>> 16 == high) {
                hist[u & 0xFFFF]++;
            }
        }
        int low = 0;
        while (r > hist[low]) {
            r -= hist[low++];
        }
        return ((high << 16) | low) ^ Integer.MIN_VALUE;
    }
}
