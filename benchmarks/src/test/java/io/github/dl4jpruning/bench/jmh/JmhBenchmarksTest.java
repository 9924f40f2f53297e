package io.github.dl4jpruning.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.linalg.profiler.OpProfiler;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The JMH benchmarks of this package compute what they claim, without running JMH: each state is built at
 * its smallest {@code @Param}, set up, and each {@code @Benchmark} method is called once with a Blackhole.
 * Expected values come from an independent computation (a product, {@code Transforms.abs}, a count over the
 * mask), not from the code under test.
 */
class JmhBenchmarksTest {

    private static final Blackhole BH = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @AfterEach
    void profilerOff() {
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
    }

    private static MaskApplyBenchmark maskApply(int layers) {
        MaskApplyBenchmark b = new MaskApplyBenchmark();
        b.layers = layers;
        b.setUp();
        return b;
    }

    @Test
    void maskApplyFlatAndPerLayerGiveTheMaskedParametersAndBaselineChangesNothing() {
        MaskApplyBenchmark flat = maskApply(2);
        MaskApplyBenchmark perLayer = maskApply(2);
        MaskApplyBenchmark unmasked = maskApply(2);
        assertEquals(2 * (256 * 256 + 256), flat.params.length());
        INDArray original = flat.params.dup();
        assertEquals(original, perLayer.params, "same seed, same parameters");
        INDArray expected = original.mul(flat.mask);
        // 10% of 2 * 65,536 weights kept (binomial, within 5 sd) plus every bias
        double kept = flat.mask.sumNumber().doubleValue();
        assertTrue(Math.abs(kept - 2 * 256 - 0.1 * 131_072) < 5 * Math.sqrt(131_072 * 0.09), "kept " + kept);

        flat.flat(BH);
        perLayer.perLayer(BH);
        unmasked.unmasked(BH);

        assertEquals(expected, flat.params);
        assertEquals(expected, perLayer.params, "per-layer views must write into the flat vector");
        assertNotEquals(original, flat.params);
        assertEquals(original, unmasked.params);

        // idempotent: a second invocation leaves the state as it was (no reset needed)
        flat.flat(BH);
        perLayer.perLayer(BH);
        assertEquals(expected, flat.params);
        assertEquals(expected, perLayer.params);
    }

    @Test
    void maskApplyFlatIsOneOpAtEveryDepthPerLayerIsOneOpPerLayer() {
        for (int layers : new int[] {2, 8}) {
            MaskApplyBenchmark b = maskApply(layers);
            assertEquals(1, ops(() -> b.flat(BH)), "flat at " + layers + " layers");
            assertEquals(layers, ops(() -> b.perLayer(BH)), "per-layer at " + layers + " layers");
            assertEquals(0, ops(() -> b.unmasked(BH)), "baseline at " + layers + " layers");
        }
    }

    private static long ops(Runnable r) {
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.OPERATIONS);
        OpProfiler.getInstance().reset();
        r.run();
        long n = OpProfiler.getInstance().getInvocationsCount();
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
        return n;
    }

    @Test
    void thresholdRadixEqualsSortAndKeepMaskKeepsExactlyKeep() {
        ThresholdBenchmark b = new ThresholdBenchmark();
        b.n = 1_000_000;
        b.setUp();   // itself checks radix == sort and the order-statistic counts
        assertEquals(900_000, b.k);
        assertEquals(100_000, b.keep);
        INDArray before = b.scores.dup();

        b.radix(BH);
        b.sort(BH);
        b.keepMask(BH);
        b.collectGarbage();

        double radix = b.selectRadix();
        assertEquals(b.expected, radix);
        assertEquals(radix, b.selectSort(), "radix and sort must return the identical value");
        long below = b.scores.lt(radix).castTo(DataType.INT).sumNumber().longValue();
        long atOrBelow = b.scores.lte(radix).castTo(DataType.INT).sumNumber().longValue();
        assertTrue(below < b.k && b.k <= atOrBelow, below + " < " + b.k + " <= " + atOrBelow);

        INDArray mask = b.selectMask();
        assertEquals(b.n, mask.length());
        assertEquals(b.keep, mask.sumNumber().longValue(), "keepMask keeps exactly keep");
        assertEquals(b.keep, mask.eq(1.0).castTo(DataType.INT).sumNumber().longValue(),
                "mask is 0/1");
        // no kept score is below the threshold, no score above it is pruned
        assertEquals(0, b.scores.lt(radix).castTo(DataType.FLOAT).mul(mask).sumNumber().longValue());
        assertEquals(0, b.scores.gt(radix).castTo(DataType.FLOAT).mul(mask.rsub(1.0)).sumNumber().longValue());
        b.keepMaskInto(BH);
        assertEquals(mask, b.selectMaskInto(), "the mask written into the reused buffer equals the fresh one");
        assertEquals(before, b.scores, "selection must not modify the scores");
    }

    @Test
    void criterionMagnitudeWritesAbsAndCopyWritesTheWeights() {
        CriterionBenchmark b = new CriterionBenchmark();
        b.n = 1_000_000;
        b.setUp();
        INDArray before = b.weights.dup();

        b.copy(BH);
        assertEquals(before, b.out);

        b.magnitude(BH);
        assertEquals(Transforms.abs(before, true), b.out);
        assertEquals(before, b.weights, "scoring must not modify the weights");
    }

    @Test
    void gradientPassVariantsMaskTheGradientAlikeAndTheFloorLeavesItAsItWas() {
        for (String cache : new String[] {"hot", "cold"}) {
            GradientPassBenchmark b = new GradientPassBenchmark();
            b.cache = cache;
            b.setUp();
            assertEquals(GradientPassBenchmark.LENET_300_100, b.gradient.length());
            assertEquals(cache.equals("cold"), b.evict != null, cache);
            INDArray original = b.gradient.dup();
            INDArray expected = original.mul(b.mask);
            double kept = b.mask.sumNumber().doubleValue();
            double n = b.n;
            assertTrue(Math.abs(kept - 0.1 * n) < 5 * Math.sqrt(n * 0.09), "kept " + kept);
            assertEquals(b.mask, b.ubyte.castTo(DataType.FLOAT), "UBYTE copy of the mask");
            assertEquals(b.mask, b.bool.castTo(DataType.FLOAT), "BOOL copy of the mask");

            b.evictCaches();
            assertEquals(1, ops(() -> b.gradientOnly(BH)), "the floor is one op");
            assertEquals(original, b.gradient, "adding 0 leaves the gradient as it was");
            for (Runnable variant : new Runnable[] {() -> b.floatMask(BH), () -> b.ubyteMask(BH),
                () -> b.boolMask(BH)}) {
                b.gradient.assign(original);
                assertEquals(1, ops(variant), "one op per variant");
                assertEquals(expected, b.gradient, "every mask type gives the masked gradient");
                variant.run();
                assertEquals(expected, b.gradient, "idempotent: no reset needed");
            }
        }
    }

    @Test
    void gradientPassRefusesAnUnknownCacheMode() {
        GradientPassBenchmark b = new GradientPassBenchmark();
        b.cache = "warm";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                b::setUp);
        assertTrue(e.getMessage().contains("cache (warm)"), e.getMessage());
    }
}
