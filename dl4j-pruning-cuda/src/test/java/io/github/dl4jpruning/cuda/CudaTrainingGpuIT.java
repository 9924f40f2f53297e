package io.github.dl4jpruning.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.kernels.Kernels;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.testing.TestNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * On a GPU (mvn -Pcuda verify -pl dl4j-pruning-cuda -am): IMP on the Fashion-MNIST fixture with the CUDA
 * provider; masks on the parameters' device, exact zeros, exact density. Skipped, with the reason, where the
 * ND4J backend is not CUDA.
 */
class CudaTrainingGpuIT {

    @BeforeEach
    void requireCuda() {
        Assumptions.assumeTrue(CudaMaskKernels.cudaBackendActive(), "no CUDA device: the ND4J backend is "
                + Nd4j.getBackend().getClass().getName() + ", not " + CudaMaskKernels.CUDA_BACKEND);
    }

    @Test
    void impOnTheGpuKeepsMasksOnTheParametersDeviceAndZerosExact() {
        assertEquals(CudaMaskKernels.class, Kernels.masks().getClass());
        MultiLayerNetwork net = TestNets.mlp(42, 300, 100);
        PruningListener l = new PruningListener(PruningConfig.builder()
                .schedule(new IterativeSchedule(1, 0.5, 1, 0.1)).build());
        net.addListeners(l);
        net.fit(TestNets.data().trainIterator(128, 42), 5);
        assertEquals(Nd4j.getAffinityManager().getDeviceForArray(net.params()),
                Nd4j.getAffinityManager().getDeviceForArray(l.state().orElseThrow().mask()));
        assertEquals(Math.round(0.1 * 266200), l.report(net).nonzeroCount());
        assertEquals(0, TestNets.revivedCount(net.params(), l.state().orElseThrow().mask()));
        assertTrue(net.evaluate(TestNets.data().testIterator(200)).accuracy() > 0.5);
    }
}
