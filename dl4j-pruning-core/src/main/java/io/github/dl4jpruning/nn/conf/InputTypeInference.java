package io.github.dl4jpruning.nn.conf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;

/**
 * Finds the {@code MultiLayerNetwork} configurations that a {@link PrunedLayer} around the first layer changed.
 *
 * <p>When no input type is given ({@code .setInputType(...)}), DL4J 1.0.0-M2.1's
 * {@code MultiLayerConfiguration.Builder.build()} infers one from the class of the first layer: a
 * {@code BaseRecurrentLayer} with {@code nIn} set gives {@code InputType.recurrent(nIn, format)}; a
 * {@code DenseLayer}, {@code EmbeddingLayer} or {@code OutputLayer} with {@code nIn} set gives
 * {@code InputType.feedForward(nIn)}. With that type it completes every layer ({@code setNIn}: missing sizes, data
 * formats such as an {@code RnnOutputLayer}'s) and adds input preprocessors. A wrapper hides the first layer's class,
 * so none of this happens: a wrapped {@code LSTM} followed by an {@code RnnOutputLayer} then fails in {@code fit}
 * ("Sequence lengths do not match"), since the output layer's data format stays unset. DL4J offers no hook for a
 * wrapper to take part (the check is an {@code instanceof} on the first layer), so the only fix is the input type
 * in the configuration; this class tells which networks need it and which type to declare.
 *
 * <p>The test is exact rather than a guess: the configuration is copied (through its JSON, so nothing is shared),
 * the first layer unwrapped, and DL4J's own build run on the copy without overriding any size; if any layer or
 * preprocessor comes out different, wrapping changed the network.
 */
public final class InputTypeInference {

    private InputTypeInference() {
    }

    /**
     * Tells whether wrapping the first layer kept DL4J from completing the configuration, and how to fix it.
     *
     * @param conf a built MultiLayerNetwork configuration
     * @return empty if the configuration is what DL4J builds with the first layer unwrapped (always so when the
     *         first layer is not a {@code PrunedLayer}, an input type was set, or DL4J infers nothing from the
     *         wrapped layer); otherwise an error message naming the layers that differ and the
     *         {@code setInputType(...)} call that fixes it
     */
    public static Optional<String> problem(MultiLayerConfiguration conf) {
        if (conf == null || conf.getConfs().isEmpty() || !(conf.getConf(0).getLayer() instanceof PrunedLayer first)
                || conf.getInputPreProcess(0) != null) {
            return Optional.empty();
        }
        Optional<String> type = inferredType(first.getUnderlying());
        if (type.isEmpty()) {
            return Optional.empty();
        }
        MultiLayerConfiguration asBuilt = MultiLayerConfiguration.fromJson(conf.toJson());
        MultiLayerConfiguration unwrapped;
        try {
            unwrapped = buildUnwrapped(MultiLayerConfiguration.fromJson(conf.toJson()));
        } catch (RuntimeException e) {
            return Optional.empty();     // DL4J itself refuses the unwrapped network: nothing to compare with
        }
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < asBuilt.getConfs().size(); i++) {
            Layer a = asBuilt.getConf(i).getLayer();
            Layer b = unwrapped.getConf(i).getLayer();
            if (!(i == 0 ? ((PrunedLayer) a).getUnderlying() : a).equals(b)) {
                differ.add("layer " + i + " (\"" + b.getLayerName() + "\", " + b.getClass().getSimpleName() + ")");
            }
        }
        if (!asBuilt.getInputPreProcessors().equals(unwrapped.getInputPreProcessors())) {
            differ.add("the input preprocessors (" + asBuilt.getInputPreProcessors() + " instead of "
                    + unwrapped.getInputPreProcessors() + ")");
        }
        if (differ.isEmpty()) {
            return Optional.empty();
        }
        Layer inner = first.getUnderlying();
        return Optional.of("layer 0 (\"" + first.getLayerName() + "\", PrunedLayer around "
                + inner.getClass().getSimpleName() + ") hides the network's input type from DL4J: without "
                + "setInputType(...), DL4J infers it from an unwrapped first layer only, so it did not complete "
                + String.join(", ", differ) + " as it does for the unwrapped network (wrong data formats, sizes or "
                + "preprocessors fail in fit, e.g. \"Sequence lengths do not match\"). Declare the input type on the "
                + "list builder: .setInputType(" + type.get() + ")");
    }

    /** The input type DL4J infers from an unwrapped first layer, as Java source, or empty if it infers none. */
    private static Optional<String> inferredType(Layer layer) {
        if (layer instanceof BaseRecurrentLayer r && r.getNIn() > 0) {
            RNNFormat f = r.getRnnDataFormat() == null ? RNNFormat.NCW : r.getRnnDataFormat();
            return Optional.of("InputType.recurrent(" + r.getNIn() + ", RNNFormat." + f + ")");
        }
        if ((layer instanceof DenseLayer || layer instanceof EmbeddingLayer || layer instanceof OutputLayer)
                && ((FeedForwardLayer) layer).getNIn() > 0) {
            return Optional.of("InputType.feedForward(" + ((FeedForwardLayer) layer).getNIn() + ")");
        }
        return Optional.empty();
    }

    /** DL4J's build of a (private) copy with the first layer unwrapped, overriding no size that is set. */
    private static MultiLayerConfiguration buildUnwrapped(MultiLayerConfiguration copy) {
        NeuralNetConfiguration first = copy.getConf(0);
        first.setLayer(((PrunedLayer) first.getLayer()).getUnderlying());
        return new MultiLayerConfiguration.Builder().confs(copy.getConfs())
                .inputPreProcessors(new HashMap<>(copy.getInputPreProcessors()))
                .backpropType(copy.getBackpropType()).tBPTTForwardLength(copy.getTbpttFwdLength())
                .tBPTTBackwardLength(copy.getTbpttBackLength()).dataType(copy.getDataType())
                .overrideNinUponBuild(false).validateOutputLayerConfig(false).validateTbpttConfig(false).build();
    }
}
