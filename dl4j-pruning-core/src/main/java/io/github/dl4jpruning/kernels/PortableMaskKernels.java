package io.github.dl4jpruning.kernels;

import io.github.dl4jpruning.spi.MaskKernels;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
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

    /**
     * Same-shape, same-type pairs (the engine's flat gradient and parameters) get one {@code multiply} op with a
     * native op context built once: each run is a single native call, without the per-call context set-up that
     * {@code muli} pays. Other pairs run {@link #apply}.
     */
    @Override
    public Multiply prepare(INDArray target, INDArray mask) {
        if (!Arrays.equals(target.shape(), mask.shape()) || target.dataType() != mask.dataType()) {
            return () -> apply(target, mask);
        }
        OpContext ctx = Nd4j.getExecutioner().buildContext();
        ctx.setInputArrays(target, mask);
        ctx.setOutputArrays(target);
        MulOp op = new MulOp();
        return () -> Nd4j.getExecutioner().exec(op, ctx);
    }

    @Override
    public long countNonzero(INDArray a) {
        return a.neq(0.0).castTo(DataType.INT64).sumNumber().longValue();
    }
}
