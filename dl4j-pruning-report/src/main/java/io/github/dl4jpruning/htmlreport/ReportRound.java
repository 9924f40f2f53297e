package io.github.dl4jpruning.htmlreport;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One row of a report: the network after one mask update (round {@code r >= 1}) or before the first (round 0).
 *
 * @param round 0 for the network before pruning, else the number of the mask update
 * @param density share of prunable weights kept, in [0, 1]
 * @param accuracy the accuracy you measured for this round, in [0, 1], if any
 * @param layerDensity density per prunable parameter id (e.g. {@code layer0_W}), in network order
 * @param epochSeconds wall time of the round's last training epoch, if measured
 * @param pruneSeconds wall time of the round's mask update, if known
 */
public record ReportRound(int round, double density, OptionalDouble accuracy, Map<String, Double> layerDensity,
        OptionalDouble epochSeconds, OptionalDouble pruneSeconds) {

    /**
     * Validates and copies the map (keeping its order).
     *
     * @throws IllegalArgumentException if the round is negative, a density or the accuracy is outside [0, 1] (NaN
     *     included) or a time is negative
     */
    public ReportRound {
        if (round < 0) {
            throw new IllegalArgumentException("round (" + round + ") must be >= 0: 0 is the network before pruning");
        }
        checkUnit("density", density);
        Objects.requireNonNull(accuracy, "accuracy (null) must be an OptionalDouble, empty when not measured");
        accuracy.ifPresent(a -> checkUnit("accuracy", a));
        Objects.requireNonNull(layerDensity, "layerDensity (null) must be a map, empty when unknown");
        Map<String, Double> copy = new LinkedHashMap<>();
        layerDensity.forEach((k, v) -> {
            Objects.requireNonNull(k, "layerDensity key (null) must be a parameter id such as layer0_W");
            checkUnit("layerDensity[" + k + "]", v == null ? Double.NaN : v);
            copy.put(k, v);
        });
        layerDensity = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(epochSeconds, "epochSeconds (null) must be an OptionalDouble");
        Objects.requireNonNull(pruneSeconds, "pruneSeconds (null) must be an OptionalDouble");
        epochSeconds.ifPresent(s -> checkSeconds("epochSeconds", s));
        pruneSeconds.ifPresent(s -> checkSeconds("pruneSeconds", s));
    }

    /**
     * A round without accuracy or timings.
     *
     * @param round the round number, {@code >= 0}
     * @param density share of prunable weights kept
     * @param layerDensity density per prunable parameter id
     * @return the round
     */
    public static ReportRound of(int round, double density, Map<String, Double> layerDensity) {
        return new ReportRound(round, density, OptionalDouble.empty(), layerDensity, OptionalDouble.empty(),
                OptionalDouble.empty());
    }

    /**
     * This round with an accuracy.
     *
     * @param value the accuracy, in [0, 1]
     * @return a new round
     * @throws IllegalArgumentException if the value is outside [0, 1]
     */
    public ReportRound withAccuracy(double value) {
        return new ReportRound(round, density, OptionalDouble.of(value), layerDensity, epochSeconds, pruneSeconds);
    }

    /**
     * Compression {@code 1 / density}.
     *
     * @return the compression, or empty when every weight is pruned
     */
    public OptionalDouble compression() {
        return density == 0 ? OptionalDouble.empty() : OptionalDouble.of(1.0 / density);
    }

    static void checkUnit(String field, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(field + " (" + v + ") must be in [0, 1]");
        }
    }

    private static void checkSeconds(String field, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(field + " (" + v + ") must be a finite number of seconds >= 0");
        }
    }
}
