package io.github.dl4jpruning.kernels;

import io.github.dl4jpruning.spi.SelectionKernel.Selection;
import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * One-pass exact selection guided by a sample: the sample (runs of 64 scores evenly spaced over the array, up to
 * 2^19 scores) brackets the wanted rank in a narrow window of values {@code [lo, hi]}; one pass over the buffer
 * counts the scores below {@code lo} (branch-free integer arithmetic on the float bits, a loop the JIT vectorizes),
 * and a second loop over the same chunk, still in the L1 cache, counts the scores equal to {@code lo} or {@code hi}
 * and collects value and index of the few strictly between (the count at most {@code hi} is the sum of the three);
 * for {@code lo > 0}, the usual case of magnitudes, that loop is a single unsigned comparison of the raw bits per
 * score. The answer is then
 * selected among the collected scores. If the sample misled (the rank falls outside the window, or more scores
 * fall inside than room was made for) the scan reports a miss and the caller runs the two-pass radix select: the
 * result never depends on the sample, only the time does.
 *
 * <p>The pass can also write the keep mask ({@code 1} where {@code score >= hi}, {@code 0} elsewhere) on the way;
 * only the collected entries are fixed afterwards, so the whole keep mask costs one read of the scores and one write
 * of the mask.
 *
 * <p>Comparisons are numeric ({@code -0.0 == +0.0}); the collected scores are kept as ints whose signed order is the
 * float order, with {@code -0.0} folded onto {@code +0.0} ({@link #canonical}).
 */
final class WindowScan {

    private static final int RUN = 64;
    private static final int MIN_SAMPLE = 1 << 14;
    private static final int MAX_SAMPLE = 1 << 19;
    /** Half-width of the window in standard deviations of the sample quantile's rank. */
    private static final double Z = 4.5;
    /** Scores read into a heap chunk at a time. */
    private static final int CHUNK = 4096;
    private static final int ONE = Float.floatToRawIntBits(1f);

    private final float lo;
    private final float hi;
    private final int loKey;
    private final int hiKey;
    /** Lowest and highest raw key in the window: both zeros inside whenever one of them is. */
    private final int loRaw;
    private final int spanBiased;
    private final double share;

    private WindowScan(float lo, float hi, double share) {
        this.lo = lo;
        this.hi = Math.max(hi, lo);
        this.loKey = canonical(signedKey(lo));
        this.hiKey = canonical(signedKey(this.hi));
        this.loRaw = loKey == 0 ? -1 : loKey;
        this.spanBiased = (hiKey - loRaw) + Integer.MIN_VALUE;
        this.share = share;
    }

    /** Signed-order key of a float ({@code -0.0} just below {@code +0.0}). */
    static int signedKey(float f) {
        return signedKeyOfBits(Float.floatToRawIntBits(f));
    }

    /** Signed-order key of a float given by its raw bits. */
    private static int signedKeyOfBits(int b) {
        return b ^ ((b >> 31) & 0x7FFFFFFF);
    }

    /** The key with {@code -0.0} folded onto {@code +0.0}. */
    static int canonical(int key) {
        return key == -1 ? 0 : key;
    }

    /** Inverse of {@link #signedKey}. */
    static float valueOf(int key) {
        return Float.intBitsToFloat(signedKeyOfBits(key));     // the map is its own inverse
    }

    /**
     * Bits of a threshold {@code t} for {@link #below}: those of {@code t}, with both zeros as {@code -0.0}.
     */
    private static int thresholdBits(float t) {
        return t == 0f ? Integer.MIN_VALUE : Float.floatToRawIntBits(t);
    }

    /** {@code -1} if the threshold is positive (then {@code below} uses the first form), else 0. */
    private static int thresholdSign(float t) {
        return t > 0f ? -1 : 0;
    }

    /**
     * 1 if the float with bits {@code b} is numerically below the threshold with bits {@code t} and sign mask
     * {@code s}, else 0, without branches. For {@code t > 0}: {@code b} is negative or {@code b < t} (no overflow:
     * both non-negative then). For {@code t <= 0}: {@code b} is negative with a larger magnitude, i.e. as ints
     * {@code b > t} with both negative.
     */
    private static int below(int b, int t, int s) {
        return (((b | (b - t)) & s) | ((b & (t - b)) & ~s)) >>> 31;
    }

    /**
     * Draws the sample and brackets rank {@code k} of {@code n}.
     *
     * @param buf the scores' bits
     * @param off index of the first score in {@code buf}
     * @param n number of scores, at least 2^15
     * @param k the rank, in [1, n]
     * @return the window, or empty if the rank's neighbourhood is infinite (the radix select handles it)
     */
    static Optional<WindowScan> bracket(IntBuffer buf, int off, int n, long k) {
        int runs = Math.max(MIN_SAMPLE, Math.min(MAX_SAMPLE, n >> 7)) / RUN;
        int m = runs * RUN;
        int[] s = new int[m];
        int[] run = new int[RUN];
        for (int r = 0; r < runs; r++) {
            int start = (int) ((long) r * (n - RUN) / (runs - 1));
            buf.get(off + start, run, 0, RUN);
            for (int j = 0; j < RUN; j++) {
                s[r * RUN + j] = canonical(signedKeyOfBits(run[j]));
            }
        }
        double p = (k - 0.5) / n;
        double half = Z * Math.sqrt(p * (1 - p) * m) + RUN;     // + a run: neighbours in a run may be alike
        int loIdx = (int) Math.floor(p * m - half);
        int hiIdx = (int) Math.ceil(p * m + half);
        long[] unused = new long[2];
        float lo = loIdx < 0 ? Float.NEGATIVE_INFINITY : valueOf(HeapRadix.select(s, loIdx + 1, unused));
        float hi = hiIdx >= m ? Float.POSITIVE_INFINITY : valueOf(HeapRadix.select(s, hiIdx + 1, unused));
        if (lo == Float.POSITIVE_INFINITY) {
            return Optional.empty();
        }
        double share = (double) (Math.min(hiIdx, m) - Math.max(loIdx, 0)) / m;
        return Optional.of(new WindowScan(lo, hi, share));
    }

    /** Room for collected scores in a part of {@code len} scores: twice the sample's estimate, plus slack. */
    int capacity(int len) {
        return (int) Math.min(len, 2 * share * len + 4096);
    }

    /** What one part of the pass found. */
    static final class Part {
        long belowLo;
        long atLo;
        long atHi;
        long atMostHi;
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
     * @param buf the scores' bits
     * @param off index of score 0 in {@code buf}
     * @param mask the mask's bits or null
     * @param moff index of mask entry 0 in {@code mask}
     * @param out the part's results (index array needed with a mask)
     */
    void scan(IntBuffer buf, int off, int from, int to, IntBuffer mask, int moff, Part out) {
        int[] in = new int[CHUNK];
        int[] m = mask == null ? null : new int[CHUNK];
        int ta = thresholdBits(lo);
        int sa = thresholdSign(lo);
        int tc = thresholdBits(hi);
        int sc = thresholdSign(hi);
        boolean positive = lo > 0f;
        long belowLo = 0;
        for (int base = from; base < to; base += CHUNK) {
            int len = Math.min(CHUNK, to - base);
            buf.get(off + base, in, 0, len);
            int ca = 0;
            if (m == null && positive) {
                for (int j = 0; j < len; j++) {
                    int b = in[j];
                    ca += (b | (b - ta)) >>> 31;
                }
            } else if (m == null) {
                for (int j = 0; j < len; j++) {
                    ca += below(in[j], ta, sa);
                }
            } else if (positive) {
                for (int j = 0; j < len; j++) {
                    int b = in[j];
                    ca += (b | (b - ta)) >>> 31;
                    m[j] = (((b | (b - tc)) >>> 31) ^ 1) * ONE;
                }
            } else {
                for (int j = 0; j < len; j++) {
                    int b = in[j];
                    ca += below(b, ta, sa);
                    m[j] = (below(b, tc, sc) ^ 1) * ONE;
                }
            }
            belowLo += ca;
            if (positive) {
                collectPositive(in, len, base, out);
            } else {
                collect(in, len, base, out);
            }
            if (mask != null) {
                mask.put(moff + base, m, 0, len);
            }
        }
        out.belowLo = belowLo;
        out.atMostHi = hi == Float.POSITIVE_INFINITY ? to - from : belowLo + out.atLo + out.atHi + out.count;
    }

    /**
     * {@link #collect} for {@code lo > 0}: every score in the window is then a positive float, whose key is its
     * raw bits, so one unsigned comparison of the bits decides membership (a quarter of the general loop's work,
     * which matters because this loop, unlike the counting one, does not vectorize).
     */
    private void collectPositive(int[] in, int len, int base, Part out) {
        int lr = loKey;
        int sb = spanBiased;
        for (int j = 0; j < len; j++) {
            int b = in[j];
            if (b - lr + Integer.MIN_VALUE <= sb) {
                take(out, b, base + j);
            }
        }
    }

    /**
     * Counts the chunk's scores equal to {@code lo} or {@code hi} and collects those strictly between; together
     * with the scores below {@code lo} they give the count at most {@code hi}.
     */
    private void collect(int[] in, int len, int base, Part out) {
        int lr = loRaw;
        int sb = spanBiased;
        for (int j = 0; j < len; j++) {
            int key = signedKeyOfBits(in[j]);
            if (key - lr + Integer.MIN_VALUE <= sb) {
                take(out, canonical(key), base + j);
            }
        }
    }

    /** Records a score of the window (canonical key {@code c}, index {@code i}): counted at an end or collected. */
    private void take(Part out, int c, int i) {
        if (c == loKey) {
            out.atLo++;
        } else if (c == hiKey) {
            out.atHi++;
        } else {
            int count = out.count;
            if (count < out.keys.length) {
                out.keys[count] = c;
                if (out.index != null) {
                    out.index[count] = i;
                }
            }
            out.count = count + 1;
        }
    }

    /** The selection from the merged parts, or empty on a miss. */
    Optional<Selection> select(Part[] parts, long k) {
        long belowLo = 0;
        long atLo = 0;
        long atHi = 0;
        long atMostHi = 0;
        long count = 0;
        for (Part p : parts) {
            belowLo += p.belowLo;
            atLo += p.atLo;
            atHi += p.atHi;
            atMostHi += p.atMostHi;
            count += p.count;
        }
        if (k <= belowLo || k > atMostHi) {
            return Optional.empty();
        }
        if (k <= belowLo + atLo) {
            return Optional.of(new Selection(valueOf(loKey), belowLo, atLo));
        }
        if (k > atMostHi - atHi) {
            return Optional.of(new Selection(valueOf(hiKey), atMostHi - atHi, atHi));
        }
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
        int t = HeapRadix.select(all, (int) (k - belowLo - atLo), belowEqual);
        return Optional.of(new Selection(valueOf(t), belowLo + atLo + belowEqual[0], belowEqual[1]));
    }

    /**
     * Completes the mask the pass wrote, for selection {@code s} of rank {@code k}: the collected entries above the
     * value become 1, and of those equal to it the ones after the first {@code k - below} (index order).
     *
     * @return false if the mask cannot be completed from the collected entries (the value is {@code hi}, or
     *     {@code lo} with its ties straddling the cut): the caller must build it another way
     */
    boolean completeMask(Part[] parts, Selection s, long k, IntBuffer mask, int moff) {
        int t = canonical(signedKey((float) s.value()));
        long prune = k - s.below();
        if (t == hiKey) {
            return false;
        }
        if (t == loKey) {
            if (prune != s.equal()) {
                return false;
            }
            markAbove(parts, t, Long.MAX_VALUE, mask, moff);
            return true;
        }
        markAbove(parts, t, prune, mask, moff);
        return true;
    }

    /** Sets the collected entries above {@code t}, and those equal to it after the first {@code prune}, to 1. */
    private static void markAbove(Part[] parts, int t, long prune, IntBuffer mask, int moff) {
        long seen = 0;
        for (Part p : parts) {
            for (int i = 0; i < p.count; i++) {
                int c = p.keys[i];
                if (c > t || c == t && ++seen > prune) {
                    mask.put(moff + p.index[i], ONE);
                }
            }
        }
    }
}
