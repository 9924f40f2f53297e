package io.github.dl4jpruning.network;

import io.github.dl4jpruning.kernels.PortableMaskKernels;
import io.github.dl4jpruning.spi.MaskKernels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Gives {@link MultiLayerNetwork} and {@link ComputationGraph} one shape: their layers, flat parameter
 * and gradient views, updater state and epoch counter.
 */
public abstract class NetworkAdapter {

    /**
     * One layer of a network.
     *
     * @param index layer index (MultiLayerNetwork) or vertex index (ComputationGraph)
     * @param name layer name
     * @param conf the layer's configuration
     * @param params the layer's parameter table (views into the flat parameter vector)
     * @param runtime the runtime layer (a wrapper such as {@code PrunedLayerImpl} for wrapped layers, whose
     *        {@code conf} is then the wrapped layer's configuration)
     */
    public record LayerInfo(int index, String name, org.deeplearning4j.nn.conf.layers.Layer conf,
            Map<String, INDArray> params, Layer runtime) {
    }

    /**
     * Wraps a model.
     *
     * @param model a MultiLayerNetwork or ComputationGraph, initialized
     * @return the adapter
     * @throws IllegalArgumentException if the model is null or of another type
     * @throws IllegalStateException if the model has not been initialized
     */
    public static NetworkAdapter of(Object model) {
        NetworkAdapter a;
        if (model instanceof MultiLayerNetwork mln) {
            a = new MlnAdapter(mln);
        } else if (model instanceof ComputationGraph cg) {
            a = new CgAdapter(cg);
        } else {
            throw new IllegalArgumentException("model (" + (model == null ? "null" : model.getClass().getName())
                    + ") must be a org.deeplearning4j.nn.multilayer.MultiLayerNetwork or a "
                    + "org.deeplearning4j.nn.graph.ComputationGraph");
        }
        if (!a.initialized() || a.model().params() == null) {
            throw new IllegalStateException("the " + a.kind() + " has no parameters yet: call init() on it "
                    + "before pruning");
        }
        if (a.model().numParams() == 0) {
            throw new IllegalArgumentException("the " + a.kind() + " has 0 parameters: nothing to prune (its layers "
                    + "are " + a.layers().stream().map(l -> l.conf().getClass().getSimpleName()).toList() + ")");
        }
        return a;
    }

    /**
     * The wrapped model.
     *
     * @return the model
     */
    public abstract Model model();

    /**
     * Whether {@code init()} has been called on the network.
     *
     * @return true once the network has its layers
     */
    abstract boolean initialized();

    /**
     * The model kind for messages.
     *
     * @return "MultiLayerNetwork" or "ComputationGraph"
     */
    public String kind() {
        return model().getClass().getSimpleName();
    }

    /**
     * The layers in parameter order.
     *
     * @return the layers
     */
    public abstract List<LayerInfo> layers();

    /**
     * The flat parameter vector (a rank-1 view of all parameters).
     *
     * @return the parameters
     */
    public INDArray params() {
        return model().params();
    }

    /**
     * The network's configuration as JSON without its training counters (iteration and epoch counts), so that a copy
     * of the network (a ParallelWrapper replica) has the same structure string however long each has trained.
     *
     * @return the JSON
     */
    public String structure() {
        String json = model() instanceof MultiLayerNetwork m ? m.getLayerWiseConfigurations().toJson()
                : ((ComputationGraph) model()).getConfiguration().toJson();
        return json.replaceAll("\"(iterationCount|epochCount)\"\\s*:\\s*-?\\d+", "");
    }

    /**
     * Checks every parameter (weights, biases, normalization statistics...) for NaN and infinite values.
     *
     * @throws IllegalArgumentException naming the first layer and parameter key that hold any, with their count
     */
    public void requireFinite() {
        INDArray flat = flat(params());
        if (countNonFinite(flat) == 0) {
            return;
        }
        for (LayerInfo l : layers()) {
            for (Map.Entry<String, INDArray> p : l.params().entrySet()) {
                long bad = countNonFinite(p.getValue());
                if (bad > 0) {
                    throw new IllegalArgumentException("parameter " + l.name() + "_" + p.getKey() + " (layer "
                            + l.index() + ", " + l.conf().getClass().getSimpleName() + ") holds " + bad + " NaN or "
                            + "infinite values: the model diverged (lower the learning rate) or was corrupted; masks "
                            + "cannot be ranked on it");
                }
            }
        }
        throw new IllegalArgumentException("the parameters hold NaN or infinite values outside every layer's "
                + "parameter table");
    }

    private static long countNonFinite(INDArray a) {
        return Nd4j.getExecutioner().exec(new MatchCondition(a, Conditions.isNan())).getLong(0)
                + Nd4j.getExecutioner().exec(new MatchCondition(a, Conditions.isInfinite())).getLong(0);
    }

    /**
     * The flat gradient view that the updater reads, or null before the first fit.
     *
     * @return the gradients
     */
    public abstract INDArray flatGradients();

    /**
     * The updater (created if needed).
     *
     * @return the updater
     */
    public BaseMultiLayerUpdater<?> updater() {
        return updater(true);
    }

