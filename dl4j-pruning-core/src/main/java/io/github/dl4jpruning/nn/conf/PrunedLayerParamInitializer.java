package io.github.dl4jpruning.nn.conf;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The parameter initializer of a {@link PrunedLayer}: every call is answered by the wrapped layer's initializer,
 * with the wrapped layer in the configuration. Unlike DL4J's {@code WrapperLayerParamInitializer} (which answers
 * {@code numParams(NeuralNetConfiguration)} with {@code numParams(Layer)}), it asks the wrapped initializer the same
 * question it was asked: {@code CenterLossParamInitializer} counts its class centers only in
 * {@code numParams(NeuralNetConfiguration)}, so a wrapped {@code CenterLossOutputLayer} would otherwise get a
 * parameter view too short for them.
 */
final class PrunedLayerParamInitializer implements ParamInitializer {

    static final PrunedLayerParamInitializer INSTANCE = new PrunedLayerParamInitializer();

    private PrunedLayerParamInitializer() {
    }

    private static Layer inner(Layer layer) {
        return layer instanceof PrunedLayer p ? p.getUnderlying() : layer;
    }

    /** Runs {@code call} with the wrapped layer in {@code conf}, then puts the wrapper back. */
    private static <T> T withInner(NeuralNetConfiguration conf, java.util.function.Function<Layer, T> call) {
        Layer wrapper = conf.getLayer();
        Layer inner = inner(wrapper);
        conf.setLayer(inner);
        try {
            return call.apply(inner);
        } finally {
            conf.setLayer(wrapper);
        }
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return withInner(conf, inner -> inner.initializer().numParams(conf));
    }

    @Override
    public long numParams(Layer layer) {
        return inner(layer).initializer().numParams(inner(layer));
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return inner(layer).initializer().paramKeys(inner(layer));
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return inner(layer).initializer().weightKeys(inner(layer));
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return inner(layer).initializer().biasKeys(inner(layer));
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return inner(layer).initializer().isWeightParam(inner(layer), key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return inner(layer).initializer().isBiasParam(inner(layer), key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        return withInner(conf, inner -> inner.initializer().init(conf, paramsView, initializeParams));
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return withInner(conf, inner -> inner.initializer().getGradientsFromFlattened(conf, gradientView));
    }
}
