package io.github.dl4jpruning.graph;

import io.github.dl4jpruning.network.NetworkAdapter;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.api.Model;

/** Lookups and compact descriptions of dependency graphs for the golden-graph tests. */
final class GraphAssertions {

    private GraphAssertions() {
    }

    /** The dependency graph of a network. */
    static DependencyGraph graph(Model m) {
        return DependencyGraph.of(NetworkAdapter.of(m));
    }

    /** The group of that name; fails listing the graph when there is none. */
    static DependencyGroup group(DependencyGraph g, String name) {
        return g.groups().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no group " + name + " in\n" + g.describe()));
    }

    /** "layer_key@axis:role/multiplicity" of every member, sorted. */
    static String members(DependencyGroup g) {
        return g.members().stream().map(m -> m.entry().slice().layer() + "_" + m.entry().slice().key() + "@"
                + m.entry().axis() + ":" + m.entry().role().name().charAt(0) + "/" + m.multiplicity()).sorted()
                .collect(Collectors.joining(" "));
    }

    /** The member of one parameter axis. */
    static DependencyGroup.Member member(DependencyGroup g, String layer, String key, int axis) {
        return g.members().stream().filter(m -> m.entry().slice().layer().equals(layer)
                && m.entry().slice().key().equals(key) && m.entry().axis() == axis).findFirst().orElseThrow();
    }
}
