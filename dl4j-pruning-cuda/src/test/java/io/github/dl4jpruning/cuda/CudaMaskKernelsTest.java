package io.github.dl4jpruning.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.kernels.Kernels;
import io.github.dl4jpruning.kernels.PortableMaskKernels;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.spi.MaskKernels;
import io.github.dl4jpruning.testing.HostReadTrap;
import io.github.dl4jpruning.testing.TestNets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The CUDA provider's logic, on the CPU backend (where it reports itself unavailable). */
class CudaMaskKernelsTest {

    @AfterEach
    void cleanUp() {
        System.clearProperty(Kernels.FORCE_MASK_KERNELS);
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
    }

    @Test
    void isFoundByTheServiceLoaderButNotChosenOnTheCpuBackend() {
        assertTrue(Kernels.maskKernels().stream().anyMatch(k -> k instanceof CudaMaskKernels));
        assertFalse(new CudaMaskKernels().isAvailable());
        assertFalse(CudaMaskKernels.cudaBackendActive());
        assertEquals(PortableMaskKernels.class, Kernels.masks().getClass());
        assertEquals(100, new CudaMaskKernels().priority());
        System.setProperty(Kernels.FORCE_MASK_KERNELS, "cuda");
        assertEquals(CudaMaskKernels.class, Kernels.masks().getClass());
    }

    @Test
    void theHotPathReadsNothingOnTheHost() {
        MaskKernels k = new CudaMaskKernels();
        HostReadTrap.Trapped params = HostReadTrap.of(1f, -2f, 3f, -4f);
        HostReadTrap.Trapped mask = HostReadTrap.of(0f, 1f, 1f, 0f);
        params.trap().arm();
        mask.trap().arm();
        k.apply(params.array(), mask.array());
        long n = k.countNonzero(params.array());
        params.trap().disarm();
        mask.trap().disarm();
        assertEquals(2, n);
        assertArrayEquals(new float[] {0f, -2f, 3f, -0f}, params.array().toFloatVector(), 0f);
    }

    /** Two devices simulated: arrays are "on" the device a map says; copies are counted. */
    private static final class TwoDevices implements CudaMaskKernels.Devices {
        final Map<INDArray, Integer> where = new IdentityHashMap<>();
        final List<Integer> copies = new ArrayList<>();

        @Override
        public int deviceOf(INDArray a) {
            return where.getOrDefault(a, 0);
        }

        @Override
        public INDArray copyTo(int device, INDArray a) {
            copies.add(device);
            INDArray c = a.dup();
            where.put(c, device);
            return c;
        }
    }

    @Test
    void aReplicaOnAnotherDeviceIsMadeOnceAndRefreshedAfterAMaskUpdate() {
        TwoDevices d = new TwoDevices();
        CudaMaskKernels k = new CudaMaskKernels(d);
        INDArray mask = Nd4j.createFromArray(1f, 0f, 1f);
        INDArray onDevice1 = Nd4j.createFromArray(2f, 2f, 2f);
        d.where.put(onDevice1, 1);
        for (int i = 0; i < 3; i++) {
            k.apply(onDevice1, mask);                  // three iterations on device 1
        }
        assertEquals(List.of(1), d.copies, "one replica for device 1");
        assertEquals(1, k.replicaCount());
        assertArrayEquals(new float[] {2f, 0f, 2f}, onDevice1.toFloatVector(), 0f);
        mask.assign(Nd4j.createFromArray(0f, 1f, 1f));
        k.maskChanged(mask);
        INDArray again = Nd4j.createFromArray(3f, 3f, 3f);
        d.where.put(again, 1);
        k.apply(again, mask);
        assertEquals(List.of(1, 1), d.copies, "refreshed after the mask update");
        assertArrayEquals(new float[] {0f, 3f, 3f}, again.toFloatVector(), 0f);
        INDArray onDevice0 = Nd4j.createFromArray(4f, 4f, 4f);
        k.apply(onDevice0, mask);
        assertEquals(2, d.copies.size(), "same device as the mask: no copy");
        INDArray params = Nd4j.zeros(5);
        d.where.put(params, 1);
        INDArray allocated = k.allocateMask(params);
        assertEquals(1, d.deviceOf(allocated), "the mask is allocated on the parameters' device");
        assertEquals(5, k.countNonzero(allocated));
    }

    @Test
    void trainingCostsTheSameNumberOfOpsPerIterationWithEitherProvider() {
        long portable = opsPerIteration("portable");
        long cuda = opsPerIteration("cuda");
        assertEquals(portable, cuda);
    }

    private static long opsPerIteration(String provider) {
        System.setProperty(Kernels.FORCE_MASK_KERNELS, provider);
        MultiLayerNetwork net = TestNets.mlp(3, 32, 32);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).build());
        net.addListeners(l);
        l.prune(net, 0.1);
        DataSet batch = TestNets.data().trainIterator(64, 1).next();
        net.fit(batch);
        return TestNets.opsOverFits(net, batch, 4) / 4;
    }
}
