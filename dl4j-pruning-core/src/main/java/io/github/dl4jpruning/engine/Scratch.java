package io.github.dl4jpruning.engine;

import io.github.dl4jpruning.spi.MaskKernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scratch buffers of one network copy (the main network or one ParallelWrapper replica): allocated once, outside
 * any workspace, at the first iteration that needs them, and reused on every later one. Touched by one thread.
 */
final class Scratch {

    private INDArray flat;
    private INDArray row;

    /**
     * A flat buffer as long as the parameter vector.
     *
     * @param length the parameter count
     * @param dataType the parameters' data type
     * @return the rank-1 buffer
     */
    INDArray flat(long length, DataType dataType) {
        if (flat == null) {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                flat = Nd4j.createUninitialized(dataType, length);
                row = flat.reshape(1, length);
            }
        }
        return flat;
    }

    /**
     * The same buffer as {@code [1, n]}; call {@link #flat} first.
     *
     * @return the row view
     */
    INDArray row() {
        return row;
    }

    /** The prepared gradient multiply and its arrays. */
    private final Prepared gradient = new Prepared();

    /** The prepared parameter multiply and its arrays. */
    private final Prepared params = new Prepared();

    /**
     * Multiplies the copy's flat gradient by the mask with a multiply prepared once per pair of arrays.
     *
     * @param kernels the mask kernels
     * @param target the flat gradient
     * @param mask the mask of the same shape
     */
    void maskGradient(MaskKernels kernels, INDArray target, INDArray mask) {
        gradient.run(kernels, target, mask);
    }

    /**
     * Multiplies the copy's flat parameters by the mask with a multiply prepared once per pair of arrays.
     *
     * @param kernels the mask kernels
     * @param target the flat parameters
     * @param mask the mask of the same shape
     */
    void maskParams(MaskKernels kernels, INDArray target, INDArray mask) {
        params.run(kernels, target, mask);
    }

    /** One prepared multiply, prepared again when an array changes. */
    private static final class Prepared {
        private INDArray target;
        private INDArray mask;
        private MaskKernels kernels;
        private MaskKernels.Multiply multiply;

        void run(MaskKernels k, INDArray t, INDArray m) {
            if (t != target || m != mask || k != kernels) {
                multiply = k.prepare(t, m);
                target = t;
                mask = m;
                kernels = k;
            }
            multiply.run();
        }
    }
}
