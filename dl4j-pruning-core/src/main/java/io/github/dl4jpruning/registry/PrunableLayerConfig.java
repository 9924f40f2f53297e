package io.github.dl4jpruning.registry;

import java.util.List;

/**
 * Opt-in for custom DL4J layer configurations: a layer configuration class that implements this
 * interface is prunable with the parameter keys it lists, whatever the registry says.
 */
public interface PrunableLayerConfig {

    /**
     * The keys of the parameters (as in the layer's parameter table, e.g. {@code "W"}) that may be
     * pruned. Return an empty list for a layer with nothing to prune. Never list biases.
     *
     * @return the prunable parameter keys
     */
    List<String> prunableParamKeys();
}
