package io.github.dl4jpruning.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.spi.SelectionKernel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The multi-threaded two-pass radix select and the sampled one-pass scan (with and without the fused keep mask)
 * against a plain Java reference (sort; {@code -0.0 == 0.0}; ties pruned lowest index first), on odd lengths split
 * into three parts so that buckets and windows straddle the part boundaries.
 */
class ParallelSelectionTest {

    /** Odd, not a multiple of 3 or of the 4,096-score chunk. */
    private static final int N = 100_003;

    private static final SelectionKernel[] KERNELS = {
        new CpuRadixSelectionKernel(1, Integer.MAX_VALUE, Integer.MAX_VALUE),     // two passes, one thread
        new CpuRadixSelectionKernel(3, 1_000, Integer.MAX_VALUE),                 // two passes, three parts
        new CpuRadixSelectionKernel(1, Integer.MAX_VALUE, 0),                     // sampled, one thread
        new CpuRadixSelectionKernel(3, 1_000, 0),                                 // sampled, three parts
    };

    @Test
    void randomMagnitudesWriteTheMaskInOnePass() {
        Random r = new Random(11);
        float[] v = values(i -> Math.abs(r.nextGaussian()));
        check("|randn|", v);
        INDArray into = Nd4j.createUninitialized(DataType.FLOAT, N);
        assertTrue(KERNELS[3].writeKeepMask(Nd4j.createFromArray(v), N / 2, into), "sample brackets |randn|");
        assertArrayEquals(RadixSelectionTest.referenceMask(v, N / 2), into.toFloatVector(), 0f);
    }

    @Test
    void heavyTiesBelowTheCutLikeAlreadyPrunedWeights() {
        Random r = new Random(12);
        float[] v = values(i -> r.nextInt(10) < 9 ? -Float.MAX_VALUE : Math.abs(r.nextGaussian()));
        check("90% at -MAX, the rest |randn|", v);
        // the next IMP round prunes into the live weights: the sample puts the window among them, one pass
        long prune = Math.round(0.95 * N);
        INDArray into = Nd4j.createUninitialized(DataType.FLOAT, N);
        assertTrue(KERNELS[3].writeKeepMask(Nd4j.createFromArray(v), prune, into), "window among live weights");
        assertArrayEquals(RadixSelectionTest.referenceMask(v, prune), into.toFloatVector(), 0f);
    }

    @Test
    void fewDistinctValuesSignedZerosAndConstants() {
        Random r = new Random(13);
        check("0..9", values(i -> r.nextInt(10)));
        check("zeros of both signs and values", values(i -> switch (r.nextInt(4)) {
            case 0 -> -0.0;
            case 1 -> 0.0;
            case 2 -> -r.nextDouble();
            default -> r.nextDouble();
        }));
        // positive magnitudes with heavy ties: the window's ends fall on tied values (the lo > 0 collecting loop)
        check("magnitudes in steps of 1/64", values(i -> Math.round(Math.abs(r.nextGaussian()) * 64) / 64.0));
        check("only -0.0 and +0.0", values(i -> r.nextBoolean() ? -0.0 : 0.0));
        check("constant", values(i -> 0.25));
        check("infinities of both signs", values(i -> i % 5 == 0 ? Double.POSITIVE_INFINITY
                : i % 5 == 1 ? Double.NEGATIVE_INFINITY : r.nextGaussian()));
        check("subnormals around zero", values(i -> (r.nextInt(200) - 100) * (double) Float.MIN_VALUE));
    }

    @Test
    void sortedAndPeriodicDataStraddleThePartBoundaries() {
        check("ascending", values(i -> i));
        check("descending", values(i -> -i));
        check("ascending with runs of 7", values(i -> i / 7));
        // large exactly on the sample's runs, small elsewhere: the sample misleads and the radix select takes over
        check("periodic", values(i -> (i / 256) % 2 == 0 ? 1000 + i : i % 7));
    }

