package io.github.dl4jpruning.structured;

import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.nn.conf.PrunedLayer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution2D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the layers of a MultiLayerNetwork whose units can be removed and the parameter slices each unit owns:
 * a hidden Dense (neurons) or convolution layer (filters, with {@link Granularity#FILTER}) whose output reaches
 * the next layer with weights (Dense, Output or convolution) through nothing but subsampling, BatchNormalization,
 * activation or dropout layers. Other layers keep their units (logged). MultiLayerNetworks, and ComputationGraphs
 * that are a single chain of layer vertices; merge, element-wise and branching vertices, whose channels must be
 * pruned together, are refused with an error naming the vertex.
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
        if (net.model() instanceof ComputationGraph cg) {
            String problem = chainProblem(cg);
            if (problem != null) {
                throw new IllegalArgumentException("granularity (" + granularity + ") cannot follow this "
                        + "ComputationGraph: " + problem + "; merge, element-wise and branching vertices tie the "
                        + "channels of several layers together, which structured pruning does not follow yet; use "
                        + "Granularity.UNSTRUCTURED, or a graph that is a single chain of layers");
            }
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
            List<String> between = new ArrayList<>();
            UnitLayer.Consumer consumer = null;
            String blocker = null;
            for (int k = i + 1; k < layers.size() && consumer == null && blocker == null; k++) {
                NetworkAdapter.LayerInfo c = layers.get(k);
                Layer cc = c.conf();
                if (cc instanceof SubsamplingLayer || cc instanceof ActivationLayer || cc instanceof DropoutLayer) {
                    between.add(c.name());
                    continue;
                }
                if (cc instanceof BatchNormalization) {
                    between.add(c.name());
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
                    org.deeplearning4j.nn.conf.InputPreProcessor pre = preProcessor(net, c);
                    if (pre instanceof org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor cnn
                            && cnn.getFormat() != org.deeplearning4j.nn.conf.CNN2DFormat.NCHW) {
                        blocker = "layer " + c.index() + " flattens " + cnn.getFormat() + " feature maps (only NCHW)";
                    } else if (nIn % units != 0 || (dense && nIn != units)) {
                        blocker = "layer " + c.index() + " reads " + nIn + " inputs from " + units + " units";
                    } else {
                        consumer = new UnitLayer.Consumer(c.index(), c.name(), false, slice(c.index(), "W", cw, base),
                                nIn / units);
                    }
                } else if (dense || cw.size(1) != units) {
                    blocker = "layer " + c.index() + " (convolution) after " + (dense ? "a Dense layer" : units + " filters");
                } else {
                    consumer = new UnitLayer.Consumer(c.index(), c.name(), true, slice(c.index(), "W", cw, base), 1);
                }
            }
            if (consumer == null) {
                log.info("Layer {} (\"{}\") keeps all its units: {}", l.index(), l.name(),
                        blocker == null ? "no layer with weights reads it" : blocker + " cannot follow its units");
                continue;
            }
            INDArray b = l.params().get("b");
            out.add(new UnitLayer(l.index(), l.name(), !dense, units, slice(l.index(), "W", w, base),
                    b == null ? null : slice(l.index(), "b", b, base), channel, consumer, between));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("granularity (" + granularity + "): this network has no hidden "
                    + (granularity == Granularity.NEURON ? "Dense" : "Dense or convolution")
                    + " layer whose units can be removed");
        }
        return List.copyOf(out);
    }

    /**
     * Why a ComputationGraph is not a single chain of layers, or null if it is.
     *
     * @param cg the graph
     * @return the first problem found, naming the vertex, or null
     */
    static String chainProblem(ComputationGraph cg) {
        ComputationGraphConfiguration conf = cg.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            return "it has " + conf.getNetworkInputs().size() + " inputs and " + conf.getNetworkOutputs().size()
                    + " outputs";
        }
        Map<String, Integer> readers = new HashMap<>();
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex)) {
                return "vertex \"" + e.getKey() + "\" is a " + e.getValue().getClass().getSimpleName();
            }
            List<String> in = conf.getVertexInputs().get(e.getKey());
            if (in == null || in.size() != 1) {
                return "vertex \"" + e.getKey() + "\" has " + (in == null ? 0 : in.size()) + " inputs";
            }
            readers.merge(in.get(0), 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> r : readers.entrySet()) {
            if (r.getValue() > 1) {
                return "vertex \"" + r.getKey() + "\" feeds " + r.getValue() + " vertices";
            }
        }
        return null;
    }

    private static org.deeplearning4j.nn.conf.InputPreProcessor preProcessor(NetworkAdapter net,
            NetworkAdapter.LayerInfo layer) {
        if (net.model() instanceof MultiLayerNetwork mln) {
            return mln.getLayerWiseConfigurations().getInputPreProcess(layer.index());
        }
        return ((LayerVertex) ((ComputationGraph) net.model()).getConfiguration().getVertices().get(layer.name()))
                .getPreProcessor();
    }

    /** Convolution layers with W as [nOut, nIn, kH, kW] (not depthwise, separable or transposed). */
    private static boolean isPlainConvolution(Layer conf) {
        return conf.getClass() == ConvolutionLayer.class || conf.getClass() == Convolution2D.class;
    }

    private static UnitLayer.Slice slice(int layer, String key, INDArray p, long base) {
        return new UnitLayer.Slice(layer, key, p.offset() - base, p.shape(), p.ordering());
    }
}
