package io.github.dl4jpruning.report;

import org.nd4j.shade.jackson.annotation.JsonIgnoreProperties;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Counts for one prunable parameter (e.g. the weight matrix of one layer).
 *
 * @param id the parameter's id, {@code <layerName>_<paramKey>} (e.g. {@code layer0_W})
 * @param layerName the layer's name
 * @param layerIndex the layer's index (MultiLayerNetwork) or vertex index (ComputationGraph)
 * @param paramKey the parameter key (e.g. {@code W})
 * @param paramCount number of weights
 * @param nonzeroCount number of weights that are not exactly zero
 */
@JsonIgnoreProperties(value = {"density", "pruningRate", "compression"}, allowGetters = true)
public record LayerStats(@JsonProperty("id") String id, @JsonProperty("layerName") String layerName,
        @JsonProperty("layerIndex") int layerIndex, @JsonProperty("paramKey") String paramKey,
        @JsonProperty("paramCount") long paramCount, @JsonProperty("nonzeroCount") long nonzeroCount) {

    /**
     * Validates the counts.
     *
     * @throws IllegalArgumentException if a count is negative or {@code nonzeroCount > paramCount}
     */
    public LayerStats {
        if (paramCount < 1 || nonzeroCount < 0 || nonzeroCount > paramCount) {
            throw new IllegalArgumentException("LayerStats " + id + ": nonzeroCount (" + nonzeroCount
                    + ") must be in [0, paramCount (" + paramCount + ")] and paramCount >= 1");
        }
    }

    /**
     * Density {@code s}: share of weights kept (non-zero).
     *
     * @return {@code nonzeroCount / paramCount} in [0, 1]
     */
    @JsonProperty("density")
    public double density() {
        return (double) nonzeroCount / paramCount;
    }

    /**
     * Pruning rate {@code p = 1 - s}: share of weights removed.
     *
     * @return the rate in [0, 1]
     */
    @JsonProperty("pruningRate")
    public double pruningRate() {
        return 1.0 - density();
    }

    /**
     * Compression {@code 1/s}.
     *
     * @return {@code paramCount / nonzeroCount}, or null when every weight is pruned
     */
    @JsonProperty("compression")
    public Double compression() {
        return nonzeroCount == 0 ? null : (double) paramCount / nonzeroCount;
    }
}
