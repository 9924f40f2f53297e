package io.github.dl4jpruning.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.kernels.Kernels;
import io.github.dl4jpruning.kernels.PortableMaskKernels;
import io.github.dl4jpruning.testing.HostReadTrap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every mask-kernel provider on the class path (core's portable one; backend modules add theirs): results, and no
 * host read of mask or parameter buffers in the per-iteration operations ({@link HostReadTrap}).
 */
class MaskKernelsContractTest {

    static Stream<MaskKernels> providers() {
        return Kernels.maskKernels().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void applyMultipliesInPlaceWithoutReadingBuffersOnTheHost(MaskKernels k) {
        HostReadTrap.Trapped params = HostReadTrap.of(1f, -2f, 3f, -4f, 5f);
        HostReadTrap.Trapped mask = HostReadTrap.of(1f, 0f, 1f, 0f, 1f);
        params.trap().arm();
        mask.trap().arm();
        k.apply(params.array(), mask.array());
        k.apply(params.array(), mask.array());
        long n = k.countNonzero(params.array());
        k.maskChanged(mask.array());
        params.trap().disarm();
        mask.trap().disarm();
        assertEquals(3, n);
        assertArrayEquals(new float[] {1f, 0f, 3f, -0f, 5f}, params.array().toFloatVector(), 0f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void preparedMultiplyDoesWhatApplyDoesEveryTimeItRunsWithoutHostReads(MaskKernels k) {
        HostReadTrap.Trapped params = HostReadTrap.of(1f, -2f, 3f, -4f, 5f);
        HostReadTrap.Trapped mask = HostReadTrap.of(1f, 0f, 1f, 0f, 1f);
        MaskKernels.Multiply m = k.prepare(params.array(), mask.array());
        params.trap().arm();
        mask.trap().arm();
        m.run();
        params.trap().disarm();
        mask.trap().disarm();
        assertArrayEquals(new float[] {1f, 0f, 3f, -0f, 5f}, params.array().toFloatVector(), 0f);
        params.array().assign(Nd4j.createFromArray(7f, 8f, 9f, 10f, 11f));   // new values, same arrays
        mask.array().assign(Nd4j.createFromArray(0f, 1f, 1f, 1f, 0f));
        m.run();
        assertArrayEquals(new float[] {0f, 8f, 9f, 10f, 0f}, params.array().toFloatVector(), 0f);
        INDArray row = Nd4j.createFromArray(new float[][] {{1f, 2f, 3f}});     // [1, 3] target, rank-1 mask
        k.prepare(row, Nd4j.createFromArray(0f, 1f, 0f)).run();
        assertArrayEquals(new float[] {0f, 2f, 0f}, row.toFloatVector(), 0f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void allocatesOnesLikeTheParametersAndCountsExactly(MaskKernels k) {
        INDArray params = Nd4j.rand(DataType.FLOAT, 1, 1000);
        INDArray mask = k.allocateMask(params.reshape(1000));
        assertEquals(1, mask.rank());
        assertEquals(1000, mask.length());
        assertEquals(DataType.FLOAT, mask.dataType());
        assertEquals(1000, k.countNonzero(mask));
        assertEquals(0, k.countNonzero(Nd4j.zeros(DataType.DOUBLE, 7)));
        assertTrue(k.name() != null && !k.name().isBlank());
    }

    @Test
    void onTheCpuBackendThePortableProviderIsChosen() {
        assertEquals(PortableMaskKernels.class, Kernels.masks().getClass());
        assertEquals(0, new PortableMaskKernels().priority());
    }
}
