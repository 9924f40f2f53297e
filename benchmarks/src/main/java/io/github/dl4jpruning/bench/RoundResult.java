package io.github.dl4jpruning.bench;

import io.github.dl4jpruning.report.LayerStats;
import io.github.dl4jpruning.report.PruningReport;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/**
 * One evaluated round of the IMP protocol: round 0 is the dense network after the dense epochs; round
 * {@code r >= 1} is the network after the {@code r}-th pruning and its fine-tuning.
 *
 * @param round the round number, 0 for the dense network
 * @param density measured share of prunable weights (weights, not biases) that are not exactly zero
 * @param p the pruning rate {@code 1 - density}
 * @param compression {@code 1 / density}, or null if every prunable weight is zero
 * @param accuracy test-set accuracy in [0, 1]
 * @param epochSeconds wall time of the round's last training epoch, without the mask update
 * @param pruneSeconds wall time of the round's mask update (0 for round 0)
 * @param layerDensity measured density per prunable parameter, by id (for example {@code "layer0_W"}), in
 *     network order
 */
@JsonPropertyOrder({"round", "density", "p", "compression", "accuracy", "epochSeconds", "pruneSeconds",
    "layerDensity"})
public record RoundResult(@JsonProperty("round") int round, @JsonProperty("density") double density,
        @JsonProperty("p") double p, @JsonProperty("compression") Double compression,
        @JsonProperty("accuracy") double accuracy, @JsonProperty("epochSeconds") double epochSeconds,
        @JsonProperty("pruneSeconds") double pruneSeconds,
        @JsonProperty("layerDensity") Map<String, Double> layerDensity) {

    /**
     * Copies the map, keeping its order.
     *
     * @throws IllegalArgumentException if the round is negative, a density or the accuracy is outside
     *     [0, 1], or a time is negative
     */
    public RoundResult {
        if (round < 0) {
            throw new IllegalArgumentException("round (" + round + ") must be >= 0");
        }
        if (!(density >= 0 && density <= 1)) {
            throw new IllegalArgumentException("density (" + density + ") must be in [0, 1]");
        }
        if (!(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException("accuracy (" + accuracy + ") must be in [0, 1]");
        }
        if (!(epochSeconds >= 0) || !(pruneSeconds >= 0)) {
            throw new IllegalArgumentException("epochSeconds (" + epochSeconds + ") and pruneSeconds ("
                    + pruneSeconds + ") must be >= 0");
        }
        layerDensity = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(layerDensity,
                "layerDensity")));
    }

    /**
     * Builds a round from the listener's measurement of the network.
     *
     * @param round the round number
     * @param measured the current counts ({@code PruningListener.report(net)})
     * @param accuracy test-set accuracy
     * @param epochSeconds wall time of the last training epoch, without the mask update
     * @param pruneSeconds wall time of the mask update, 0 for round 0
     * @return the round
     */
    public static RoundResult of(int round, PruningReport measured, double accuracy, double epochSeconds,
            double pruneSeconds) {
        Map<String, Double> layers = new LinkedHashMap<>();
        for (LayerStats l : measured.layers()) {
            layers.put(l.id(), l.density());
        }
        double density = measured.density();
        return new RoundResult(round, density, 1.0 - density, measured.compression(), accuracy, epochSeconds,
                pruneSeconds, layers);
    }
}
