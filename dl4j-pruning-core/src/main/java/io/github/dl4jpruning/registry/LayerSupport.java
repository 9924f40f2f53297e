package io.github.dl4jpruning.registry;

import java.util.List;

/**
 * How the registry treats one layer configuration.
 *
 * @param status whether the layer is prunable, has nothing to prune, or is unknown
 * @param paramKeys the prunable parameter keys (empty unless {@code status} is {@link Status#PRUNABLE})
 */
public record LayerSupport(Status status, List<String> paramKeys) {

    /** The three cases of layer support. */
    public enum Status {
        /** The layer has parameters that may be pruned. */
        PRUNABLE,
        /** The layer is known and has no prunable parameter (pooling, batch norm, activation...). */
        NOTHING_TO_PRUNE,
        /** The layer type is not in the registry. */
        UNSUPPORTED
    }

    /**
     * Copies the key list.
     *
     * @throws IllegalArgumentException if a prunable entry has no key
     */
    public LayerSupport {
        paramKeys = List.copyOf(paramKeys);
        if (status == Status.PRUNABLE && paramKeys.isEmpty()) {
            throw new IllegalArgumentException("paramKeys ([]) must not be empty for a PRUNABLE layer");
        }
    }
}
