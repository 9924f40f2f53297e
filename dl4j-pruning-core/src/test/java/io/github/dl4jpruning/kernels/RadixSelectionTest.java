package io.github.dl4jpruning.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.mask.ThresholdSelector;
import io.github.dl4jpruning.spi.SelectionKernel;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The CPU radix selection and the keep-mask built on it against a plain Java reference (sort by value, then index;
 * {@code -0.0 == 0.0}): ties straddling the cut, signed zeros, sorted and periodic data, negative values, constant
 * data, views with an offset.
 */
class RadixSelectionTest {

    private static final int N = 3 * 65_536 + 17;

    private final CpuRadixSelectionKernel radix = new CpuRadixSelectionKernel();

    @Test
    void keysSortLikeFloatsAndRoundTrip() {
        float[] v = {Float.NEGATIVE_INFINITY, -3.5f, -Float.MIN_VALUE, -0.0f, 0.0f, Float.MIN_VALUE, 1f,
            Float.POSITIVE_INFINITY};
        for (int i = 0; i < v.length; i++) {
            assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(CpuRadixSelectionKernel.value(
                    CpuRadixSelectionKernel.key(v[i]))));
            if (i > 0) {
                assertTrue(Integer.compareUnsigned(CpuRadixSelectionKernel.key(v[i - 1]),
                        CpuRadixSelectionKernel.key(v[i])) < 0, "key order at " + v[i]);
            }
        }
    }

    @Test
    void randomMagnitudesAtManyRanks() {
        Random r = new Random(1);
        check("|randn|", i -> Math.abs(r.nextGaussian()));
    }

    @Test
    void fewDistinctValuesSoTiesStraddleTheCut() {
        Random r = new Random(2);
        check("0..9", i -> r.nextInt(10));
    }

    @Test
    void signedZerosCountAsOneValue() {
        Random r = new Random(3);
        check("zeros of both signs and positives", i -> switch (r.nextInt(3)) {
            case 0 -> -0.0;
            case 1 -> 0.0;
            default -> r.nextDouble();
        });
    }

    @Test
    void negativeAndSortedAndPeriodicData() {
        Random r = new Random(4);
        check("signed", i -> r.nextGaussian());
        check("ascending", i -> i);
        check("descending", i -> -i);
        // large exactly on the sample's strides, small elsewhere: a strided sample would see only large values
        int step = 3;
        check("periodic", i -> i % step == 0 ? 1000 + i : i % 7);
    }

    @Test
    void constantDataIsOneTie() {
        INDArray same = Nd4j.valueArrayOf(new long[] {N}, 0.25f);
        assertEquals(new SelectionKernel.Selection(0.25, 0, N), radix.select(same, N / 2));
        check("constant", i -> 0.25);
    }

    @Test
    void viewsWithAnOffsetAreReadFromTheirFirstElement() {
        Random r = new Random(6);
        float[] all = new float[N + 10];
        for (int i = 0; i < all.length; i++) {
            all[i] = r.nextInt(50);
        }
        INDArray view = Nd4j.createFromArray(all).get(NDArrayIndex.interval(7, 7 + N));
        assertEquals(7, view.offset());
        float[] v = Arrays.copyOfRange(all, 7, 7 + N);
        for (long k : new long[] {1, N / 3, N - 1}) {
            assertSelection(v, k, radix.select(view, k));
            assertArrayEquals(referenceMask(v, k), ThresholdSelector.keepMask(view, N - k).toFloatVector(), 0f);
        }
    }

    private void check(String what, IntToDoubleFunction values) {
        float[] v = new float[N];
        for (int i = 0; i < N; i++) {
            v[i] = (float) values.applyAsDouble(i);
        }
        INDArray scores = Nd4j.createFromArray(v);
        for (long k : new long[] {1, 2, N / 10, N / 2, N - N / 10, N - 2, N - 1}) {
            assertSelection(v, k, radix.select(scores, k));
            assertArrayEquals(referenceMask(v, k), ThresholdSelector.keepMask(scores, N - k).toFloatVector(), 0f,
                    what + ", k = " + k);
        }
    }

    private static void assertSelection(float[] v, long k, SelectionKernel.Selection s) {
        float[] sorted = v.clone();
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] += 0.0f;                    // -0.0 + 0.0 == +0.0: zeros compare as one value
        }
        Arrays.sort(sorted);
        float t = sorted[(int) k - 1];
        long below = IntStream.range(0, v.length).filter(i -> v[i] < t).count();
        long equal = IntStream.range(0, v.length).filter(i -> v[i] == t).count();
        assertEquals(new SelectionKernel.Selection(t, below, equal), s, "k = " + k);
    }

    /** Prunes the {@code k} lowest, ties by index; {@code 1} where kept (sorts (key, index) pairs as longs). */
    static float[] referenceMask(float[] v, long k) {
        long[] order = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = (long) (CpuRadixSelectionKernel.key(v[i] + 0.0f) ^ Integer.MIN_VALUE) << 32 | i;
        }
        Arrays.sort(order);
        float[] mask = new float[v.length];
        Arrays.fill(mask, 1f);
        for (int j = 0; j < k; j++) {
            mask[(int) order[j]] = 0f;
        }
        return mask;
    }
}