    @Test
    void viewsWithAnOffsetAreReadAndWrittenFromTheirFirstElement() {
        Random r = new Random(15);
        float[] all = values(i -> Math.abs(r.nextGaussian()));
        INDArray view = Nd4j.createFromArray(all).get(NDArrayIndex.interval(9, N));
        INDArray maskView = Nd4j.valueArrayOf(new long[] {N}, 7f).get(NDArrayIndex.interval(5, N - 4));
        assertEquals(9, view.offset());
        float[] v = Arrays.copyOfRange(all, 9, N);
        long prune = v.length / 2;
        assertTrue(KERNELS[3].writeKeepMask(view, prune, maskView));
        assertArrayEquals(RadixSelectionTest.referenceMask(v, prune), maskView.toFloatVector(), 0f);
        assertEquals(KERNELS[0].select(Nd4j.createFromArray(v), prune), KERNELS[3].select(view, prune));
    }

    @Test
    void resultsDoNotDependOnTheThreadCountUnderConcurrentCalls() throws Exception {
        Random r = new Random(14);
        INDArray scores = Nd4j.createFromArray(values(i -> r.nextGaussian()));
        SelectionKernel one = KERNELS[0];
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> same = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                long k = 1 + c * (N / 8);
                same.add(pool.submit(() -> one.select(scores, k).equals(KERNELS[3].select(scores, k))
                        && one.select(scores, k).equals(KERNELS[1].select(scores, k))));
            }
            for (Future<Boolean> f : same) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingPartIsRethrownAfterAllPartsFinish() {
        AtomicInteger ran = new AtomicInteger();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parts.run(4, p -> {
            ran.incrementAndGet();
            if (p == 2) {
                throw new IllegalStateException("part 2");
            }
        }));
        assertEquals("part 2", e.getMessage());
        assertEquals(4, ran.get());
    }

    @Test
    void threadCapMustBePositive() {
        String before = System.getProperty(Parts.THREADS);
        try {
            System.setProperty(Parts.THREADS, "0");
            assertEquals("dl4jpruning.selectionThreads (0) must be a positive integer",
                    assertThrows(IllegalArgumentException.class, Parts::threads).getMessage());
            System.setProperty(Parts.THREADS, "1");
            assertEquals(1, Parts.threads());
        } finally {
            if (before == null) {
                System.clearProperty(Parts.THREADS);
            } else {
                System.setProperty(Parts.THREADS, before);
            }
        }
    }

    @Test
    void smallArraysAndOtherMasksAreDeclined() {
        INDArray small = Nd4j.createFromArray(new float[] {3, 1, 2});
        assertFalse(new CpuRadixSelectionKernel().writeKeepMask(small, 1, Nd4j.createUninitialized(DataType.FLOAT,
                3)));
        INDArray scores = Nd4j.createFromArray(values(i -> i));
        assertFalse(KERNELS[3].writeKeepMask(scores, 5, Nd4j.createUninitialized(DataType.DOUBLE, N)));
    }

    private static float[] values(IntToDoubleFunction f) {
        float[] v = new float[N];
        for (int i = 0; i < N; i++) {
            v[i] = (float) f.applyAsDouble(i);
        }
        return v;
    }

    private static void check(String what, float[] v) {
        INDArray scores = Nd4j.createFromArray(v);
        float[] sorted = v.clone();
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] += 0.0f;                    // -0.0 + 0.0 == +0.0: zeros compare as one value
        }
        Arrays.sort(sorted);
        for (long k : new long[] {1, 2, N / 10, N / 3, N / 3 + 1, N / 2, 2 * (N / 3), N - N / 10, N - N / 20, N - 1,
            N}) {
            float t = sorted[(int) k - 1];
            long below = IntStream.range(0, N).filter(i -> v[i] < t).count();
            long equal = IntStream.range(0, N).filter(i -> v[i] == t).count();
            SelectionKernel.Selection expected = new SelectionKernel.Selection(t, below, equal);
            float[] mask = null;
            for (SelectionKernel kernel : KERNELS) {
                assertEquals(expected, kernel.select(scores, k), what + ", k = " + k);
                INDArray into = Nd4j.valueArrayOf(new long[] {N}, 7f);
                if (kernel.writeKeepMask(scores, k, into)) {
                    mask = mask == null ? RadixSelectionTest.referenceMask(v, k) : mask;
                    assertArrayEquals(mask, into.toFloatVector(), 0f, what + ", mask, k = " + k);
                }
            }
        }
    }
}
