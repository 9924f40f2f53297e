package io.github.dl4jpruning.engine;

import io.github.dl4jpruning.network.NetworkAdapter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The sum of the raw minibatch gradients since the last mask update, laid out like the flat parameters, for
 * gradient-based criteria (Taylor, SNIP). One in-place add per iteration, on the device; reset after every mask
 * update. Only the main network's gradients are added (ParallelWrapper replicas are not).
 */
final class GradientAccumulator {

    private final INDArray sum;
    private final INDArray sumRow;
    private long batches;

    /**
     * Allocates a zero accumulator outside any workspace.
     *
     * @param length the parameter count
     * @param dataType the parameters' data type
     */
    GradientAccumulator(long length, DataType dataType) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            sum = Nd4j.zeros(dataType, length);
            sumRow = sum.reshape(1, length);
        }
    }

    /**
     * Adds one minibatch's gradient.
     *
     * @param gradient the flat gradient, {@code [n]} or {@code [1, n]}
     */
    void add(INDArray gradient) {
        (gradient.rank() != 1 ? sumRow : sum).addi(gradient);
        batches++;
    }

    /**
     * The sum (a live device array: copy it to keep it).
     *
     * @return the flat sum
     */
    INDArray sum() {
        return sum;
    }

    /**
     * Minibatches in the sum.
     *
     * @return the count since the last reset
     */
    long batches() {
        return batches;
    }

    /**
     * Adds the raw gradients of up to {@code batches} minibatches, computed without training (parameters and
     * optimizer state unchanged).
     *
     * @param net the network
     * @param data minibatches; read from its current position
     * @param batches how many minibatches to use
     * @return the number used
     * @throws IllegalArgumentException if {@code data} has no minibatch
     */
    int collect(NetworkAdapter net, DataSetIterator data, int batches) {
        int used = 0;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            while (used < batches && data.hasNext()) {
                INDArray g = net.computeGradient(data.next());
                add(g.rank() == 1 ? g : NetworkAdapter.flat(g));
                used++;
            }
        }
        if (used == 0) {
            throw new IllegalArgumentException("data has no minibatch left: reset it or pass a fresh iterator");
        }
        return used;
    }

    /** Zeroes the sum after a mask update. */
    void reset() {
        sum.assign(0.0);
        batches = 0;
    }

    /**
     * Replaces the sum with saved values.
     *
     * @param saved the saved flat sum
     * @param savedBatches minibatches in it
     * @throws IllegalArgumentException if the length differs or the count is negative
     */
    void restore(INDArray saved, long savedBatches) {
        if (saved.length() != sum.length()) {
            throw new IllegalArgumentException("gradient accumulator length (" + saved.length() + ") must equal the "
                    + "network's parameter count (" + sum.length() + ")");
        }
        if (savedBatches < 0) {
            throw new IllegalArgumentException("gradientBatches (" + savedBatches + ") must be >= 0");
        }
        sum.assign(NetworkAdapter.flat(saved).castTo(sum.dataType()));
        batches = savedBatches;
    }
}
