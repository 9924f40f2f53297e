package io.github.dl4jpruning.nn.conf;

import io.github.dl4jpruning.criterion.Criterion;
import io.github.dl4jpruning.internal.Checks;
import io.github.dl4jpruning.mask.Granularity;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Pruning settings for one layer, overriding the network-wide {@code PruningConfig} for that layer. Set
 * them on a {@link PrunedLayer} wrapper in builder code, or for a layer left unwrapped with
 * {@code PruningConfig.builder().layer("name", settings)} (not both for the same layer).
 *
 * <ul>
 * <li><b>targetDensity</b>: the density this layer reaches when the schedule reaches its final density.
 * The layer is then ranked on its own, and follows the schedule geometrically: when the network-wide
 * density is {@code d} on the way to the final density {@code T}, the layer's density is
 * {@code t^(ln d / ln T)}. Layers without a target share the network-wide target.</li>
 * <li><b>minDensity</b>: this layer's floor (layer-collapse guard), instead of the network-wide one.</li>
 * <li><b>criterion</b>: how this layer's weights are scored, instead of the network-wide criterion.</li>
 * <li><b>granularity</b>: what one mask decision covers; only {@link Granularity#UNSTRUCTURED} is accepted per
 * layer (structured granularities are set for the whole network in {@code PruningConfig}).</li>
 * <li><b>excludedParams</b>: parameter keys of this layer never pruned (e.g. {@code "RW"} of an LSTM).</li>
 * </ul>
 * Immutable; every unset value means "use the network-wide setting".
 */
public final class LayerPruning implements Serializable {

    private static final long serialVersionUID = 1L;

    /** No override at all. */
    public static final LayerPruning DEFAULTS = builder().build();

    @JsonProperty("targetDensity")
    private final Double targetDensity;
    @JsonProperty("minDensity")
    private final Double minDensity;
    @JsonProperty("criterion")
    private final Criterion criterion;
    @JsonProperty("granularity")
    private final Granularity granularity;
    @JsonProperty("excludedParams")
    private final List<String> excludedParams;

    @JsonCreator
    private LayerPruning(@JsonProperty("targetDensity") Double targetDensity,
            @JsonProperty("minDensity") Double minDensity, @JsonProperty("criterion") Criterion criterion,
            @JsonProperty("granularity") Granularity granularity,
            @JsonProperty("excludedParams") List<String> excludedParams) {
        this.targetDensity = targetDensity;
        this.minDensity = minDensity;
        this.criterion = criterion;
        this.granularity = granularity == null ? Granularity.UNSTRUCTURED : granularity;
        this.excludedParams = excludedParams == null ? List.of() : List.copyOf(excludedParams);
        validate();
    }

    private void validate() {
        if (targetDensity != null) {
            Checks.density("targetDensity", targetDensity);
        }
        if (minDensity != null) {
            Checks.unitInterval("minDensity", minDensity);
        }
        if (targetDensity != null && minDensity != null && minDensity > targetDensity) {
            throw new IllegalArgumentException("minDensity (" + minDensity + ") must be <= targetDensity ("
                    + targetDensity + "): a floor above the target makes the target unreachable");
        }
        if (granularity != Granularity.UNSTRUCTURED) {
            throw new IllegalArgumentException("granularity (" + granularity + ") of a layer: per-layer granularities "
                    + "are not supported yet (only UNSTRUCTURED); set it for the whole network with "
                    + "PruningConfig.builder().granularity(...)");
        }
        for (String k : excludedParams) {
            if (k == null || k.isBlank()) {
                throw new IllegalArgumentException("excludedParams (" + excludedParams + ") must hold non-blank "
                        + "parameter keys such as \"W\" or \"RW\"");
            }
        }
    }

    /**
     * Starts a builder with nothing overridden.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder holding these settings.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.targetDensity = targetDensity;
        b.minDensity = minDensity;
        b.criterion = criterion;
        b.granularity = granularity;
        b.excludedParams.addAll(excludedParams);
        return b;
    }

    /**
     * The layer's own final density.
     *
     * @return the density in (0, 1], or empty to share the network-wide target
     */
    public OptionalDouble targetDensity() {
        return targetDensity == null ? OptionalDouble.empty() : OptionalDouble.of(targetDensity);
    }

    /**
     * The layer's own floor.
     *
     * @return the floor in [0, 1], or empty for the network-wide floor
     */
    public OptionalDouble minDensity() {
        return minDensity == null ? OptionalDouble.empty() : OptionalDouble.of(minDensity);
    }

    /**
     * The layer's own criterion.
     *
     * @return the criterion, or empty for the network-wide one
     */
    public Optional<Criterion> criterion() {
        return Optional.ofNullable(criterion);
    }

    /**
     * What one mask decision covers.
     *
     * @return the granularity (default {@link Granularity#UNSTRUCTURED})
     */
    public Granularity granularity() {
        return granularity;
    }

    /**
     * Parameter keys of the layer that are never pruned.
     *
     * @return an unmodifiable list, empty by default
     */
    public List<String> excludedParams() {
        return excludedParams;
    }

    /**
     * Whether these settings override nothing.
     *
     * @return true if every value is the default
     */
    @JsonIgnore
    public boolean isDefault() {
        return equals(DEFAULTS);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerPruning l && Objects.equals(l.targetDensity, targetDensity)
                && Objects.equals(l.minDensity, minDensity) && Objects.equals(l.criterion, criterion)
                && l.granularity == granularity && l.excludedParams.equals(excludedParams);
    }

    @Override
    public int hashCode() {
        return Objects.hash(targetDensity, minDensity, criterion, granularity, excludedParams);
    }

    @Override
    public String toString() {
        return "LayerPruning(targetDensity=" + targetDensity + ", minDensity=" + minDensity + ", criterion="
                + criterion + ", granularity=" + granularity + ", excludedParams=" + excludedParams + ")";
    }

    /** Collects per-layer settings; {@link #build()} validates them. Setters fail fast on bad values. */
    public static final class Builder {
        private Double targetDensity;
        private Double minDensity;
        private Criterion criterion;
        private Granularity granularity = Granularity.UNSTRUCTURED;
        private final List<String> excludedParams = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets the layer's own final density.
         *
         * @param targetDensity share of the layer's prunable weights to keep at the end, in (0, 1]
         * @return this builder
         * @throws IllegalArgumentException if outside (0, 1] or NaN
         */
        public Builder targetDensity(double targetDensity) {
            this.targetDensity = Checks.density("targetDensity", targetDensity);
            return this;
        }

        /**
         * Sets the layer's own floor.
         *
         * @param minDensity the floor in [0, 1]
         * @return this builder
         * @throws IllegalArgumentException if outside [0, 1] or NaN
         */
        public Builder minDensity(double minDensity) {
            this.minDensity = Checks.unitInterval("minDensity", minDensity);
            return this;
        }

        /**
         * Sets the layer's own criterion.
         *
         * @param criterion the criterion
         * @return this builder
         */
        public Builder criterion(Criterion criterion) {
            this.criterion = Checks.notNull("criterion", criterion);
            return this;
        }

        /**
         * Sets what one mask decision covers.
         *
         * @param granularity the granularity
         * @return this builder
         */
        public Builder granularity(Granularity granularity) {
            this.granularity = Checks.notNull("granularity", granularity);
            return this;
        }

        /**
         * Adds parameter keys of the layer that are never pruned.
         *
         * @param keys parameter keys, e.g. {@code "RW"}
         * @return this builder
         */
        public Builder excludeParams(String... keys) {
            excludedParams.addAll(Arrays.asList(keys));
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the settings
         * @throws IllegalArgumentException naming the first invalid field
         */
        public LayerPruning build() {
            return new LayerPruning(targetDensity, minDensity, criterion, granularity, excludedParams);
        }
    }
}
