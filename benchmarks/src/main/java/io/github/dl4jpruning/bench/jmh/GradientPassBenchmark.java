package io.github.dl4jpruning.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What bounds the one multiply per iteration that keeps a network's gradient masked: the flat gradient of
 * LeNet-300-100 ({@value #LENET_300_100} floats) multiplied by its 0/1 mask (density 0.1), against the same pass
 * with smaller masks and against a pass over the gradient that reads no mask at all.
 *
 * <ul>
 * <li>{@link #floatMask}: the listener's multiply, one prepared {@code MulOp} with a float32 mask;</li>
 * <li>{@link #ubyteMask}, {@link #boolMask}: the same multiply by a {@code UBYTE} or {@code BOOL} copy of the mask
 * (a quarter of the bytes), ND4J's mixed-type path;</li>
 * <li>{@link #gradientOnly}: {@code g + 0} in place, one prepared {@code ScalarAdd}: the floor of any masking that
 * touches the gradient once, since it reads and writes the gradient and reads nothing else.</li>
 * </ul>
 * {@link #cache} {@code hot} runs the calls back to back (both vectors stay in the caches); {@code cold} first
 * streams 64 MB through the caches before every call, in a {@code Level.Invocation} fixture outside the measured
 * time, as the rest of a training iteration does. JMH warns that invocation fixtures distort calls this short
 * (tens of microseconds); compare the variants with each other, not with other benchmarks.
 *
 * <p>State across invocations: multiplying by a 0/1 mask and adding 0 are idempotent, so every invocation does the
 * same work on the same data and no reset is needed ({@link MaskApplyBenchmark} explains the argument).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class GradientPassBenchmark {

    /** Parameters of LeNet-300-100 (784-300-100-10 with biases). */
    static final int LENET_300_100 = 266_610;

    /** Share of the mask's entries that are 1. */
    static final double DENSITY = 0.1;

    /** Floats streamed through the caches before each call in {@code cold} mode (64 MB). */
    static final int EVICT = 16 << 20;

    /** Length of the gradient. */
    @Param({"266610"})
    int n = LENET_300_100;

    /** {@code hot}: calls back to back; {@code cold}: 64 MB of other traffic before each call. */
    @Param({"hot", "cold"})
    String cache = "hot";

    /** The gradient, {@code randn}. */
    INDArray gradient;
    /** The float32 0/1 mask. */
    INDArray mask;
    /** The mask as {@code UBYTE}. */
    INDArray ubyte;
    /** The mask as {@code BOOL}. */
    INDArray bool;
    /** Streamed before each call in {@code cold} mode; null in {@code hot} mode. */
    INDArray evict;

    private MulOp floatOp;
    private MulOp ubyteOp;
    private MulOp boolOp;
    private ScalarAdd addZero;

    /** Creates the benchmark; JMH fills in the parameters and calls {@link #setUp()}. */
    public GradientPassBenchmark() {
    }

    /**
     * Draws the gradient and the mask, makes its smaller copies and prepares the ops.
     *
     * @throws IllegalArgumentException if {@link #cache} is neither {@code hot} nor {@code cold}
     */
    @Setup(Level.Trial)
    public void setUp() {
        if (!"hot".equals(cache) && !"cold".equals(cache)) {
            throw new IllegalArgumentException("cache (" + cache + ") must be hot or cold");
        }
        Nd4j.getRandom().setSeed(42);
        gradient = Nd4j.randn(DataType.FLOAT, n);
        mask = Nd4j.rand(DataType.FLOAT, n).lt(DENSITY).castTo(DataType.FLOAT);
        ubyte = mask.castTo(DataType.UBYTE);
        bool = mask.castTo(DataType.BOOL);
        evict = "cold".equals(cache) ? Nd4j.rand(DataType.FLOAT, EVICT) : null;
        floatOp = new MulOp(gradient, mask, gradient);
        ubyteOp = new MulOp(gradient, ubyte, gradient);
        boolOp = new MulOp(gradient, bool, gradient);
        addZero = new ScalarAdd(gradient, 0.0);
    }

    /** In {@code cold} mode, streams 64 MB through the caches (read and write), outside the measured time. */
    @Setup(Level.Invocation)
    public void evictCaches() {
        if (evict != null) {
            evict.addi(1.0);
        }
    }

    /**
     * The listener's multiply: gradient times float32 mask.
     *
     * @param bh the sink
     */
    @Benchmark
    public void floatMask(Blackhole bh) {
        Nd4j.getExecutioner().exec(floatOp);
        bh.consume(gradient);
    }

    /**
     * Gradient times the {@code UBYTE} mask.
     *
     * @param bh the sink
     */
    @Benchmark
    public void ubyteMask(Blackhole bh) {
        Nd4j.getExecutioner().exec(ubyteOp);
        bh.consume(gradient);
    }

    /**
     * Gradient times the {@code BOOL} mask.
     *
     * @param bh the sink
     */
    @Benchmark
    public void boolMask(Blackhole bh) {
        Nd4j.getExecutioner().exec(boolOp);
        bh.consume(gradient);
    }

    /**
     * The floor: the gradient plus 0, in place, no mask read.
     *
     * @param bh the sink
     */
    @Benchmark
    public void gradientOnly(Blackhole bh) {
        Nd4j.getExecutioner().exec(addZero);
        bh.consume(gradient);
    }
}

/*
 * How to run it (2-core machine, about 1.5 minutes: 8 trials x (3 + 5) one-second iterations):
 *
 *   OMP_NUM_THREADS=1 java -jar benchmarks/target/benchmarks.jar jmh GradientPassBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1
 *
 * What to expect: hot, floatMask costs a little more than gradientOnly (one more 1 MB read, from the cache); cold,
 * both are memory bound and gradientOnly is a large part of floatMask (40% on an AMD EPYC, 48% on an Intel Xeon,
 * 2026-12-01), which is why a smaller mask cannot make the per-iteration multiply much cheaper. ubyteMask and
 * boolMask are slower than floatMask on ND4J M2.1's CPU backend (the mixed-type path). The README's overhead section holds the figures with the machine and date.
 */
