package io.github.dl4jpruning.report;

import io.github.dl4jpruning.internal.Json;
import java.util.List;
import java.util.Locale;
import org.nd4j.shade.jackson.annotation.JsonIgnoreProperties;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * What one mask update did: the target it aimed at and the counts it reached, per layer and in total.
 *
 * @param round 1-based number of the mask update (0 for a report of the unpruned model)
 * @param epochsCompleted training epochs finished when the masks were updated
 * @param targetDensity the density aimed at (share of prunable weights kept)
 * @param scope ranking scope used ({@code GLOBAL} or {@code LOCAL})
 * @param criterion description of the criterion used
 * @param pruneSeconds wall time of the mask update
 * @param layers counts per prunable parameter, in network order
 * @param units unit counts per unit layer under a structured granularity (NEURON, FILTER, CHANNEL), in network
 *        order; empty for unstructured and pattern pruning
 */
@JsonIgnoreProperties(value = {"paramCount", "nonzeroCount", "density", "pruningRate", "compression"},
        allowGetters = true)
public record PruningReport(@JsonProperty("round") int round,
        @JsonProperty("epochsCompleted") int epochsCompleted,
        @JsonProperty("targetDensity") double targetDensity, @JsonProperty("scope") String scope,
        @JsonProperty("criterion") String criterion, @JsonProperty("pruneSeconds") double pruneSeconds,
        @JsonProperty("layers") List<LayerStats> layers, @JsonProperty("units") List<UnitStats> units) {

    /**
     * Copies the lists (a missing unit list reads as empty).
     *
     * @throws IllegalArgumentException if {@code layers} is empty
     */
    public PruningReport {
        layers = List.copyOf(layers);
        units = units == null ? List.of() : List.copyOf(units);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("layers ([]) must hold at least one prunable parameter");
        }
    }

    /**
     * A report without unit counts (unstructured pruning).
     *
     * @param round 1-based number of the mask update
     * @param epochsCompleted training epochs finished
     * @param targetDensity the density aimed at
     * @param scope ranking scope used
     * @param criterion description of the criterion
     * @param pruneSeconds wall time of the mask update
     * @param layers counts per prunable parameter
     */
    public PruningReport(int round, int epochsCompleted, double targetDensity, String scope, String criterion,
            double pruneSeconds, List<LayerStats> layers) {
        this(round, epochsCompleted, targetDensity, scope, criterion, pruneSeconds, layers, List.of());
    }

    /**
     * Total number of prunable weights.
     *
     * @return the sum over layers
     */
    @JsonProperty("paramCount")
    public long paramCount() {
        return layers.stream().mapToLong(LayerStats::paramCount).sum();
    }

    /**
     * Total number of prunable weights that are not exactly zero.
     *
     * @return the sum over layers
     */
    @JsonProperty("nonzeroCount")
    public long nonzeroCount() {
        return layers.stream().mapToLong(LayerStats::nonzeroCount).sum();
    }

    /**
     * Overall density {@code s}.
     *
     * @return {@code nonzeroCount / paramCount}
     */
    @JsonProperty("density")
    public double density() {
        return (double) nonzeroCount() / paramCount();
    }

    /**
     * Overall pruning rate {@code p = 1 - s}.
     *
     * @return the rate
     */
    @JsonProperty("pruningRate")
    public double pruningRate() {
        return 1.0 - density();
    }

    /**
     * Overall compression {@code 1/s}.
     *
     * @return the compression, or null when every weight is pruned
     */
    @JsonProperty("compression")
    public Double compression() {
        long nz = nonzeroCount();
        return nz == 0 ? null : (double) paramCount() / nz;
    }

    /**
     * Serializes this report.
     *
     * @return indented JSON holding every field and the derived totals
     */
    public String toJson() {
        return Json.write(this);
    }

    /**
     * Reads a report written by {@link #toJson()}.
     *
     * @param json the JSON text
     * @return the report
     * @throws IllegalArgumentException if the JSON is invalid
     */
    public static PruningReport fromJson(String json) {
        return Json.read(json, PruningReport.class);
    }

    /**
     * A one-line summary: round, density, pruning rate, compression, the per-layer densities and, under structured
     * pruning, the units kept per layer.
     *
     * @return the summary
     */
    public String summary() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "round %d: density %.4f (target %.4f), pruned %.2f%%, compression %s, %d/%d weights kept;",
                round, density(), targetDensity, 100 * pruningRate(),
                compression() == null ? "inf" : String.format(Locale.ROOT, "%.1fx", compression()),
                nonzeroCount(), paramCount()));
        for (LayerStats l : layers) {
            sb.append(String.format(Locale.ROOT, " %s=%.4f", l.id(), l.density()));
        }
        if (!units.isEmpty()) {
            sb.append("; units kept:");
            for (UnitStats u : units) {
                sb.append(String.format(Locale.ROOT, " %s=%d/%d", u.layerName(), u.keptUnits(), u.totalUnits()));
            }
        }
        return sb.toString();
    }
}
