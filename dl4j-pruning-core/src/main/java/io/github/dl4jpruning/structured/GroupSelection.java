package io.github.dl4jpruning.structured;

import io.github.dl4jpruning.graph.DependencyGraph;
import io.github.dl4jpruning.graph.DependencyGroup;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.network.NetworkAdapter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which groups of a network's {@link DependencyGraph} a structured granularity removes units from:
 * {@link Granularity#NEURON} the prunable groups of Dense layers, {@link Granularity#FILTER} and
 * {@link Granularity#CHANNEL} every prunable group (Dense neurons and convolution filters of every kind). Groups that
 * are kept are logged with the reason.
 */
public final class GroupSelection {

    private static final Logger log = LoggerFactory.getLogger(GroupSelection.class);

    private GroupSelection() {
    }

    /**
     * The groups a granularity prunes.
     *
     * @param net the network
     * @param granularity NEURON, FILTER or CHANNEL
     * @return the groups, in the graph's order
     * @throws IllegalArgumentException if the granularity is not structured or no group can be pruned (the message
     *         lists every group that is kept and why)
     */
    public static List<DependencyGroup> of(NetworkAdapter net, Granularity granularity) {
        if (!granularity.isStructured()) {
            throw new IllegalArgumentException("granularity (" + granularity + ") must be structured (NEURON, FILTER "
                    + "or CHANNEL)");
        }
        DependencyGraph graph = DependencyGraph.of(net);
        List<DependencyGroup> out = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (DependencyGroup g : graph.groups()) {
            if (!g.prunable()) {
                kept.add(g.name() + " (" + g.reason() + ")");
                log.info("\"{}\" keeps all its units: {}", g.name(), g.reason());
            } else if (granularity == Granularity.NEURON && !g.dense()) {
                log.debug("\"{}\" keeps its filters under granularity NEURON", g.name());
            } else {
                out.add(g);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("granularity (" + granularity + "): this network has no hidden "
                    + (granularity == Granularity.NEURON ? "Dense" : "Dense or convolution")
                    + " layer whose units can be removed" + (kept.isEmpty() ? "" : "; kept: " + String.join("; ",
                    kept)));
        }
        return List.copyOf(out);
    }
}
