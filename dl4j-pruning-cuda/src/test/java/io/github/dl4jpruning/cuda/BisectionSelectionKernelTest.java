package io.github.dl4jpruning.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.kernels.Kernels;
import io.github.dl4jpruning.testing.HostReadTrap;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The device bisection kernel is exact and host-read free; it runs on the CPU backend when called directly. */
class BisectionSelectionKernelTest {

    @Test
    void keysOrderFloatsAsNumbersAndRoundTrip() {
        float[] v = {-Float.MAX_VALUE, -1f, -Float.MIN_VALUE, -0f, 0f, Float.MIN_VALUE, 1f, Float.MAX_VALUE,
            Float.POSITIVE_INFINITY};
        for (int i = 0; i < v.length; i++) {
            assertEquals(Float.floatToRawIntBits(v[i]),
                    Float.floatToRawIntBits(BisectionSelectionKernel.value(BisectionSelectionKernel.key(v[i]))));
            if (i > 0) {
                assertTrue(BisectionSelectionKernel.key(v[i - 1]) < BisectionSelectionKernel.key(v[i]));
            }
        }
    }

    @Test
    void matchesAFullSortWithTiesZerosAndPrunedMarkers() {
        Random r = new Random(5);
        float[] v = new float[5003];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (i % 5) {
                case 0 -> 0f;
                case 1 -> -Float.MAX_VALUE;
                case 2 -> r.nextInt(7) / 2f;
                default -> (float) r.nextGaussian();
            };
        }
        float[] sorted = v.clone();
        Arrays.sort(sorted);
        HostReadTrap.Trapped scores = HostReadTrap.of(v);
        scores.trap().arm();
        BisectionSelectionKernel k = new BisectionSelectionKernel();
        for (long rank : new long[] {1, 1001, 1002, 2500, 4000, 5003}) {
            assertEquals(sorted[(int) rank - 1], (float) k.kthSmallest(scores.array(), rank), 0f, "k=" + rank);
        }
        scores.trap().disarm();
    }

    @Test
    void isRegisteredButUnsupportedOnTheCpuBackend() {
        INDArray a = Nd4j.createFromArray(1f, 2f);
        assertTrue(Kernels.selectionKernels().stream().anyMatch(s -> s instanceof BisectionSelectionKernel));
        assertFalse(new BisectionSelectionKernel().supports(a));
        assertEquals(50, new BisectionSelectionKernel().priority());
    }
}
