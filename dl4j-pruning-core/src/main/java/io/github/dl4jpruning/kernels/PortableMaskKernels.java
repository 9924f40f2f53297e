package io.github.dl4jpruning.kernels;

import io.github.dl4jpruning.spi.MaskKernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The portable mask operations: plain ND4J ops, which run on whatever device the arrays live on (one
 * element-wise multiply per {@link #apply}; a comparison, a cast and an integer sum per count). Priority 0,
 * always available.
 */
public final class PortableMaskKernels implements MaskKernels {

    /** Creates the provider. */
    public PortableMaskKernels() {
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public String name() {
        return "portable";
    }

    @Override
    public INDArray allocateMask(INDArray params) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.ones(params.dataType(), params.length());
        }
    }

    @Override
    public void apply(INDArray target, INDArray mask) {
        target.muli(mask);
    }

    @Override
    public long countNonzero(INDArray a) {
        return a.neq(0.0).castTo(DataType.INT64).sumNumber().longValue();
    }
}
