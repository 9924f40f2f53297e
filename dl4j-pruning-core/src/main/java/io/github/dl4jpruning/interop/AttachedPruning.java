package io.github.dl4jpruning.interop;

import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.network.NetworkAdapter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.TrainingListener;

/** Finds the {@link PruningListener} among a network's listeners. */
final class AttachedPruning {

    private AttachedPruning() {
    }

    /**
     * The network's pruning listener: the first one bound to it, else the first one not yet bound.
     *
     * @param model a MultiLayerNetwork or ComputationGraph
     * @return its pruning listener
     * @throws IllegalStateException if none is among the network's listeners (the message lists what is there and
     *         says how to add one)
     */
    static PruningListener of(Model model) {
        Collection<TrainingListener> listeners = listeners(model);
        PruningListener unbound = null;
        for (TrainingListener l : listeners) {
            if (l instanceof PruningListener p) {
                if (p.isBoundTo(model)) {
                    return p;
                }
                if (unbound == null && p.state().isEmpty()) {
                    unbound = p;
                }
            }
        }
        if (unbound != null) {
            return unbound;
        }
        List<String> names = new ArrayList<>();
        listeners.forEach(l -> names.add(l.getClass().getSimpleName()));
        throw new IllegalStateException("the " + NetworkAdapter.of(model).kind() + " has no PruningListener among its "
                + "listeners (" + names + "): add it with net.addListeners(pruning, ...), or, for a network that is "
                + "not pruned, use DL4J's own CheckpointListener / LocalFileModelSaver");
    }

    /**
     * The network's listeners, in the order DL4J calls them.
     *
     * @param model a MultiLayerNetwork or ComputationGraph
     * @return its listeners (empty if none)
     */
    static Collection<TrainingListener> listeners(Model model) {
        return NetworkAdapter.of(model).listeners();
    }
}
