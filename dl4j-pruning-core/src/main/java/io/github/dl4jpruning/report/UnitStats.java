package io.github.dl4jpruning.report;

import org.nd4j.shade.jackson.annotation.JsonIgnoreProperties;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Unit counts of one layer under structured pruning (neurons of a Dense layer, filters of a convolution): a unit
 * counts as kept while any of its weights is unmasked.
 *
 * @param layerName the layer's name
 * @param keptUnits units still in the network
 * @param totalUnits units the layer has ({@code nOut})
 */
@JsonIgnoreProperties(value = {"unitDensity"}, allowGetters = true)
public record UnitStats(@JsonProperty("layerName") String layerName, @JsonProperty("keptUnits") long keptUnits,
        @JsonProperty("totalUnits") long totalUnits) {

    /**
     * Validates the counts.
     *
     * @throws IllegalArgumentException if {@code totalUnits < 1} or {@code keptUnits} is not in [0, totalUnits]
     */
    public UnitStats {
        if (totalUnits < 1 || keptUnits < 0 || keptUnits > totalUnits) {
            throw new IllegalArgumentException("UnitStats " + layerName + ": keptUnits (" + keptUnits
                    + ") must be in [0, totalUnits (" + totalUnits + ")] and totalUnits >= 1");
        }
    }

    /**
     * Share of the layer's units kept.
     *
     * @return {@code keptUnits / totalUnits} in [0, 1]
     */
    @JsonProperty("unitDensity")
    public double unitDensity() {
        return (double) keptUnits / totalUnits;
    }
}
