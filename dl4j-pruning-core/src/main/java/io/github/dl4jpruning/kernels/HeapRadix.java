package io.github.dl4jpruning.kernels;

/**
 * Two-pass radix select over an {@code int[]} of keys in signed order (the scores a {@link WindowScan} collected:
 * a few percent of the array, on the heap): a histogram of the high 16 bits, then one of the low 16 bits inside the
 * bucket holding the rank.
 */
final class HeapRadix {

    private HeapRadix() {
    }

    /**
     * Returns the {@code r}-th smallest key (1-based) and, in {@code belowEqual}, how many keys are below it and
     * equal to it.
     *
     * @param keys the keys (equal values must have equal keys)
     * @param r the rank, in [1, keys.length]
     * @param belowEqual receives {below, equal}
     * @return the key
     */
    static int select(int[] keys, int r, long[] belowEqual) {
        int[] high = new int[1 << 16];
        for (int key : keys) {
            high[(key ^ Integer.MIN_VALUE) >>> 16]++;
        }
        long remaining = r;
        long below = 0;
        int h = 0;
        while (remaining > high[h]) {
            remaining -= high[h];
            below += high[h];
            h++;
        }
        int[] low = new int[1 << 16];
        for (int key : keys) {
            int u = key ^ Integer.MIN_VALUE;
            if (u >>> 16 == h) {
                low[u & 0xFFFF]++;
            }
        }
        int l = 0;
        while (remaining > low[l]) {
            remaining -= low[l];
            below += low[l];
            l++;
        }
        belowEqual[0] = below;
        belowEqual[1] = low[l];
        return ((h << 16) | l) ^ Integer.MIN_VALUE;
    }
}
