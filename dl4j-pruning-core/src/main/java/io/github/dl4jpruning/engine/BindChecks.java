package io.github.dl4jpruning.engine;

import io.github.dl4jpruning.config.GranularitySpec;
import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.ParamDiscovery;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The checks an engine makes before it changes anything when it binds: the parameters' data type, per-layer settings
 * only with unstructured pruning, and whether any criterion needs accumulated gradients. (The mask strategy checks
 * the rest when it is built.)
 */
final class BindChecks {

    private BindChecks() {
    }

    /**
     * Checks that the configuration fits the network.
     *
     * @param adapter the network
     * @param config the configuration
     * @param found the discovered parameters and settings
     * @throws IllegalArgumentException naming the data type or the settings that do not fit
     */
    static void check(NetworkAdapter adapter, PruningConfig config, ParamDiscovery.Discovered found) {
        DataType dt = adapter.params().dataType();
        if (dt != DataType.FLOAT && dt != DataType.DOUBLE) {
            throw new IllegalArgumentException("parameters data type (" + dt + ") must be FLOAT or DOUBLE: masks and "
                    + "scores in " + dt + " lose the ranking (the pruned-first offset overflows); build the network "
                    + "with .dataType(DataType.FLOAT), prune, then convert it with convertDataType(" + dt + ")");
        }
        GranularitySpec g = config.granularity();
        if (!(g instanceof GranularitySpec.Unstructured) && !found.settings().isEmpty()) {
            throw new IllegalArgumentException("per-layer settings (" + found.settings().keySet() + ") apply to "
                    + "unstructured pruning only; with granularity " + g.kind() + " use the network-wide scope, floor "
                    + "and group score");
        }
    }

    /**
     * Whether the engine must accumulate gradients: the network-wide criterion or a layer's own one is gradient-based.
     *
     * @param config the configuration
     * @param found the discovered settings
     * @return true if an accumulator is needed
     */
    static boolean needsGradients(PruningConfig config, ParamDiscovery.Discovered found) {
        return config.criterion().needsGradients() || found.settings().values().stream()
                .anyMatch(l -> l.criterion().map(c -> c.needsGradients()).orElse(false));
    }
}
