package io.github.dl4jpruning.nn.layers;

import io.github.dl4jpruning.nn.conf.PrunedLayer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runtime of {@link PrunedLayer}: a layer whose pruned weights stay exactly zero.
 *
 * <p>The masks are 0/1 arrays shaped like the pruned parameters, with their data type, on their device.
 * They are created at the first use from the weights' exact zeros (none in a fresh layer; the pruned ones
 * in a restored model) unless a listener has handed in views of its flat mask.
 *
 * <p>On its own (no listener), per iteration: the weights are multiplied by the masks before the forward
 * pass (training and inference), the gradients after backprop, and the weights again after the update
 * ({@code applyConstraints}, which DL4J calls after every update). When a {@code PruningListener} binds
 * to the network it calls {@link #delegateMasking}: the masks become views of the listener's flat mask
 * and this layer stops masking, since the listener masks the whole network in one operation. If the
 * listener stops calling {@link MaskOwnership#iterationDone()} (it was removed), the layer notices at the
 * end of the next iteration and masks on its own again, with the listener's last masks.
 */
public class PrunedLayerImpl extends BaseWrapperLayer {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(PrunedLayerImpl.class);

    private final PrunedLayer wrapperConf;
    private transient Map<String, INDArray> masks;
    private transient MaskOwnership owner;
    private transient long ownerIterationsSeen;
    private transient boolean warnedNoListener;

    /**
     * Wraps an instantiated layer.
     *
     * @param underlying the runtime layer to prune
     * @param wrapperConf the wrapper's configuration (settings and pruned parameter keys)
     */
    public PrunedLayerImpl(Layer underlying, PrunedLayer wrapperConf) {
        super(underlying);
        this.wrapperConf = wrapperConf;
    }

    /**
     * Wraps an instantiated layer in the runtime that fits it: a {@link PrunedOutputLayerImpl} (itself an
     * {@code IOutputLayer}, as DL4J requires of the last layer of a network and of a graph's output vertices) for
     * an output layer, a {@code PrunedLayerImpl} for any other layer.
     *
     * @param underlying the runtime layer to prune
     * @param wrapperConf the wrapper's configuration
     * @return the runtime wrapper
     */
    public static PrunedLayerImpl wrap(Layer underlying, PrunedLayer wrapperConf) {
        return underlying instanceof IOutputLayer out ? new PrunedOutputLayerImpl(out, wrapperConf)
                : new PrunedLayerImpl(underlying, wrapperConf);
    }

    /**
     * The wrapper's configuration.
     *
     * @return the configuration with this layer's pruning settings
     */
    public PrunedLayer wrapperConf() {
        return wrapperConf;
    }

    /**
     * The masks per pruned parameter key (created from the weights' zeros if not yet there).
     *
     * @return an unmodifiable map from parameter key to its mask (a device array shaped like the parameter)
     */
    public Map<String, INDArray> masks() {
        ensureMasks();
        return Collections.unmodifiableMap(masks);
    }

    /**
     * Whether a listener currently does the masking for this layer.
     *
     * @return true between {@link #delegateMasking} and the first iteration the owner missed
     */
    public boolean isDelegated() {
        return owner != null;
    }

    /**
     * Hands the masking over to a listener: the given views of its flat mask become this layer's masks,
     * and this layer stops masking while {@code owner} reports every iteration. The caller must first
     * {@link #applyMasks() apply} the layer's old masks so that no pruned weight is lost.
     *
     * @param maskViews one mask per pruned parameter key, shaped like the parameter
     * @param owner the handshake the listener advances every iteration
     * @throws IllegalArgumentException if a key is missing or a shape does not match its parameter
     */
    public void delegateMasking(Map<String, INDArray> maskViews, MaskOwnership owner) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (String key : wrapperConf.prunedParamKeys()) {
            INDArray view = maskViews.get(key);
            INDArray p = underlying.getParam(key);
            if (view == null || p == null || !java.util.Arrays.equals(view.shape(), p.shape())) {
                throw new IllegalArgumentException("mask for parameter " + key + " of layer \""
                        + underlying.conf().getLayer().getLayerName() + "\" has shape "
                        + (view == null ? "(none)" : java.util.Arrays.toString(view.shape())) + ", the parameter has "
                        + (p == null ? "(none)" : java.util.Arrays.toString(p.shape())));
            }
            m.put(key, view);
        }
        this.masks = m;
        this.owner = owner;
        this.ownerIterationsSeen = owner.iterations();
    }

    /**
     * Takes the masking back from the listener it was handed to (which is going away): the layer masks on its own
     * again from the next forward pass, with the masks it holds (the listener's last ones).
     */
    public void reclaimMasking() {
        owner = null;
    }

    /** Multiplies the masks into the weights now: every pruned weight becomes exactly 0.0. */
    public void applyMasks() {
        ensureMasks();
        for (Map.Entry<String, INDArray> e : masks.entrySet()) {
            underlying.getParam(e.getKey()).muli(e.getValue());
        }
    }

    private void ensureMasks() {
        if (masks != null) {
            return;
        }
        Map<String, INDArray> m = new LinkedHashMap<>();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (String key : wrapperConf.prunedParamKeys()) {
                INDArray p = underlying.getParam(key);
                if (p != null) {
                    m.put(key, p.neq(0.0).castTo(p.dataType()));
                }
            }
        }
        masks = m;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (owner == null) {
            applyMasks();
        }
        return underlying.activate(training, workspaceMgr);
    }

    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (owner == null) {
            applyMasks();
        }
        return underlying.activate(input, training, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        Pair<Gradient, INDArray> out = underlying.backpropGradient(epsilon, workspaceMgr);
        if (owner == null) {
            ensureMasks();
            for (Map.Entry<String, INDArray> e : masks.entrySet()) {
                INDArray g = out.getFirst().getGradientFor(e.getKey());
                if (g != null) {
                    g.muli(e.getValue());
                }
            }
        }
        return out;
    }

    @Override
    public void applyConstraints(int iteration, int epoch) {
        underlying.applyConstraints(iteration, epoch);
        if (owner != null) {
            if (owner.iterations() != ownerIterationsSeen) {
                ownerIterationsSeen = owner.iterations();
                return;
            }
            owner = null;     // the listener missed an iteration: it was removed
        }
        if (!warnedNoListener && wrapperConf.settings().targetDensity().isPresent()) {
            warnedNoListener = true;
            log.warn("Layer \"{}\" is wrapped with targetDensity {} but trains without a PruningListener: its "
                    + "existing zeros are kept, nothing more is pruned. To prune it: net.addListeners(new "
                    + "PruningListener(config))", underlying.conf().getLayer().getLayerName(),
                    wrapperConf.settings().targetDensity().getAsDouble());
        }
        applyMasks();
    }

    @Override
    public String toString() {
        return "PrunedLayerImpl(" + underlying + ", " + wrapperConf.settings() + ")";
    }
}
