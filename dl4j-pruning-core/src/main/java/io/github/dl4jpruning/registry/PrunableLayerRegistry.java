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
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
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
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;

/**
 * Explicit, immutable map from DL4J layer configuration classes to their prunable parameter keys.
 *
 * <p>Lookup order for a layer configuration: a class implementing {@link PrunableLayerConfig} decides
 * for itself; otherwise the class and then its superclasses are looked up, so subclasses of a
 * registered type (e.g. {@code Convolution2D} of {@code ConvolutionLayer}) share its entry. Frozen
 * layers are "nothing to prune" (their weights do not train).
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
                    FrozenLayerWithBackprop.class)
            .build();

    private final Map<Class<? extends Layer>, List<String>> entries;

    private PrunableLayerRegistry(Map<Class<? extends Layer>, List<String>> entries) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /**
     * The built-in registry: Dense, Output, Convolution (and subclasses), Depthwise/Separable
     * convolution, LSTM, GravesLSTM, SimpleRnn, RnnOutput, CenterLossOutput and Embedding layers are
     * prunable (weights only); normalization, pooling, activation, dropout, loss, padding, cropping,
     * upsampling and frozen layers have nothing to prune.
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
        return new LayerSupport(LayerSupport.Status.UNSUPPORTED, List.of());
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
