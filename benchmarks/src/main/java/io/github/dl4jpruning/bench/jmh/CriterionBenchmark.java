package io.github.dl4jpruning.bench.jmh;

import io.github.dl4jpruning.criterion.MagnitudeCriterion;
import io.github.dl4jpruning.criterion.ScoringInput;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Scoring cost of magnitude importance {@code |w|} (Han et al. 2015) over {@code n} float32 weights, written
 * into a preallocated output as the engine does at each mask update.
 *
 * <ul>
 * <li>{@link #copy}: the baseline, {@code out.assign(weights)}, the cheapest op that reads every weight and
 * writes every score;</li>
 * <li>{@link #magnitude}: {@link MagnitudeCriterion#score} (one ND4J {@code Abs} op into {@code out}).</li>
 * </ul>
 * Both overwrite {@code out} completely and never write the weights, so invocations are independent and
 * nothing needs resetting (JMHSample_38).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class CriterionBenchmark {

    /** Number of weights. */
    @Param({"1000000", "10000000"})
    int n;

    /** The weights, {@code randn}, seeded. */
    INDArray weights;
    /** The preallocated scores. */
    INDArray out;
    /** The input handed to the criterion. */
    ScoringInput input;

    private final MagnitudeCriterion criterion = new MagnitudeCriterion();

    /** Creates the benchmark; JMH fills in {@link #n} and calls {@link #setUp()}. */
    public CriterionBenchmark() {
    }

    /** Draws the weights and allocates the output. */
    @Setup
    public void setUp() {
        Nd4j.getRandom().setSeed(42);
        weights = Nd4j.randn(DataType.FLOAT, n);
        out = Nd4j.createUninitialized(DataType.FLOAT, n);
        input = ScoringInput.ofWeights(weights);
    }

    /**
     * Baseline: copy the weights into the output.
     *
     * @param bh the sink
     */
    @Benchmark
    public void copy(Blackhole bh) {
        bh.consume(out.assign(weights));
    }

    /**
     * Magnitude scores into the output.
     *
     * @param bh the sink
     */
    @Benchmark
    public void magnitude(Blackhole bh) {
        criterion.score(input, out);
        bh.consume(out);
    }
}

/*
 * How to run it (2-core machine, OMP_NUM_THREADS=1, about 40 seconds: 4 trials x (3 + 5) one-second
 * iterations):
 *
 *   OMP_NUM_THREADS=1 java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main CriterionBenchmark \
 *       -f 1 -wi 3 -w 1 -i 5 -r 1
 *
 * What to expect (us/op): both are memory bound and linear in n (4 MB read and 4 MB written per million
 * weights): a few hundred microseconds at 1M, about ten times that at 10M. magnitude costs the same as copy
 * within the error: scoring by magnitude is as cheap as an op over the weights gets, and next to selection
 * (ThresholdBenchmark) it is negligible.
 * Measured on the 2-core development VM, OMP_NUM_THREADS=1 (n = 1M / 10M): copy 330 / 3,118 us, magnitude
 * 339 / 3,069 us.
 */
