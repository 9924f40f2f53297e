package io.github.dl4jpruning.testing;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads a network back at its pruned positions, for assertions that a pruned weight stayed exactly zero and that the
 * optimizer cannot revive it. The updater state is read block by block from DL4J's own layout (one updater block per
 * run of layers with equal updater configuration; a block's state is {@code k} segments, each as long as the
 * block's parameters: 1 for Nesterovs/Sgd-momentum, 2 for Adam's M and V), not through the library's code.
 */
public final class PrunedPositions {

    private PrunedPositions() {
    }

    /**
     * Counts the parameters that are not exactly 0.0 where the flat mask is 0.
     *
     * @param model the network
     * @param flatMask the mask over the flat parameter vector
     * @return the number of revived pruned weights (0 is the contract)
     */
    public static long nonzeroParams(Model model, INDArray flatMask) {
        float[] p = model.params().reshape(model.params().length()).toFloatVector();
        float[] m = flatMask.reshape(flatMask.length()).toFloatVector();
        long n = 0;
        for (int i = 0; i < p.length; i++) {
            if (m[i] == 0f && p[i] != 0f) {
                n++;
            }
        }
        return n;
    }

    /**
     * Counts the optimizer-state values that are not exactly 0.0 at pruned positions, over every updater block.
     *
     * @param model the network (after at least one fit, so that it has an updater)
     * @param flatMask the mask over the flat parameter vector
     * @return the number of non-zero state values at pruned positions (0 is the contract)
     * @throws AssertionError if the network has no updater state or a block's state is not whole segments
     */
    public static long nonzeroUpdaterState(Model model, INDArray flatMask) {
        BaseMultiLayerUpdater<?> u = updater(model);
        if (u == null || u.getStateViewArray() == null) {
            throw new AssertionError("the network has no updater state yet: fit it first");
        }
        float[] state = u.getStateViewArray().reshape(u.getStateViewArray().length()).toFloatVector();
        float[] m = flatMask.reshape(flatMask.length()).toFloatVector();
        long n = 0;
        for (UpdaterBlock b : u.getUpdaterBlocks()) {
            int ps = (int) b.getParamOffsetStart();
            int pl = (int) (b.getParamOffsetEnd() - ps);
            int us = (int) b.getUpdaterViewOffsetStart();
            int ul = (int) (b.getUpdaterViewOffsetEnd() - us);
            if (pl == 0 || ul == 0) {
                continue;
            }
            if (ul % pl != 0) {
                throw new AssertionError("updater block state of " + ul + " values for " + pl + " parameters");
            }
            for (int seg = 0; seg < ul / pl; seg++) {
                for (int i = 0; i < pl; i++) {
                    if (m[ps + i] == 0f && state[us + seg * pl + i] != 0f) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /**
     * Counts the positions where the flat mask is 0.
     *
     * @param flatMask the mask
     * @return the number of pruned positions
     */
    public static long prunedCount(INDArray flatMask) {
        long n = 0;
        for (float v : flatMask.reshape(flatMask.length()).toFloatVector()) {
            if (v == 0f) {
                n++;
            }
        }
        return n;
    }

    /**
     * The updater of a MultiLayerNetwork or ComputationGraph, or null when it has none yet.
     *
     * @param model the network
     * @return the updater
     */
    public static BaseMultiLayerUpdater<?> updater(Model model) {
        return model instanceof MultiLayerNetwork n ? (BaseMultiLayerUpdater<?>) n.getUpdater(false)
                : ((ComputationGraph) model).getUpdater(false);
    }
}
