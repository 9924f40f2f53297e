package io.github.dl4jpruning.onednn;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Implements {@link OneDnn#skipInputGradients(Model)}: finds the convolution layers that read the network input and
 * replaces the oneDNN helper of those where it is exact by a {@link WeightGradientOnlyHelper}.
 */
final class InputGradientSkipper {

    private static final Logger log = LoggerFactory.getLogger(InputGradientSkipper.class);

    private static final Field HELPER = field("helper");

    private static final Field HELPER_FAILURES = field("helperCountFail");

    private InputGradientSkipper() {
    }

    static List<InputGradientSkip> apply(Model network) {
        List<InputGradientSkip> result = new ArrayList<>();
        if (network instanceof MultiLayerNetwork mln) {
            Layer[] layers = requireInitialised(mln.getLayers());
            for (int i = 0; i < layers.length; i++) {
                consider(layers[i], name(layers[i], "layer" + i), i == 0, result);
            }
        } else if (network instanceof ComputationGraph graph) {
            requireInitialised(graph.getLayers());
            GraphVertex[] vertices = graph.getVertices();
            for (GraphVertex v : vertices) {
                if (v.hasLayer()) {
                    consider(v.getLayer(), v.getVertexName(), fedByInputOnly(v, vertices), result);
                }
            }
        } else {
            throw new IllegalArgumentException("network (" + (network == null ? "null" : network.getClass().getName())
                    + ") must be a MultiLayerNetwork or ComputationGraph");
        }
        for (InputGradientSkip s : result) {
            log.debug("input gradient of {}: {} ({})", s.layer(), s.switched() ? "skipped in training" : "kept",
                    s.reason());
        }
        return List.copyOf(result);
    }

    private static void consider(Layer outer, String name, boolean readsInput, List<InputGradientSkip> result) {
        Layer inner = outer;
        while (inner instanceof BaseWrapperLayer wrapper) {
            inner = wrapper.getUnderlying();
        }
        if (!(inner instanceof ConvolutionLayer conv)) {
            return;
        }
        result.add(decide(conv, name, readsInput));
    }

    private static InputGradientSkip decide(ConvolutionLayer conv, String name, boolean readsInput) {
        if (!readsInput) {
            return new InputGradientSkip(name, false, "not fed by the network input: its input gradient is the "
                    + "epsilon of the layer below");
        }
        if (conv.getClass() != ConvolutionLayer.class) {
            return new InputGradientSkip(name, false, conv.getClass().getSimpleName()
                    + " is not exactly ConvolutionLayer: its backward pass may differ");
        }
        org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf =
                (org.deeplearning4j.nn.conf.layers.ConvolutionLayer) conv.conf().getLayer();
        if (conf.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
            return new InputGradientSkip(name, false, "data format " + conf.getCnn2dDataFormat() + ", only NCHW "
                    + "is handled");
        }
        if (conf.getWeightNoise() != null) {
            return new InputGradientSkip(name, false, "weight noise " + conf.getWeightNoise()
                    + " changes the weights the backward pass sees");
        }
        ConvolutionHelper helper = (ConvolutionHelper) read(HELPER, conv);
        if (helper instanceof WeightGradientOnlyHelper) {
            return new InputGradientSkip(name, true, "already switched");
        }
        if (helper == null || !ConvolutionPath.ONEDNN_HELPER.equals(helper.getClass().getSimpleName())) {
            return new InputGradientSkip(name, false, "its helper is " + (helper == null ? "none (built-in im2col + "
                    + "GEMM path, which computes the input gradient from the same GEMM)"
                    : helper.getClass().getSimpleName()) + ", not " + ConvolutionPath.ONEDNN_HELPER
                    + ": call OneDnn.enable() before init()");
        }
        if ((int) read(HELPER_FAILURES, conv) != 0) {
            return new InputGradientSkip(name, false, "its oneDNN helper failed before; DL4J uses the built-in path");
        }
        write(conv, new WeightGradientOnlyHelper(helper));
        return new InputGradientSkip(name, true, "reads the network input, NCHW, oneDNN helper: during training "
                + "(computeGradientAndScore) only its weight and bias gradients are computed");
    }

    private static boolean fedByInputOnly(GraphVertex v, GraphVertex[] vertices) {
        VertexIndices[] inputs = v.getInputVertices();
        return inputs != null && inputs.length > 0
                && Arrays.stream(inputs).allMatch(in -> vertices[in.getVertexIndex()].isInputVertex());
    }

    private static Layer[] requireInitialised(Layer[] layers) {
        if (layers == null) {
            throw new IllegalStateException("network has no layers yet: call init() before skipInputGradients");
        }
        return layers;
    }

    private static String name(Layer layer, String fallback) {
        String n = layer.conf() == null || layer.conf().getLayer() == null ? null
                : layer.conf().getLayer().getLayerName();
        return n != null ? n : fallback;
    }

    private static Field field(String name) {
        try {
            Field f = ConvolutionLayer.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError("DL4J's ConvolutionLayer has no accessible field '" + name
                    + "' (not DL4J 1.0.0-M2.1?): " + e);
        }
    }

    private static Object read(Field f, ConvolutionLayer conv) {
        try {
            return f.get(conv);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read ConvolutionLayer." + f.getName(), e);
        }
    }

    private static void write(ConvolutionLayer conv, ConvolutionHelper helper) {
        try {
            HELPER.set(conv, helper);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set ConvolutionLayer.helper", e);
        }
    }
}
