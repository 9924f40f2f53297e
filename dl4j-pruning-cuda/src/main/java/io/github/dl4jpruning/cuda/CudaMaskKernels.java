package io.github.dl4jpruning.cuda;

import io.github.dl4jpruning.spi.MaskKernels;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mask kernels for ND4J's CUDA backend: the mask is allocated on the device that holds the parameters
 * (through ND4J's affinity manager), and when a network replica on another device (ParallelWrapper, several
 * GPUs) is masked, a per-device replica of the mask is made once and refreshed only after a mask update; the
 * per-iteration multiply then runs on that device. Counting uses device reductions and reads back one scalar.
 * Nothing is copied to the host in the training loop.
 *
 * <p>Available when the ND4J backend is CUDA ({@code JCublasBackend}); priority 100, above core's portable
 * provider. Registered for {@link java.util.ServiceLoader} in {@code META-INF/services}.
 */
public final class CudaMaskKernels implements MaskKernels {

    /** Class name of ND4J's CUDA backend. */
    public static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

    private final Devices devices;
    private final AtomicLong version = new AtomicLong();
    private final Map<ReplicaKey, Replica> replicas = new ConcurrentHashMap<>();

    /** Creates the provider over ND4J's affinity manager (ServiceLoader constructor). */
    public CudaMaskKernels() {
        this(Devices.ND4J);
    }

    /**
     * Creates the provider over a device model (tests).
     *
     * @param devices where arrays live and how they are copied between devices
     */
    CudaMaskKernels(Devices devices) {
        this.devices = devices;
    }

    /**
     * Where arrays live and how one is copied to another device: ND4J's affinity manager, or a stand-in in tests.
     */
    interface Devices {
        /** ND4J's affinity manager. */
        Devices ND4J = new Devices() {
            @Override
            public int deviceOf(INDArray a) {
                Integer d = Nd4j.getAffinityManager().getDeviceForArray(a);
                return d == null ? 0 : d;
            }

            @Override
            public INDArray copyTo(int device, INDArray a) {
                return Nd4j.getAffinityManager().replicateToDevice(device, a);
            }
        };

        /**
         * The device an array lives on.
         *
         * @param a the array
         * @return the device id
         */
        int deviceOf(INDArray a);

        /**
         * A copy of an array on a device.
         *
         * @param device the device id
         * @param a the array
         * @return the copy
         */
        INDArray copyTo(int device, INDArray a);
    }

    /**
     * Whether ND4J's backend is the CUDA backend.
     *
     * @return true under {@code nd4j-cuda}
     */
    public static boolean cudaBackendActive() {
        return Nd4j.getBackend().getClass().getName().equals(CUDA_BACKEND);
    }

    @Override
    public boolean isAvailable() {
        return cudaBackendActive();
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public INDArray allocateMask(INDArray params) {
        int device = devices.deviceOf(params);
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray ones = Nd4j.ones(params.dataType(), params.length());
            return devices.deviceOf(ones) == device ? ones : devices.copyTo(device, ones);
        }
    }

    @Override
    public void apply(INDArray target, INDArray mask) {
        int device = devices.deviceOf(target);
        target.muli(device == devices.deviceOf(mask) ? mask : replica(mask, device));
    }

    private INDArray replica(INDArray mask, int device) {
        long v = version.get();
        ReplicaKey key = new ReplicaKey(mask, device);
        Replica r = replicas.get(key);
        if (r == null || r.version != v) {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                r = new Replica(v, devices.copyTo(device, mask));
            }
            replicas.put(key, r);
        }
        return r.copy;
    }

    /**
     * Number of device replicas currently kept (tests).
     *
     * @return the count
     */
    int replicaCount() {
        return replicas.size();
    }

    @Override
    public void maskChanged(INDArray mask) {
        version.incrementAndGet();
    }

    @Override
    public long countNonzero(INDArray a) {
        return a.neq(0.0).castTo(DataType.INT64).sumNumber().longValue();
    }

    @Override
    public String toString() {
        return "CudaMaskKernels(available=" + isAvailable() + ")";
    }

    /** A mask (by identity) on a device. */
    private static final class ReplicaKey {
        private final INDArray mask;
        private final int device;

        ReplicaKey(INDArray mask, int device) {
            this.mask = mask;
            this.device = device;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ReplicaKey k && k.mask == mask && k.device == device;
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(mask) + device;
        }
    }

    /** A device copy of a mask and the mask version it was made from. */
    private record Replica(long version, INDArray copy) {
    }
}
