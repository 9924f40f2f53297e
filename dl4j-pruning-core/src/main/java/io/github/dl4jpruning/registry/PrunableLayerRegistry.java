package io.github.dl4jpruning.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CenterLossOutputLayer;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.GravesBidirectionalLSTM;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SpaceToBatchLayer;
import org.deeplearning4j.nn.conf.layers.SpaceToDepthLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling1D;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.Upsampling3D;
import org.deeplearning4j.nn.conf.layers.ZeroPadding1DLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPadding3DLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping1D;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping3D;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;

/**
 * Explicit, immutable map from DL4J layer configuration classes to their prunable parameter keys.
 *
 * <p>Lookup order for a layer configuration: a class implementing {@link PrunableLayerConfig} decides
 * for itself; otherwise the class and then its superclasses are looked up, so subclasses of a
 * registered type (e.g. {@code Convolution2D} of {@code ConvolutionLayer}) share its entry. Frozen
 * layers are "nothing to prune" (their weights do not train). A {@code Bidirectional} layer without an entry of
 * its own takes the entry of the layer it wraps, with DL4J's prefixes: {@code Bidirectional(LSTM)} prunes
 * {@code fW, fRW} (forward copy) and {@code bW, bRW} (backward copy); {@code GravesBidirectionalLSTM} has its own
 * keys {@code WF, RWF, WB, RWB}.
 */
public final class PrunableLayerRegistry {

    private static final PrunableLayerRegistry DEFAULTS = builder()
            .prunable(DenseLayer.class, "W")
            .prunable(OutputLayer.class, "W")
            .prunable(ConvolutionLayer.class, "W")
            .prunable(DepthwiseConvolution2D.class, "W")
            .prunable(SeparableConvolution2D.class, "W", "pW")
            .prunable(LSTM.class, "W", "RW")
            .prunable(GravesLSTM.class, "W", "RW")
            .prunable(GravesBidirectionalLSTM.class, "WF", "RWF", "WB", "RWB")
            .prunable(SimpleRnn.class, "W", "RW")
            .prunable(RnnOutputLayer.class, "W")
            .prunable(CenterLossOutputLayer.class, "W")
            .prunable(EmbeddingLayer.class, "W")
            .prunable(EmbeddingSequenceLayer.class, "W")
            .nothingToPrune(BatchNormalization.class, SubsamplingLayer.class, Subsampling3DLayer.class,
                    GlobalPoolingLayer.class, ActivationLayer.class, DropoutLayer.class, LossLayer.class,
                    RnnLossLayer.class, CnnLossLayer.class, LocalResponseNormalization.class,
                    Upsampling1D.class, Upsampling2D.class, Upsampling3D.class, ZeroPaddingLayer.class,
                    ZeroPadding1DLayer.class, ZeroPadding3DLayer.class, Cropping1D.class, Cropping2D.class,
                    Cropping3D.class, SpaceToDepthLayer.class, SpaceToBatchLayer.class, FrozenLayer.class,
                    FrozenLayerWithBackprop.class, Cnn3DLossLayer.class, Yolo2OutputLayer.class)
            .build();

    /** DL4J's key prefix for the forward copy inside a {@code Bidirectional} layer. */
    private static final String BIDIRECTIONAL_FORWARD = "f";
    /** DL4J's key prefix for the backward copy inside a {@code Bidirectional} layer. */
    private static final String BIDIRECTIONAL_BACKWARD = "b";

    private final Map<Class<? extends Layer>, List<String>> entries;

    private PrunableLayerRegistry(Map<Class<? extends Layer>, List<String>> entries) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /**
     * The built-in registry: Dense, Output, Convolution (and subclasses), Depthwise/Separable
     * convolution, LSTM, GravesLSTM, GravesBidirectionalLSTM, SimpleRnn, RnnOutput, CenterLossOutput and Embedding
     * layers, and {@code Bidirectional} wrappers of the recurrent ones, are prunable (weights only); normalization,
     * pooling, activation, dropout, loss (also Yolo2), padding, cropping, upsampling and frozen layers have nothing
     * to prune.
     *
     * @return the shared default registry
     */
    public static PrunableLayerRegistry defaults() {
        return DEFAULTS;
    }

