package io.github.dl4jpruning.engine;

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
}