    /**
     * The updater.
     *
     * @param create whether to create it when the network has none yet
     * @return the updater, or null when there is none and {@code create} is false
     */
    public abstract BaseMultiLayerUpdater<?> updater(boolean create);

    /**
     * The configuration of a runtime layer. A frozen runtime ({@code TransferLearning}'s {@code setFeatureExtractor},
     * or a {@code FrozenLayerWithBackprop}) answers {@code conf()} with the layer it wraps, so it is described here by
     * DL4J's frozen configuration around that layer: the registry then treats it as frozen (nothing to prune), not as
     * the Dense or convolution layer inside.
     *
     * @param l a runtime layer
     * @return its configuration
     */
    static org.deeplearning4j.nn.conf.layers.Layer confOf(org.deeplearning4j.nn.api.Layer l) {
        org.deeplearning4j.nn.conf.layers.Layer inner = l.conf().getLayer();
        if (l instanceof org.deeplearning4j.nn.layers.FrozenLayer) {
            return new org.deeplearning4j.nn.conf.layers.misc.FrozenLayer(inner);
        }
        if (l instanceof org.deeplearning4j.nn.layers.FrozenLayerWithBackprop) {
            return new org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop(inner);
        }
        return inner;
    }

    /**
     * The training listeners attached to the network.
     *
     * @return the listeners (empty when none)
     */
    public java.util.Collection<TrainingListener> listeners() {
        java.util.Collection<TrainingListener> l = model() instanceof MultiLayerNetwork m ? m.getListeners()
                : ((ComputationGraph) model()).getListeners();
        return l == null ? List.of() : l;
    }

    /**
     * Adds a training listener to the network (keeping the ones it has).
     *
     * @param listener the listener
     */
    public abstract void addListener(TrainingListener listener);

    /**
     * Iterations (minibatches) trained so far (DL4J's iteration counter).
     *
     * @return the count
     */
    public abstract int iterationCount();

    /**
     * Computes the gradient of the loss on one minibatch without updating anything, into the network's flat
     * gradient view.
     *
     * @param batch features and labels
     * @return the flat gradient view (valid until the next gradient computation)
     */
    public abstract INDArray computeGradient(org.nd4j.linalg.dataset.api.DataSet batch);

    /**
     * The loss on a dataset (DL4J's {@code score(DataSet, false)}: test mode, regularization included).
     *
     * @param data features and labels
     * @return the loss
     */
    public abstract double score(org.nd4j.linalg.dataset.DataSet data);

    /**
     * The network's output for some features (test mode; the single output of a graph).
     *
     * @param features the features
     * @return the output
     */
    public abstract INDArray output(INDArray features);

    /**
     * Epochs finished so far (DL4J's 0-based epoch counter).
     *
     * @return the count
     */
    public abstract int epochCount();

    /**
     * Multiplies the optimizer state (Adam's M and V, momentum...) by the mask, so that pruned positions
     * restart from zero. Each updater block's state is one or more block-length segments laid out one
     * after the other; every segment is multiplied by the block's slice of the mask.
     *
     * @param mask the flat mask over the parameter vector
     * @throws IllegalStateException if an updater's state is not a whole multiple of its block length
     */
    public void maskUpdaterState(INDArray mask) {
        maskUpdaterState(mask, new PortableMaskKernels());
    }

    /**
     * As {@link #maskUpdaterState(INDArray)}, multiplying with a given mask-kernel provider.
     *
     * @param mask the flat mask over the parameter vector
     * @param kernels the provider that does the multiplications
     * @throws IllegalStateException if an updater's state is not a whole multiple of its block length
     */
    public void maskUpdaterState(INDArray mask, MaskKernels kernels) {
        BaseMultiLayerUpdater<?> u = updater();
        if (u == null || u.getStateViewArray() == null) {
            return;
        }
        INDArray state = flat(u.getStateViewArray());
        INDArray m = flat(mask);
        for (UpdaterBlock b : u.getUpdaterBlocks()) {
            long ps = b.getParamOffsetStart();
            long pl = b.getParamOffsetEnd() - ps;
            long us = b.getUpdaterViewOffsetStart();
            long ul = b.getUpdaterViewOffsetEnd() - us;
            if (ul == 0 || pl == 0) {
                continue;
            }
            if (ul % pl != 0) {
                throw new IllegalStateException("updater " + b.getGradientUpdater().getClass().getSimpleName()
                        + " keeps " + ul + " state values for " + pl + " parameters: not a whole multiple, "
                        + "cannot mask its state");
            }
            INDArray blockMask = m.get(NDArrayIndex.interval(ps, ps + pl));
            for (long j = 0; j < ul / pl; j++) {
                kernels.apply(state.get(NDArrayIndex.interval(us + j * pl, us + (j + 1) * pl)), blockMask);
            }
        }
    }

    /**
     * A rank-1 view of a flat {@code [1, n]} or {@code [n]} array.
     *
     * @param a the array
     * @return a rank-1 view (the array itself if already rank 1)
     */
    public static INDArray flat(INDArray a) {
        return a.rank() == 1 ? a : a.reshape(a.length());
    }
}