    /**
     * Starts an empty registry.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder holding this registry's entries, to add or override some.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.entries.putAll(entries);
        return b;
    }

    /**
     * Tells how a layer configuration is treated.
     *
     * @param layer a DL4J layer configuration
     * @return prunable (with keys), nothing to prune, or unsupported
     * @throws IllegalArgumentException if {@code layer} is null
     */
    public LayerSupport support(Layer layer) {
        if (layer == null) {
            throw new IllegalArgumentException("layer must not be null");
        }
        if (layer instanceof PrunableLayerConfig custom) {
            List<String> keys = custom.prunableParamKeys();
            return keys.isEmpty() ? new LayerSupport(LayerSupport.Status.NOTHING_TO_PRUNE, List.of())
                    : new LayerSupport(LayerSupport.Status.PRUNABLE, keys);
        }
        for (Class<?> c = layer.getClass(); c != null && Layer.class.isAssignableFrom(c); c = c.getSuperclass()) {
            List<String> keys = entries.get(c);
            if (keys != null) {
                return keys.isEmpty() ? new LayerSupport(LayerSupport.Status.NOTHING_TO_PRUNE, List.of())
                        : new LayerSupport(LayerSupport.Status.PRUNABLE, keys);
            }
        }
        if (layer instanceof Bidirectional b && b.getFwd() != null) {
            return bidirectional(support(b.getFwd()));
        }
        return new LayerSupport(LayerSupport.Status.UNSUPPORTED, List.of());
    }

    /**
     * DL4J's {@code Bidirectional} holds two copies of the wrapped layer and prefixes their parameter keys with
     * {@code f} (forward) and {@code b} (backward): its prunable keys are the wrapped layer's, twice.
     */
    private static LayerSupport bidirectional(LayerSupport inner) {
        if (inner.status() != LayerSupport.Status.PRUNABLE) {
            return inner;
        }
        List<String> keys = new ArrayList<>();
        for (String prefix : List.of(BIDIRECTIONAL_FORWARD, BIDIRECTIONAL_BACKWARD)) {
            for (String k : inner.paramKeys()) {
                keys.add(prefix + k);
            }
        }
        return new LayerSupport(LayerSupport.Status.PRUNABLE, keys);
    }

    /**
     * Lists the prunable layer types and their keys, for error messages.
     *
     * @return e.g. {@code "DenseLayer[W], OutputLayer[W], ..."}
     */
    public String describePrunable() {
        return entries.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey().getSimpleName() + e.getValue())
                .collect(Collectors.joining(", "))
                + ", Bidirectional (the wrapped layer's keys, prefixed f and b)"
                + " and any layer configuration implementing " + PrunableLayerConfig.class.getName();
    }

    @Override
    public String toString() {
        return "PrunableLayerRegistry(" + entries.entrySet().stream()
                .map(e -> e.getKey().getSimpleName() + e.getValue()).collect(Collectors.joining(", ")) + ")";
    }

    /** Collects registry entries; a later entry for the same class replaces the earlier one. */
    public static final class Builder {
        private final Map<Class<? extends Layer>, List<String>> entries = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Registers a prunable layer type.
         *
         * @param layerClass the DL4J layer configuration class
         * @param paramKeys its prunable parameter keys (at least one; never a bias)
         * @return this builder
         * @throws IllegalArgumentException if no key is given, a key is blank or names a bias ("b")
         */
        public Builder prunable(Class<? extends Layer> layerClass, String... paramKeys) {
            if (layerClass == null) {
                throw new IllegalArgumentException("layerClass must not be null");
            }
            if (paramKeys.length == 0) {
                throw new IllegalArgumentException("paramKeys ([]) for " + layerClass.getSimpleName()
                        + " must name at least one parameter; use nothingToPrune(...) for layers without");
            }
            List<String> keys = new ArrayList<>();
            for (String k : paramKeys) {
                if (k == null || k.isBlank() || k.equals("b")) {
                    throw new IllegalArgumentException("paramKeys (" + k + ") for " + layerClass.getSimpleName()
                            + " must be a non-blank weight key such as \"W\"; biases are never pruned");
                }
                keys.add(k);
            }
            entries.put(layerClass, List.copyOf(keys));
            return this;
        }

        /**
         * Registers layer types that are supported but have nothing to prune.
         *
         * @param layerClasses the DL4J layer configuration classes
         * @return this builder
         */
        @SafeVarargs
        public final Builder nothingToPrune(Class<? extends Layer>... layerClasses) {
            for (Class<? extends Layer> c : layerClasses) {
                entries.put(c, List.of());
            }
            return this;
        }

        /**
         * Builds the registry.
         *
         * @return the immutable registry
         */
        public PrunableLayerRegistry build() {
            return new PrunableLayerRegistry(entries);
        }
    }
}
