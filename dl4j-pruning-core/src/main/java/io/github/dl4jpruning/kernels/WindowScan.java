package io.github.dl4jpruning.kernels;

import io.github.dl4jpruning.spi.SelectionKernel.Selection;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * One-pass exact selection guided by a sample: a sorted sample of 16,384 scores (64 evenly spaced runs of 256)
 * brackets the wanted rank in a window of values {@code [lo, hi]}; one pass over the buffer counts the scores below
 * {@code lo}, counts those equal to {@code lo} or {@code hi}, and collects the few strictly between (value and
 * index); the answer is then selected among the collected scores. If the sample misled (the rank falls outside the
 * window, or more scores fall inside than room was made for) the scan reports a miss and the caller runs the
 * two-pass radix select: the result never depends on the sample, only the time does.
 *
 * <p>The pass can also write the keep mask ({@code 1} where {@code score >= hi}, {@code 0} elsewhere) on the way;
 * only the collected entries are fixed afterwards, so the whole keep mask costs one read of the scores and one write
 * of the mask.
 *
 * <p>Keys: the float bits mapped to ints whose signed order is the float order, with {@code -0.0} folded onto
 * {@code +0.0} wherever values are compared for equality ({@link #canonical}).
 */
final class WindowScan {

    private static final int RUNS = 64;
    private static final int RUN = 256;
    private static final int SAMPLE = RUNS * RUN;
    /** Half-width of the window in standard deviations of the sample quantile's rank. */
    private static final double Z = 5.0;
    /** Scores read into a heap chunk at a time. */
    private static final int CHUNK = 4096;
    private static final int ONE = Float.floatToRawIntBits(1f);

    private final int loRaw;
    private final int hiMask;
    private final int loKey;
    private final int hiKey;
    private final int spanBiased;
    private final double share;

    private WindowScan(int lo, int hi, double share) {
        this.loKey = lo;
        this.hiKey = hi;
        this.loRaw = lo == 0 ? -1 : lo;        // both zeros at or above the window's lower end
        this.hiMask = hi == 0 ? -1 : hi;       // both zeros kept when hi is zero
        this.spanBiased = (hi - loRaw) + Integer.MIN_VALUE;
        this.share = share;
    }

    /** Signed-order key of a float ({@code -0.0} just below {@code +0.0}). */
    static int signedKey(float f) {
        int b = Float.floatToRawIntBits(f);
        return b ^ ((b >> 31) & 0x7FFFFFFF);
    }

    /** The key with {@code -0.0} folded onto {@code +0.0}. */
    static int canonical(int key) {
        return key == -1 ? 0 : key;
    }

    /** Inverse of {@link #signedKey}. */
    static float valueOf(int key) {
        return Float.intBitsToFloat(key ^ ((key >> 31) & 0x7FFFFFFF));
    }

    /**
     * Draws the sample and brackets rank {@code k} of {@code n}.
     *
     * @param buf the scores
     * @param off index of the first score in {@code buf}
     * @param n number of scores, at least {@link #SAMPLE}
     * @param k the rank, in [1, n]
     * @return the window
     */
    static WindowScan bracket(FloatBuffer buf, int off, int n, long k) {
        int[] s = new int[SAMPLE];
        float[] run = new float[RUN];
        for (int r = 0; r < RUNS; r++) {
            int start = (int) ((long) r * (n - RUN) / (RUNS - 1));
            buf.get(off + start, run, 0, RUN);
            for (int j = 0; j < RUN; j++) {
                s[r * RUN + j] = canonical(signedKey(run[j]));
            }
        }
        Arrays.sort(s);
        double p = (k - 0.5) / n;
        double half = Z * Math.sqrt(p * (1 - p) * SAMPLE) + 8;
        int loIdx = (int) Math.floor(p * SAMPLE - half);
        int hiIdx = (int) Math.ceil(p * SAMPLE + half);
        int lo = loIdx < 0 ? Integer.MIN_VALUE : s[loIdx];
        int hi = hiIdx >= SAMPLE ? Integer.MAX_VALUE : s[hiIdx];
        double share = (double) (Math.min(hiIdx, SAMPLE) - Math.max(loIdx, 0)) / SAMPLE;
        return new WindowScan(lo, hi, share);
    }

    /** Room for collected scores in a part of {@code len} scores: twice the sample's estimate, plus slack. */
    int capacity(int len) {
        return (int) Math.min(len, 2 * share * len + 4096);
    }

    /** What one part of the pass found. */
    static final class Part {
        long below;
        long atLo;
        long atHi;
        int count;
        final int[] keys;
        final int[] index;

        Part(int capacity, boolean withIndex) {
            keys = new int[capacity];
            index = withIndex ? new int[capacity] : null;
        }

        boolean overflowed() {
            return count > keys.length;
        }
    }

    /**
     * Scans scores {@code [from, to)}; with a mask buffer, also writes {@code score >= hi ? 1 : 0} there.
     *
     * @param buf the scores
     * @param off index of score 0 in {@code buf}
     * @param mask the mask or null
     * @param moff index of mask entry 0 in {@code mask}
     * @param out the part's results (index array needed with a mask)
     */
    void scan(FloatBuffer buf, int off, int from, int to, FloatBuffer mask, int moff, Part out) {
        float[] in = new float[CHUNK];
        float[] m = mask == null ? null : new float[CHUNK];
        int[] keys = out.keys;
        int[] index = out.index;
        int cap = keys.length;
        long below = 0;
        long atLo = 0;
        long atHi = 0;
        int count = 0;
        int lr = loRaw;
        int lk = loKey;
        int hk = hiKey;
        int sb = spanBiased;
        long hm = hiMask - 1L;
        for (int base = from; base < to; base += CHUNK) {
            int len = Math.min(CHUNK, to - base);
            buf.get(off + base, in, 0, len);
            for (int j = 0; j < len; j++) {
                int b = Float.floatToRawIntBits(in[j]);
                int key = b ^ ((b >> 31) & 0x7FFFFFFF);
                below += ((long) key - lr) >>> 63;
                if (key - lr + Integer.MIN_VALUE <= sb) {
                    int c = key == -1 ? 0 : key;
                    if (c == lk) {
                        atLo++;
                    } else if (c == hk) {
                        atHi++;
                    } else {
                        if (count < cap) {
                            keys[count] = c;
                            if (index != null) {
                                index[count] = base + j;
                            }
                        }
                        count++;
                    }
                }
                if (m != null) {
                    m[j] = Float.intBitsToFloat((int) ((hm - key) >>> 63) * ONE);
                }
            }
            if (mask != null) {
                mask.put(moff + base, m, 0, len);
            }
        }
        out.below = below;
        out.atLo = atLo;
        out.atHi = atHi;
        out.count = count;
    }

    /** The selection from the merged parts, or empty on a miss. */
    Optional<Selection> select(Part[] parts, long k) {
        long below = 0;
        long atLo = 0;
        long atHi = 0;
        long count = 0;
        for (Part p : parts) {
            below += p.below;
            atLo += p.atLo;
            atHi += p.atHi;
            count += p.count;
        }
        long r = k - below;
        if (r <= 0) {
            return Optional.empty();
        }
        if (r <= atLo) {
            return Optional.of(new Selection(valueOf(loKey), below, atLo));
        }
        r -= atLo;
        if (r <= count) {
            for (Part p : parts) {
                if (p.overflowed()) {
                    return Optional.empty();
                }
            }
            int[] all = new int[(int) count];
            int pos = 0;
            for (Part p : parts) {
                System.arraycopy(p.keys, 0, all, pos, p.count);
                pos += p.count;
            }
            long[] belowEqual = new long[2];
            int t = HeapRadix.select(all, (int) r, belowEqual);
            return Optional.of(new Selection(valueOf(t), below + atLo + belowEqual[0], belowEqual[1]));
        }
        r -= count;
        if (r <= atHi) {
            return Optional.of(new Selection(valueOf(hiKey), below + atLo + count, atHi));
        }
        return Optional.empty();
    }

    /**
     * Completes the mask the pass wrote, for selection {@code s} of rank {@code k}: the collected entries above the
     * value become 1, and of those equal to it the ones after the first {@code k - below} (index order).
     *
     * @return false if the mask cannot be completed from the collected entries (the value is {@code hi}, or it is
     *     {@code lo} with its ties straddling the cut): the caller must build it another way
     */
    boolean completeMask(Part[] parts, Selection s, long k, FloatBuffer mask, int moff) {
        int t = canonical(signedKey((float) s.value()));
        long prune = k - s.below();
        boolean atLo = t == loKey;
        if (t == hiKey || atLo && (prune != s.equal() || loKey == hiKey)) {
            return false;
        }
        long seen = 0;
        for (Part p : parts) {
            for (int i = 0; i < p.count; i++) {
                int c = p.keys[i];
                if (c > t || c == t && ++seen > prune) {
                    mask.put(moff + p.index[i], 1f);
                }
            }
        }
        return true;
    }
}
