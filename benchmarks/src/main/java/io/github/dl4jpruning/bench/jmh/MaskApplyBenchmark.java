package io.github.dl4jpruning.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
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
 * Per-iteration cost of keeping pruning masks applied to the weights of a network of {@code layers} dense
 * 256x256 float layers, laid out as DL4J lays out a {@code MultiLayerNetwork}: one flat
 * rank-1 parameter vector holding, per layer, {@code W} (an {@code 'f'}-order view, as {@code getParam("W")}
 * returns) followed by {@code b}.
 *
 * <ul>
 * <li>{@link #unmasked}: the baseline, an unpruned training step, which does nothing here;</li>
 * <li>{@link #flat}: one {@code params.muli(mask)} over the whole vector with one flat mask (1 at biases),
 * what {@code listener.PruningListener#iterationDone} does: one ND4J op whatever the depth;</li>
 * <li>{@link #perLayer}: one {@code muli} per layer of the weight view by its own mask view: {@code layers}
 * ops.</li>
 * </ul>
 * Both variants touch the same memory (the flat one also multiplies the biases by 1, 0.4% more elements), so
 * their difference is the fixed cost per ND4J op times {@code layers - 1}. The number of ops is asserted in
 * {@code JmhBenchmarksTest}.
 *
 * <p>State across invocations (JMHSample_38): the multiplies are in place, but multiplying by a 0/1 mask is
 * idempotent: after the first invocation every pruned weight is already (signed) zero and every kept one
 * unchanged, and the cost of an element-wise multiply does not depend on the values (no branches; zeros and
 * the normal floats of {@code randn} are not denormal). Every invocation therefore does the same work on the
 * same data, as in training, where the masked weights change only by the update, and no reset (a copy as
 * expensive as the multiply itself, in a {@code Level.Invocation} fixture that JMH warns against for
 * calls this short) is needed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class MaskApplyBenchmark {

    /** Rows and columns of each layer's weight matrix. */
    static final int WIDTH = 256;

    /** Share of weights the masks keep (90% pruned). */
    static final double DENSITY = 0.1;

    private static final long WEIGHTS = (long) WIDTH * WIDTH;
    private static final long LAYER_LENGTH = WEIGHTS + WIDTH;

    /** Number of dense layers. */
    @Param({"2", "8", "32"})
    int layers;

    /** The flat parameter vector, {@code layers * (WIDTH^2 + WIDTH)} floats. */
    INDArray params;
    /** The flat mask: 0/1 at weights, 1 at biases. */
    INDArray mask;
    /** Per layer: the {@code W} view into {@link #params}. */
    INDArray[] weightViews;
    /** Per layer: the view of {@link #mask} over the same elements as {@link #weightViews}. */
    INDArray[] maskViews;

    /** Creates the benchmark; JMH fills in {@link #layers} and calls {@link #setUp()}. */
    public MaskApplyBenchmark() {
    }

    /**
     * Allocates seeded random parameters, a random mask of density 0.1 over the weights, and
     * the per-layer views.
     */
    @Setup
    public void setUp() {
        Nd4j.getRandom().setSeed(42);
        long n = layers * LAYER_LENGTH;
        params = Nd4j.randn(DataType.FLOAT, n);
        mask = Nd4j.ones(DataType.FLOAT, n);
        weightViews = new INDArray[layers];
        maskViews = new INDArray[layers];
        for (int i = 0; i < layers; i++) {
            long off = i * LAYER_LENGTH;
            weightViews[i] = weightView(params, off);
            maskViews[i] = weightView(mask, off);
            maskViews[i].assign(Nd4j.rand(DataType.FLOAT, WIDTH, WIDTH).lt(DENSITY).castTo(DataType.FLOAT));
        }
    }

    private static INDArray weightView(INDArray flat, long offset) {
        return flat.get(NDArrayIndex.interval(offset, offset + WEIGHTS)).reshape('f', WIDTH, WIDTH);
    }

    /**
     * Baseline: an unpruned step adds nothing; only the sink.
     *
     * @param bh the sink
     */
    @Benchmark
    public void unmasked(Blackhole bh) {
        bh.consume(params);
    }

    /**
     * One multiply of the flat parameters by the flat mask.
     *
     * @param bh the sink
     */
    @Benchmark
    public void flat(Blackhole bh) {
        params.muli(mask);
        bh.consume(params);
    }

    /**
     * One multiply per layer of its weight view by its mask view.
     *
     * @param bh the sink
     */
    @Benchmark
    public void perLayer(Blackhole bh) {
        for (int i = 0; i < weightViews.length; i++) {
            weightViews[i].muli(maskViews[i]);
        }
        bh.consume(params);
    }
}

/*
 * How to run it (2-core machine, about 1.5 minutes: 9 trials x (3 + 5) one-second iterations):
 *
 *   OMP_NUM_THREADS=1 java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main MaskApplyBenchmark \
 *       -f 1 -wi 3 -w 1 -i 5 -r 1
 *
 * What to expect (us/op, average time): unmasked is the floor, about 0.001 us at every depth. flat and
 * perLayer both grow with layers * 65,792 floats (memory bound: params and mask read, params written, about
 * 0.8 MB per layer), from tens of microseconds at 2 layers to about a millisecond at 32 on one thread; the time
 * per element rises for both once the vectors leave the cache (already at 8 layers, 2 MB each). perLayer is
 * never faster than flat and its excess over flat grows with the number of layers, by the fixed cost of one
 * ND4J op per extra layer (5-10 us here); flat stays one op at every depth.
 * Measured on the 2-core development VM, OMP_NUM_THREADS=1 (layers 2 / 8 / 32): flat 35 / 204 / 748 us,
 * perLayer 46 / 255 / 1094 us, unmasked 0.001 us.
 */
