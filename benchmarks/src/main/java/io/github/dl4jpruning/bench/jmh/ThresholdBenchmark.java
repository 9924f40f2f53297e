package io.github.dl4jpruning.bench.jmh;

import io.github.dl4jpruning.kernels.CpuRadixSelectionKernel;
import io.github.dl4jpruning.kernels.SortSelectionKernel;
import io.github.dl4jpruning.mask.MaskUpdater;
import io.github.dl4jpruning.mask.ThresholdSelector;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Condition;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Exact global threshold selection for magnitude pruning (Han et al. 2015) to 90% sparsity: the
 * {@code k}-th smallest of {@code n} scores {@code |w|} (float32, {@code |randn|}, seeded), {@code k = 0.9 n}.
 *
 * <ul>
 * <li>{@link #sort}: the baseline, {@link SortSelectionKernel} (an ND4J sort of a copy, {@code O(n log n)},
 * the portable kernel);</li>
 * <li>{@link #radix}: {@link CpuRadixSelectionKernel}, the {@code O(n)} select that core picks on the CPU backend
 * (a sampled single pass over the buffer, the two-pass radix select over the float bits if the sample misleads),
 * on {@link #selectionThreads} threads;</li>
 * <li>{@link #keepMaskInto}: the whole of {@link ThresholdSelector#keepMask(INDArray, long, INDArray)} into a mask
 * buffer allocated once: the exact mask that prunes {@code k} scores with ties broken by index, written in the
 * selecting pass, i.e. what one global mask update costs before the multiply when the caller reuses its mask
 * buffer;</li>
 * <li>{@link #keepMask}: the same into a new array per call ({@link ThresholdSelector#keepMask(INDArray, long)}),
 * which adds the first touch of 0.4 GB of fresh native memory at 100M.</li>
 * </ul>
 * None modifies the scores, so no reset is needed between invocations.
 *
 * <p>{@link #setUp()} checks once per trial, at every size, that the radix value is the exact order
 * statistic ({@code #(s < t) < k <= #(s <= t)}) and equals the sort's value.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class ThresholdBenchmark {

    /** Share of the scores pruned. */
    static final double SPARSITY = 0.9;

    /** Number of scores. */
    @Param({"1000000", "10000000", "100000000"})
    int n;

    /**
     * Threads per selection pass: {@code all} leaves the system property {@code dl4jpruning.selectionThreads}
     * unset (one per available processor), a number caps it.
     */
    @Param({"all"})
    String selectionThreads = "all";

    /** The scores, {@code |randn|}, float32, rank 1. */
    INDArray scores;
    /** Rank of the threshold: the number of scores pruned. */
    long k;
    /** Number of scores kept, {@code n - k}. */
    long keep;
    /** The threshold found by {@link #setUp()} (radix, checked against the sort). */
    double expected;
    /** The mask buffer {@link #keepMaskInto} writes, allocated once per trial. */
    INDArray mask;

    private final CpuRadixSelectionKernel radixKernel = new CpuRadixSelectionKernel();
    private final SortSelectionKernel sortKernel = new SortSelectionKernel();

    /** Creates the benchmark; JMH fills in {@link #n} and calls {@link #setUp()}. */
    public ThresholdBenchmark() {
    }

    /**
     * Draws the scores and verifies that both kernels return the exact {@code k}-th smallest value.
     *
     * @throws IllegalStateException if the kernels disagree or the value is not the order statistic
     */
    @Setup(Level.Trial)
    public void setUp() {
        if ("all".equals(selectionThreads)) {
            System.clearProperty("dl4jpruning.selectionThreads");
        } else {
            System.setProperty("dl4jpruning.selectionThreads", selectionThreads);
        }
        Nd4j.getRandom().setSeed(42);
        scores = Transforms.abs(Nd4j.randn(DataType.FLOAT, n), false);
        k = Math.round(SPARSITY * n);
        keep = n - k;
        if (!radixKernel.supports(scores)) {
            throw new IllegalStateException("CpuRadixSelectionKernel does not support the scores ("
                    + scores.shapeInfoToString() + "): run on the CPU backend (nd4j-native)");
        }
        double radix = selectRadix();
        long below = count(Conditions.lessThan(radix));
        long atOrBelow = count(Conditions.lessThanOrEqual(radix));
        if (!(below < k && k <= atOrBelow)) {
            throw new IllegalStateException("radix threshold " + radix + " is not the " + k + "-th smallest: "
                    + below + " scores below it, " + atOrBelow + " at or below it");
        }
        double sorted = selectSort();
        if (Double.compare(radix, sorted) != 0) {
            throw new IllegalStateException("radix threshold (" + radix + ") differs from the sort's (" + sorted
                    + ") at n = " + n);
        }
        expected = radix;
        mask = Nd4j.createUninitialized(DataType.FLOAT, n);
        INDArray fresh = ThresholdSelector.keepMask(scores, keep);
        ThresholdSelector.keepMask(scores, keep, mask);
        if (!fresh.equals(mask) || MaskUpdater.countNonzero(mask) != keep) {
            throw new IllegalStateException("keep masks differ or do not keep " + keep + " scores at n = " + n);
        }
    }

    private long count(Condition c) {
        return Nd4j.getExecutioner().exec(new MatchCondition(scores, c)).getLong(0);
    }

    /**
     * Releases the native buffers that the previous iteration left to the garbage collector (sort copies,
     * {@code keepMask} results: 0.4 GB per call at 100M), outside the measured time, so that no
     * iteration pays for another's garbage.
     */
    @TearDown(Level.Iteration)
    public void collectGarbage() {
        System.gc();
    }

    double selectRadix() {
        return radixKernel.kthSmallest(scores, k);
    }

    double selectSort() {
        return sortKernel.kthSmallest(scores, k);
    }

    INDArray selectMask() {
        return ThresholdSelector.keepMask(scores, keep);
    }

    INDArray selectMaskInto() {
        return ThresholdSelector.keepMask(scores, keep, mask);
    }

    /**
     * Radix select of the {@code k}-th smallest score.
     *
     * @param bh the sink
     */
    @Benchmark
    public void radix(Blackhole bh) {
        bh.consume(selectRadix());
    }

    /**
     * Baseline: sort a copy and read the {@code k}-th smallest score.
     *
     * @param bh the sink
     */
    @Benchmark
    public void sort(Blackhole bh) {
        bh.consume(selectSort());
    }

    /**
     * The full keep-mask that prunes exactly {@code k} scores, into the buffer allocated once.
     *
     * @param bh the sink
     */
    @Benchmark
    public void keepMaskInto(Blackhole bh) {
        bh.consume(selectMaskInto());
    }

    /**
     * The full keep-mask that prunes exactly {@code k} scores, into a new array.
     *
     * @param bh the sink
     */
    @Benchmark
    public void keepMask(Blackhole bh) {
        bh.consume(selectMask());
    }
}

/*
 * How to run it (2-core machine, OMP_NUM_THREADS=1, about 6 minutes, half of it in the 100M sort; the scores
 * take 0.4 GB at 100M, a sort copy another 0.4 GB and each keepMask 0.4 GB of native memory, all off the Java
 * heap; the @Fork annotation already passes -Xmx4g, say it again if you override -jvmArgsAppend):
 *
 *   OMP_NUM_THREADS=1 java -jar benchmarks/target/benchmarks.jar jmh ThresholdBenchmark -f 1 -wi 2 -w 1 -i 3 -r 1
 *
 * With 1-second iterations in average-time mode, the 100M sort (about 30 s a call on one thread) runs once per
 * iteration, i.e. it degrades to single-shot timing, and each trial's setup spends one more sort to check the
 * value. Without the largest size (about 1 minute): add -p n=1000000,10000000; only the fast ones at 100M:
 * 'ThresholdBenchmark.(radix|keepMask|keepMaskInto)$' -p n=100000000.
 *
 * What to expect: radix, keepMaskInto and keepMask grow linearly with n (keepMask also pays for a fresh 0.4 GB
 * array at 100M, whose first touch costs about as much as the selection; keepMaskInto is what the global mask
 * update does); sort grows as n log n and is two orders of magnitude slower. The selection uses every available
 * processor: add -p selectionThreads=1,all to compare one thread with all. The README's "Kernels" table
 * holds the current figures with the machine and date.
 */
