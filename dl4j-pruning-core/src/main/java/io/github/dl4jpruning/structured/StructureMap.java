package io.github.dl4jpruning.structured;

import io.github.dl4jpruning.internal.NetworkAdapter;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.nn.conf.PrunedLayer;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution2D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the layers of a MultiLayerNetwork whose units can be removed and the parameter slices each unit owns:
 * a hidden Dense (neurons) or convolution layer (filters, with {@link Granularity#FILTER}) whose output reaches
 * the next layer with weights (Dense, Output or convolution) through nothing but subsampling, BatchNormalization,
 * activation or dropout layers. Other layers keep their units (logged). Only MultiLayerNetworks: a
 * ComputationGraph can merge or add branches whose channels must be pruned together, which this does not follow.
 */
public final class StructureMap {

    private static final Logger log = LoggerFactory.getLogger(StructureMap.class);

    private StructureMap() {
    }

    /**
     * Finds the unit layers.
     *
     * @param net the network adapter (a MultiLayerNetwork)
     * @param granularity {@link Granularity#NEURON} (Dense layers) or {@link Granularity#FILTER} (convolution and
     *        Dense layers)
     * @return the unit layers, in network order
     * @throws IllegalArgumentException if the network is a ComputationGraph, the granularity is unstructured or
     *         the network has no unit layer
     */
    public static List<UnitLayer> of(NetworkAdapter net, Granularity granularity) {
        if (!(net.model() instanceof MultiLayerNetwork)) {
            String vertex = "";
            if (net.model() instanceof org.deeplearning4j.nn.graph.ComputationGraph cg) {
                for (java.util.Map.Entry<String, org.deeplearning4j.nn.conf.graph.GraphVertex> e
                        : cg.getConfiguration().getVertices().entrySet()) {
                    if (!(e.getValue() instanceof org.deeplearning4j.nn.conf.graph.LayerVertex)) {
                        vertex = " (here: vertex \"" + e.getKey() + "\", " + e.getValue().getClass().getSimpleName()
                                + ")";
                        break;
                    }
                }
                if (vertex.isEmpty()) {
                    vertex = " (this graph has only layer vertices: build it as a MultiLayerNetwork to prune units)";
                }
            }
            throw new IllegalArgumentException("granularity (" + granularity + ") needs a MultiLayerNetwork: in a "
                    + net.kind() + " merge and element-wise vertices tie the channels of several layers together"
                    + vertex + ", which structured pruning does not follow yet; use Granularity.UNSTRUCTURED");
        }
        if (!granularity.isStructured()) {
            throw new IllegalArgumentException("granularity (" + granularity + ") must be structured (NEURON, FILTER "
                    + "or CHANNEL)");
        }
        List<NetworkAdapter.LayerInfo> layers = net.layers();
        long base = net.params().offset();
        List<UnitLayer> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            NetworkAdapter.LayerInfo l = layers.get(i);
            Layer conf = l.conf();
            boolean dense = conf instanceof DenseLayer;
            boolean conv = isPlainConvolution(conf);
            if (!(dense || (conv && granularity != Granularity.NEURON)) || PrunedLayer.isOutputLayer(conf)) {
                continue;
            }
            INDArray w = l.params().get("W");
            if (w == null) {
                continue;
            }
            int units = (int) (dense ? w.size(1) : w.size(0));
            List<UnitLayer.Slice> channel = new ArrayList<>();
            UnitLayer.Consumer consumer = null;
            String blocker = null;
            for (int k = i + 1; k < layers.size() && consumer == null && blocker == null; k++) {
                NetworkAdapter.LayerInfo c = layers.get(k);
                Layer cc = c.conf();
                if (cc instanceof SubsamplingLayer || cc instanceof ActivationLayer || cc instanceof DropoutLayer) {
                    continue;
                }
                if (cc instanceof BatchNormalization) {
                    for (String key : List.of("gamma", "beta")) {
                        INDArray p = c.params().get(key);
                        if (p != null) {
                            channel.add(slice(c.index(), key, p, base));
                        }
                    }
                    continue;
                }
                INDArray cw = c.params().get("W");
                boolean consumerDense = cc instanceof DenseLayer || cc instanceof OutputLayer;
                boolean consumerConv = isPlainConvolution(cc);
                if (cw == null || !(consumerDense || consumerConv)) {
                    blocker = "layer " + c.index() + " (" + cc.getClass().getSimpleName() + ")";
                } else if (consumerDense) {
                    long nIn = cw.size(0);
                    org.deeplearning4j.nn.conf.InputPreProcessor pre = ((MultiLayerNetwork) net.model())
                            .getLayerWiseConfigurations().getInputPreProcess(c.index());
                    if (pre instanceof org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor cnn
                            && cnn.getFormat() != org.deeplearning4j.nn.conf.CNN2DFormat.NCHW) {
                        blocker = "layer " + c.index() + " flattens " + cnn.getFormat() + " feature maps (only NCHW)";
                    } else if (nIn % units != 0 || (dense && nIn != units)) {
                        blocker = "layer " + c.index() + " reads " + nIn + " inputs from " + units + " units";
                    } else {
                        consumer = new UnitLayer.Consumer(c.index(), false, slice(c.index(), "W", cw, base), nIn / units);
                    }
                } else if (dense || cw.size(1) != units) {
                    blocker = "layer " + c.index() + " (convolution) after " + (dense ? "a Dense layer" : units + " filters");
                } else {
                    consumer = new UnitLayer.Consumer(c.index(), true, slice(c.index(), "W", cw, base), 1);
                }
            }
            if (consumer == null) {
                log.info("Layer {} (\"{}\") keeps all its units: {}", l.index(), l.name(),
                        blocker == null ? "no layer with weights reads it" : blocker + " cannot follow its units");
                continue;
            }
            INDArray b = l.params().get("b");
            out.add(new UnitLayer(l.index(), l.name(), !dense, units, slice(l.index(), "W", w, base),
                    b == null ? null : slice(l.index(), "b", b, base), channel, consumer));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("granularity (" + granularity + "): this network has no hidden "
                    + (granularity == Granularity.NEURON ? "Dense" : "Dense or convolution")
                    + " layer whose units can be removed");
        }
        return List.copyOf(out);
    }

    /** Convolution layers with W as [nOut, nIn, kH, kW] (not depthwise, separable or transposed). */
    private static boolean isPlainConvolution(Layer conf) {
        return conf.getClass() == ConvolutionLayer.class || conf.getClass() == Convolution2D.class;
    }

    private static UnitLayer.Slice slice(int layer, String key, INDArray p, long base) {
        return new UnitLayer.Slice(layer, key, p.offset() - base, p.shape(), p.ordering());
    }
}
