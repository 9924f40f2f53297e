package io.github.dl4jpruning.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.kernels.Kernels;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Every selection kernel returns exactly what a full sort gives, and leaves its input untouched. */
class SelectionKernelContractTest {

    static Stream<SelectionKernel> kernels() {
        return Kernels.selectionKernels().stream();
    }

    private static float[] data(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            switch (i % 7) {
                case 0 -> v[i] = 0f;
                case 1 -> v[i] = -0f;
                case 2 -> v[i] = r.nextInt(10) / 4f;              // many ties
                case 3 -> v[i] = -Float.MAX_VALUE;                // already-pruned marker
                case 4 -> v[i] = (float) r.nextGaussian() * 1e-30f;
                default -> v[i] = (float) r.nextGaussian();
            }
        }
        return v;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void matchesAFullSortAtEveryRankProbed(SelectionKernel kernel) {
        float[] v = data(10_007, 3);
        INDArray scores = Nd4j.createFromArray(v);
        INDArray before = scores.dup();
        assertTrue(kernel.supports(scores) || !kernel.name().equals("nd4j-sort"));
        if (!kernel.supports(scores)) {
            return;
        }
        float[] sorted = v.clone();
        Arrays.sort(sorted);
        for (long k : new long[] {1, 2, 1430, 1431, 2860, 5000, 9999, 10_007}) {
            assertEquals(sorted[(int) k - 1], (float) kernel.kthSmallest(scores, k), 0f, kernel.name() + " k=" + k);
        }
        assertEquals(before, scores, "input unchanged");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void selectCountsBelowAndEqualAsNumbersWithZeroesOfBothSigns(SelectionKernel kernel) {
        float[] v = data(10_007, 5);
        INDArray scores = Nd4j.createFromArray(v);
        if (!kernel.supports(scores)) {
            return;
        }
        float[] sorted = v.clone();
        Arrays.sort(sorted);
        for (long k : new long[] {1, 1430, 1431, 2000, 2860, 2861, 4000, 4300, 5000, 10_007}) {
            float t = sorted[(int) k - 1];
            long below = 0;
            long equal = 0;
            for (float x : v) {
                below += x < t ? 1 : 0;
                equal += x == t ? 1 : 0;          // -0.0f == 0.0f
            }
            SelectionKernel.Selection sel = kernel.select(scores, k);
            assertEquals(t, (float) sel.value(), 0f, kernel.name() + " k=" + k);
            assertEquals(below, sel.below(), kernel.name() + " below, k=" + k + ", t=" + t);
            assertEquals(equal, sel.equal(), kernel.name() + " equal, k=" + k + ", t=" + t);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void worksOnAViewWithAnOffset(SelectionKernel kernel) {
        INDArray big = Nd4j.createFromArray(data(5_000, 9));
        INDArray view = big.get(NDArrayIndex.interval(1_234, 4_321));
        if (!kernel.supports(view)) {
            return;
        }
        float[] part = view.toFloatVector();
        Arrays.sort(part);
        assertEquals(part[100], (float) kernel.kthSmallest(view, 101), 0f);
        assertEquals(part[part.length - 1], (float) kernel.kthSmallest(view, part.length), 0f);
    }

    @Test
    void theCpuBackendUsesTheRadixKernelForFloatsAndSortsDoubles() {
        assertEquals("cpu-radix", Kernels.selectionFor(Nd4j.zeros(DataType.FLOAT, 10)).name());
        assertEquals("nd4j-sort", Kernels.selectionFor(Nd4j.zeros(DataType.DOUBLE, 10)).name());
    }
}
