package io.github.dl4jpruning.htmlreport;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * Counts of {@code log10 |w|} over equal-width bins shared by the weights before and after pruning.
 *
 * @param low left edge of the first bin
 * @param width bin width
 * @param before counts before pruning
 * @param after counts after pruning
 */
record Histogram(double low, double width, long[] before, long[] after) {

    /** Returns null when neither array holds a finite non-zero value. */
    static Histogram of(float[] before, float[] after, int bins) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float[] a : new float[][] {before, after}) {
            for (float w : a) {
                double l = log10Magnitude(w);
                if (!Double.isNaN(l)) {
                    lo = Math.min(lo, l);
                    hi = Math.max(hi, l);
                }
            }
        }
        if (lo > hi) {
            return null;
        }
        if (hi - lo < 1e-9) {
            lo -= 0.5;
            hi += 0.5;
        }
        double width = (hi - lo) / bins;
        return new Histogram(lo, width, count(before, lo, width, bins), count(after, lo, width, bins));
    }

    /**
     * The magnitude threshold that keeps {@code density} of the weights before pruning: the
     * {@code round(density * n)}-th largest {@code |w|} over all {@code n} weights (what one global magnitude
     * cut of those weights to the final density would keep).
     *
     * @param before |w| of every prunable weight before pruning
     * @param density the final density
     * @return the threshold, or empty if it would keep no weight or the weights are all zero
     */
    static OptionalDouble threshold(float[] before, double density) {
        long k = Math.round(density * before.length);
        if (k < 1 || before.length == 0) {
            return OptionalDouble.empty();
        }
        float[] sorted = before.clone();
        Arrays.sort(sorted);
        float t = sorted[(int) (sorted.length - k)];
        return t > 0 && Float.isFinite(t) ? OptionalDouble.of(t) : OptionalDouble.empty();
    }

    private static long[] count(float[] values, double lo, double width, int bins) {
        long[] counts = new long[bins];
        for (float w : values) {
            double l = log10Magnitude(w);
            if (!Double.isNaN(l)) {
                counts[Math.min(bins - 1, Math.max(0, (int) ((l - lo) / width)))]++;
            }
        }
        return counts;
    }

    /** log10 |w|, or NaN for zero and non-finite values. */
    private static double log10Magnitude(float w) {
        return w != 0 && Float.isFinite(w) ? Math.log10(Math.abs((double) w)) : Double.NaN;
    }

    int bins() {
        return before.length;
    }

    double edge(int i) {
        return low + i * width;
    }

    long beforeTotal() {
        return Arrays.stream(before).sum();
    }

    long afterTotal() {
        return Arrays.stream(after).sum();
    }
}
