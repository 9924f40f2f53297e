package io.github.dl4jpruning.structured;

import io.github.dl4jpruning.nn.conf.PrunedLayer;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** A cloned configuration of either network kind, with wrappers replaced by the layers they wrap, to be shrunk. */
final class ThinConfigs {
    private final MultiLayerConfiguration mln;
    private final ComputationGraphConfiguration cg;
    private final Map<String, Integer> mlnIndex = new HashMap<>();

    private ThinConfigs(MultiLayerConfiguration mln, ComputationGraphConfiguration cg) {
        this.mln = mln;
        this.cg = cg;
    }

    static ThinConfigs of(Model model) {
        if (model instanceof MultiLayerNetwork net) {
            ThinConfigs c = new ThinConfigs(PrunedLayer.withoutWrappers(net.getLayerWiseConfigurations()), null);
            for (int i = 0; i < c.mln.getConfs().size(); i++) {
                c.mlnIndex.put(c.mln.getConf(i).getLayer().getLayerName(), i);
            }
            return c;
        }
        return new ThinConfigs(null, PrunedLayer.withoutWrappers(((ComputationGraph) model).getConfiguration()));
    }

    /** The layer configuration of a layer (vertex) name, or null for a vertex without a layer. */
    org.deeplearning4j.nn.conf.layers.Layer layer(String name) {
        if (mln != null) {
            Integer i = mlnIndex.get(name);
            return i == null ? null : mln.getConf(i).getLayer();
        }
        return cg.getVertices().get(name) instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
    }

    /** The input preprocessor of a layer or a preprocessor vertex, or null. */
    InputPreProcessor preProcessor(String name) {
        if (mln != null) {
            Integer i = mlnIndex.get(name);
            return i == null ? null : mln.getInputPreProcess(i);
        }
        GraphVertex v = cg.getVertices().get(name);
        return v instanceof LayerVertex lv ? lv.getPreProcessor()
                : v instanceof PreprocessorVertex pv ? pv.getPreProcessor() : null;
    }

    /** A vertex configuration of a graph, or null. */
    GraphVertex vertex(String name) {
        return cg == null ? null : cg.getVertices().get(name);
    }

    /** The vertex names of a graph (empty for a MultiLayerNetwork). */
    java.util.Set<String> vertexNames() {
        return cg == null ? java.util.Set.of() : cg.getVertices().keySet();
    }

    /**
     * Builds the network, with the iteration and epoch counters of the original (Adam's bias correction and the
     * schedules read them, so one more step on both networks does the same).
     */
    Model build(Model original) {
        if (mln != null) {
            MultiLayerConfiguration o = ((MultiLayerNetwork) original).getLayerWiseConfigurations();
            mln.setIterationCount(o.getIterationCount());
            mln.setEpochCount(o.getEpochCount());
            MultiLayerNetwork out = new MultiLayerNetwork(mln);
            out.init();
            return out;
        }
        ComputationGraphConfiguration o = ((ComputationGraph) original).getConfiguration();
        cg.setIterationCount(o.getIterationCount());
        cg.setEpochCount(o.getEpochCount());
        ComputationGraph out = new ComputationGraph(cg);
        out.init();
        return out;
    }
}
