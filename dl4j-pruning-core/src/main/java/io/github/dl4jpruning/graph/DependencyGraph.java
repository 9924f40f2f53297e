package io.github.dl4jpruning.graph;

import io.github.dl4jpruning.network.NetworkAdapter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The dependency graph of one network's channels (immutable once built): every unit layer's output channels, every
 * parameter slice indexed by them, and the {@link DependencyGroup}s of channels that must be removed together.
 * Built from the network's configuration and parameter layout; the parameters' values are not read.
 *
 * <p>A MultiLayerNetwork is a chain of its layers; a ComputationGraph is followed vertex by vertex in topological
 * order. See {@link LayerRules} and {@link VertexRules} for what each layer and vertex does to channels. Channels
 * that reach a network output, a network input, or a layer that mixes channels are pinned: their group is not
 * prunable, and {@link DependencyGroup#reason()} names the layer or vertex.
 */
public final class DependencyGraph {

    private final List<DependencyGroup> groups;
    private final List<ChannelEntry> entries;
    private final int[] nodeGroup;
    private final int[] nodeUnit;
    private final Map<String, int[]> preprocessorInputs;
    private final Map<String, int[]> subsetInputs;

    private DependencyGraph(GraphBuilder b) {
        this.entries = List.copyOf(b.entries);
        int n = b.nodes.size();
        this.nodeGroup = new int[n];
        this.nodeUnit = new int[n];
        Arrays.fill(nodeGroup, -1);
        Arrays.fill(nodeUnit, -1);
        this.groups = Groups.assemble(b, entries, nodeGroup, nodeUnit);
        this.preprocessorInputs = new HashMap<>(b.preprocessorInputs);
        this.subsetInputs = new HashMap<>(b.subsetInputs);
    }

    /**
     * Builds the graph of a network.
     *
     * @param net the network (MultiLayerNetwork or ComputationGraph, initialized)
     * @return the graph
     */
    public static DependencyGraph of(NetworkAdapter net) {
        GraphBuilder b = new GraphBuilder(net);
        if (net.model() instanceof MultiLayerNetwork mln) {
            MultiLayerConfiguration conf = mln.getLayerWiseConfigurations();
            int[] space = null;
            for (NetworkAdapter.LayerInfo l : net.layers()) {
                space = LayerRules.apply(b, l, conf.getInputPreProcess(l.index()), space);
            }
            b.pin(space, "the channels reach the network output");
        } else {
            ComputationGraph cg = (ComputationGraph) net.model();
            ComputationGraphConfiguration conf = cg.getConfiguration();
            Map<String, int[]> spaces = new LinkedHashMap<>();
            List<String> inputs = conf.getNetworkInputs();
            for (String input : inputs) {
                spaces.put(input, null);          // pinned, size told by the layers that read it
            }
            org.deeplearning4j.nn.graph.vertex.GraphVertex[] runtime = cg.getVertices();
            for (int idx : cg.topologicalSortOrder()) {
                String name = runtime[idx].getVertexName();
                if (spaces.containsKey(name)) {
                    continue;
                }
                GraphVertex v = conf.getVertices().get(name);
                List<int[]> in = new ArrayList<>();
                for (String input : conf.getVertexInputs().get(name)) {
                    in.add(spaces.get(input));
                }
                int[] out;
                if (v instanceof LayerVertex lv) {
                    int[] single = in.size() == 1 ? in.get(0) : b.unite(name, in);
                    out = LayerRules.apply(b, b.layers.get(name), lv.getPreProcessor(), single);
                } else {
                    out = VertexRules.apply(b, name, v, in);
                }
                spaces.put(name, out);
            }
            for (String o : conf.getNetworkOutputs()) {
                b.pin(spaces.get(o), "the channels reach the network output \"" + o + "\"");
            }
        }
        return new DependencyGraph(b);
    }

    /**
     * Every group, prunable or not, in the order of their first producer.
     *
     * @return the groups
     */
    public List<DependencyGroup> groups() {
        return groups;
    }

    /**
     * Every parameter axis indexed by channels.
     *
     * @return the entries
     */
    public List<ChannelEntry> entries() {
        return entries;
    }

    /**
     * The group a channel node belongs to.
     *
     * @param node a node of an entry
     * @return the group's id, or -1 when the node belongs to no producer's group (a network input's channel)
     */
    public int groupOf(int node) {
        return nodeGroup[node];
    }

    /**
     * The unit of its group a channel node belongs to.
     *
     * @param node a node of an entry
     * @return the unit index within {@link #groupOf(int)}, or -1
     */
    public int unitOf(int node) {
        return nodeUnit[node];
    }

    /**
     * The channel space an input preprocessor (of a layer or a preprocessor vertex) reads.
     *
     * @param owner the layer or vertex name
     * @return the channel nodes, when known
     */
    public Optional<int[]> preprocessorInput(String owner) {
        return Optional.ofNullable(preprocessorInputs.get(owner)).map(int[]::clone);
    }

    /**
     * The channel space a subset vertex reads.
     *
     * @param vertex the vertex name
     * @return the channel nodes, when known
     */
    public Optional<int[]> subsetInput(String vertex) {
        return Optional.ofNullable(subsetInputs.get(vertex)).map(int[]::clone);
    }

    /**
     * One line per group: name, units, prunable or why not.
     *
     * @return the description
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (DependencyGroup g : groups) {
            sb.append(g.name()).append(": ").append(g.units()).append(" units, ").append(g.members().size())
                    .append(" members, ").append(g.prunable() ? "prunable" : "kept: " + g.reason()).append('\n');
        }
        return sb.toString();
    }
}
