package io.github.dl4jpruning.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The sampled one-pass selection and keep-mask against a plain Java reference (sort by value, then index;
 * {@code -0.0 == 0.0}) on data built to trouble a sample: ties straddling the cut, signed zeros, sorted and
 * periodic data, negative values, views with an offset, and input that overflows the window (fallback).
 */
class SampledSelectTest {

    private static final int N = 3 * SampledSelect.SAMPLE + 17;

    /** Forces the sampled path from {@link SampledSelect#SAMPLE} elements on. */
    private final CpuRadixSelectionKernel sampled = new CpuRadixSelectionKernel(SampledSelect.SAMPLE);

    @Test
    void keysSortLikeFloatsAndRoundTrip() {
        float[] v = {Float.NEGATIVE_INFINITY, -3.5f, -Float.MIN_VALUE, -0.0f, 0.0f, Float.MIN_VALUE, 1f,
            Float.POSITIVE_INFINITY};
        for (int i = 0; i < v.length; i++) {
            assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(SampledSelect.value(
                    SampledSelect.key(v[i]))));
            if (i > 0) {
                assertTrue(SampledSelect.key(v[i - 1]) < SampledSelect.key(v[i]), "key order at " + v[i]);
            }
        }
        assertEquals(SampledSelect.NEG_ZERO, SampledSelect.key(-0.0f));
        assertEquals(SampledSelect.POS_ZERO, SampledSelect.key(0.0f));
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
        int step = N / SampledSelect.SAMPLE;
        check("periodic", i -> i % step == 0 ? 1000 + i : i % 7);
    }

    @Test
    void windowOverflowFallsBackToTheTwoPassSelection() {
        INDArray same = Nd4j.valueArrayOf(new long[] {N}, 0.25f);
        assertNull(SampledSelect.run(same.data().asNioFloat(), 0, N, N / 2, null));
        SelectionKernel.Selection s = sampled.select(same, N / 2);
        assertEquals(new SelectionKernel.Selection(0.25, 0, N), s);
        assertTrue(sampled.keepMask(same, N / 2).isEmpty());
        Random r = new Random(5);
        assertNotNull(SampledSelect.run(Nd4j.rand(DataType.FLOAT, N).data().asNioFloat(), 0, N, N / 2, null));
        check("constant", i -> 0.25);
        check("random", i -> r.nextDouble());
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
            assertSelection(v, k, sampled.select(view, k));
            assertArrayEquals(referenceMask(v, k), sampled.keepMask(view, k).orElseThrow().toFloatVector(), 0f);
        }
    }

    private void check(String what, IntToDoubleFunction values) {
        float[] v = new float[N];
        for (int i = 0; i < N; i++) {
            v[i] = (float) values.applyAsDouble(i);
        }
        INDArray scores = Nd4j.createFromArray(v);
        for (long k : new long[] {1, 2, N / 10, N / 2, N - N / 10, N - 2, N - 1}) {
            assertSelection(v, k, sampled.select(scores, k));
            float[] expected = referenceMask(v, k);
            float[] got = sampled.keepMask(scores, k).map(INDArray::toFloatVector)
                    .orElseGet(() -> io.github.dl4jpruning.mask.ThresholdSelector.keepMask(scores, N - k)
                            .toFloatVector());
            assertArrayEquals(expected, got, 0f, what + ", k = " + k);
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
    private static float[] referenceMask(float[] v, long k) {
        long[] order = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = (long) SampledSelect.key(v[i] + 0.0f) << 32 | i;
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
