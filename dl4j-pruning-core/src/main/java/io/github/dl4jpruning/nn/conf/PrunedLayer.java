package io.github.dl4jpruning.nn.conf;

import io.github.dl4jpruning.criterion.Criterion;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.nn.layers.PrunedLayerImpl;
import io.github.dl4jpruning.registry.LayerSupport;
import io.github.dl4jpruning.registry.PrunableLayerRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.api.layers.LayerConstraint;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffOutputLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Declares pruning in network builder code: wraps a prunable layer and carries its per-layer pruning
 * settings ({@link LayerPruning}). Conf/runtime split as DL4J's {@code FrozenLayerWithBackprop}: this
 * configuration instantiates a {@link PrunedLayerImpl}, which keeps the layer's masks on the parameters'
 * device and applies them in the forward pass, to the gradients in backprop and after every update, so a
 * network with wrappers keeps its pruned weights at exactly zero even without a {@code PruningListener}.
 * With a listener attached, the listener takes the masking over (one flat multiply for the whole network)
 * and uses these settings.
 *
 * <pre>{@code
 * .layer(new PrunedLayer.Builder()
 *         .layer(new DenseLayer.Builder().nIn(784).nOut(300).activation(Activation.RELU).build())
 *         .targetDensity(0.1)
 *         .build())
 * }</pre>
 *
 * <p>Any prunable layer can be wrapped, output layers included (as TF-MOT's {@code prune_low_magnitude}): when the
 * wrapped layer is an output layer ({@code OutputLayer}, {@code RnnOutputLayer}, {@code CenterLossOutputLayer}...),
 * the runtime is a {@link io.github.dl4jpruning.nn.layers.PrunedOutputLayerImpl}, which is itself an
 * {@code IOutputLayer}, as DL4J requires of the last layer of a {@code MultiLayerNetwork} and of a graph's output
 * vertices. Output layers without weights ({@code LossLayer}, {@code RnnLossLayer}, {@code CnnLossLayer},
 * {@code Cnn3DLossLayer}, {@code Yolo2OutputLayer}) have nothing to prune and are refused.
 *
 * <p>Everything DL4J asks a layer configuration while it builds a network (input and output types, nIn, input
 * preprocessors, updaters, regularization, gradient normalization, memory reports) is answered by the wrapped
 * layer. One thing DL4J does not ask: with no {@code setInputType(...)}, a {@code MultiLayerNetwork} configuration
 * infers its input type from the class of its first layer, which a wrapper hides; {@link InputTypeInference} finds
 * the networks this changes, and binding a {@code PruningListener} to one fails with the fix
 * ({@code .setInputType(InputType.recurrent(nIn))} or the like).
 *
 * <p>The class name is stored in network JSON: it is public API once a model has been saved.
 */
public class PrunedLayer extends BaseWrapperLayer {

    private static final long serialVersionUID = 1L;

    @JsonProperty("settings")
    private LayerPruning settings;

    /**
     * Wraps a layer (also the JSON constructor).
     *
     * @param underlying the layer to prune
     * @param settings its pruning settings (null: the network-wide ones)
     * @throws IllegalArgumentException if the layer is null, already wrapped, not a prunable layer type (an output
     *         layer without weights included), or an excluded key is not one of its prunable keys
     */
    @JsonCreator
    public PrunedLayer(@JsonProperty("underlying") Layer underlying, @JsonProperty("settings") LayerPruning settings) {
        super(underlying);
        this.settings = settings == null ? LayerPruning.DEFAULTS : settings;
        validate(underlying, this.settings);
        if (underlying.getLayerName() != null) {
            setLayerName(underlying.getLayerName());
        }
    }

    private static void validate(Layer underlying, LayerPruning settings) {
        if (underlying == null) {
            throw new IllegalArgumentException("layer must be set: new PrunedLayer.Builder().layer(new DenseLayer"
                    + ".Builder()...build())");
        }
        String what = underlying.getClass().getSimpleName()
                + (underlying.getLayerName() == null ? "" : " \"" + underlying.getLayerName() + "\"");
        if (underlying instanceof BaseWrapperLayer) {
            throw new IllegalArgumentException("layer (" + what + ") is already a wrapper layer: wrap the "
                    + "prunable layer itself, once");
        }
        LayerSupport s = PrunableLayerRegistry.defaults().support(underlying);
        if (isOutputLayer(underlying) && s.status() == LayerSupport.Status.NOTHING_TO_PRUNE) {
            throw new IllegalArgumentException("layer (" + what + ") is an output layer without weights (it applies "
                    + "its loss to its input): there is nothing to prune; add it unwrapped. Output layers with "
                    + "weights can be wrapped: " + PrunableLayerRegistry.defaults().describePrunable());
        }
        if (s.status() != LayerSupport.Status.PRUNABLE) {
            throw new IllegalArgumentException("layer (" + what + ") "
                    + (s.status() == LayerSupport.Status.NOTHING_TO_PRUNE ? "has nothing to prune"
                            : "is not a supported layer type for pruning")
                    + ". Supported: " + PrunableLayerRegistry.defaults().describePrunable());
        }
        for (String k : settings.excludedParams()) {
            if (!s.paramKeys().contains(k)) {
                throw new IllegalArgumentException("excludedParams (" + k + ") is not a prunable parameter of "
                        + what + "; its prunable parameters are " + s.paramKeys());
            }
        }
        if (settings.excludedParams().containsAll(s.paramKeys())) {
            throw new IllegalArgumentException("excludedParams (" + settings.excludedParams() + ") excludes every "
                    + "prunable parameter of " + what + ": leave the layer unwrapped instead");
        }
    }

    /**
     * Whether DL4J treats a layer configuration as an output layer (structured pruning never removes its units).
     *
     * @param layer a layer configuration
     * @return true for output and loss layers
     */
    public static boolean isOutputLayer(Layer layer) {
        return layer instanceof BaseOutputLayer || layer instanceof LossLayer || layer instanceof RnnLossLayer
                || layer instanceof CnnLossLayer || layer instanceof Cnn3DLossLayer
                || layer instanceof Yolo2OutputLayer || layer instanceof SameDiffOutputLayer;
    }

    /**
     * A copy of a network configuration with every {@code PrunedLayer} replaced by (a copy of) the layer it wraps.
     *
     * @param conf a MultiLayerNetwork configuration
     * @return a new configuration without wrappers
     */
    public static org.deeplearning4j.nn.conf.MultiLayerConfiguration withoutWrappers(
            org.deeplearning4j.nn.conf.MultiLayerConfiguration conf) {
        org.deeplearning4j.nn.conf.MultiLayerConfiguration out = conf.clone();
        for (NeuralNetConfiguration c : out.getConfs()) {
            if (c.getLayer() instanceof PrunedLayer p) {
                c.setLayer(p.getUnderlying().clone());
            }
        }
        return out;
    }

    /**
     * A copy of a graph configuration with every {@code PrunedLayer} replaced by (a copy of) the layer it wraps.
     *
     * @param conf a ComputationGraph configuration
     * @return a new configuration without wrappers
     */
    public static org.deeplearning4j.nn.conf.ComputationGraphConfiguration withoutWrappers(
            org.deeplearning4j.nn.conf.ComputationGraphConfiguration conf) {
        org.deeplearning4j.nn.conf.ComputationGraphConfiguration out = conf.clone();
        for (org.deeplearning4j.nn.conf.graph.GraphVertex v : out.getVertices().values()) {
            if (v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv
                    && lv.getLayerConf().getLayer() instanceof PrunedLayer p) {
                lv.getLayerConf().setLayer(p.getUnderlying().clone());
            }
        }
        return out;
    }

    /**
     * This layer's pruning settings.
     *
     * @return the settings ({@link LayerPruning#DEFAULTS} when none were given)
     */
    public LayerPruning settings() {
        return settings;
    }

    /**
     * The keys of the wrapped layer's parameters that are pruned: the registry's weight keys for its type,
     * minus {@link LayerPruning#excludedParams()}.
     *
     * @return the keys, e.g. {@code [W]}
     */
    public List<String> prunedParamKeys() {
        List<String> keys = new ArrayList<>(PrunableLayerRegistry.defaults().support(underlying).paramKeys());
        keys.removeAll(settings.excludedParams());
        return List.copyOf(keys);
    }

    /**
     * The network configuration of the wrapped layer: a copy of {@code conf} holding the underlying layer.
     *
     * @param conf the wrapper's configuration
     * @return the inner configuration
     */
    public NeuralNetConfiguration getInnerConf(NeuralNetConfiguration conf) {
        NeuralNetConfiguration inner = conf.clone();
        inner.setLayer(underlying);
        return inner;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        org.deeplearning4j.nn.api.Layer inner = underlying.instantiate(getInnerConf(conf), trainingListeners,
                layerIndex, layerParamsView, initializeParams, networkDataType);
        NeuralNetConfiguration innerConf = inner.conf();
        if (innerConf.variables() != null) {
            List<String> vars = innerConf.variables(true);
            innerConf.clearVariables();
            conf.clearVariables();
            for (String s : vars) {
                conf.variables(false).add(s);
                innerConf.variables(false).add(s);
            }
        }
        return PrunedLayerImpl.wrap(inner, this);
    }

    @Override
    public ParamInitializer initializer() {
        return PrunedLayerParamInitializer.INSTANCE;
    }

    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        return underlying.getUpdaterByParam(paramName);
    }

    @Override
    public void setDataType(DataType dataType) {
        super.setDataType(dataType);
        underlying.setDataType(dataType);
    }

    @Override
    public void resetLayerDefaultConfig() {
        super.resetLayerDefaultConfig();
        underlying.resetLayerDefaultConfig();
    }

    @Override
    public void setConstraints(List<LayerConstraint> constraints) {
        this.constraints = constraints;
        this.underlying.setConstraints(constraints);
    }

    @Override
    public PrunedLayer clone() {
        PrunedLayer l = (PrunedLayer) super.clone();
        l.underlying = underlying.clone();
        return l;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrunedLayer p && Objects.equals(p.underlying, underlying) && p.settings.equals(settings)
                && Objects.equals(p.getLayerName(), getLayerName());
    }

    @Override
    public int hashCode() {
        return Objects.hash(underlying, settings, getLayerName());
    }

    @Override
    public String toString() {
        return "PrunedLayer(" + underlying + ", " + settings + ")";
    }

    /** Builds a {@link PrunedLayer}: the wrapped layer plus per-layer pruning settings. */
    public static final class Builder {
        private Layer layer;
        private LayerPruning.Builder settings = LayerPruning.builder();

        /** Starts with no layer and no overrides. */
        public Builder() {
        }

        /**
         * Sets the layer to prune (required).
         *
         * @param layer a prunable layer configuration, e.g. a {@code DenseLayer} or an {@code OutputLayer}
         * @return this builder
         */
        public Builder layer(Layer layer) {
            this.layer = layer;
            return this;
        }

        /**
         * Takes all settings from a {@link LayerPruning} value (replacing those set so far).
         *
         * @param s the settings
         * @return this builder
         */
        public Builder settings(LayerPruning s) {
            this.settings = s.toBuilder();
            return this;
        }

        /**
         * Sets the layer's own final density (see {@link LayerPruning}).
         *
         * @param targetDensity in (0, 1]
         * @return this builder
         * @throws IllegalArgumentException if outside (0, 1] or NaN
         */
        public Builder targetDensity(double targetDensity) {
            settings.targetDensity(targetDensity);
            return this;
        }

        /**
         * Sets the layer's own floor.
         *
         * @param minDensity in [0, 1]
         * @return this builder
         * @throws IllegalArgumentException if outside [0, 1] or NaN
         */
        public Builder minDensity(double minDensity) {
            settings.minDensity(minDensity);
            return this;
        }

        /**
         * Sets the layer's own criterion.
         *
         * @param criterion the criterion
         * @return this builder
         */
        public Builder criterion(Criterion criterion) {
            settings.criterion(criterion);
            return this;
        }

        /**
         * Sets what one mask decision covers.
         *
         * @param granularity the granularity
         * @return this builder
         */
        public Builder granularity(Granularity granularity) {
            settings.granularity(granularity);
            return this;
        }

        /**
         * Adds parameter keys of the layer that are never pruned.
         *
         * @param keys e.g. {@code "RW"}
         * @return this builder
         */
        public Builder excludeParams(String... keys) {
            settings.excludeParams(keys);
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the wrapper configuration
         * @throws IllegalArgumentException if the layer is missing, already a wrapper, not prunable (an output
         *         layer without weights included), or a setting is invalid
         */
        public PrunedLayer build() {
            return new PrunedLayer(layer, settings.build());
        }
    }
}
