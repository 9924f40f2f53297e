package io.github.dl4jpruning.analysis;

import io.github.dl4jpruning.internal.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The result of a {@link SensitivityAnalysis}: the unpruned loss and accuracy, and per prunable parameter and
 * probed density the loss and accuracy with only that parameter pruned (by magnitude, no retraining).
 *
 * @param baselineLoss test loss of the network as it was
 * @param baselineAccuracy test accuracy of the network as it was
 * @param paramCounts number of weights per parameter id, in network order
 * @param probes one row per parameter and density
 */
public record SensitivityReport(@JsonProperty("baselineLoss") double baselineLoss,
        @JsonProperty("baselineAccuracy") double baselineAccuracy,
        @JsonProperty("paramCounts") Map<String, Long> paramCounts, @JsonProperty("probes") List<Probe> probes) {

    /**
     * One probe.
     *
     * @param param the parameter id, e.g. {@code layer0_W}
     * @param density the density that parameter alone was pruned to
     * @param loss the test loss then
     * @param accuracy the test accuracy then
     */
    public record Probe(@JsonProperty("param") String param, @JsonProperty("density") double density,
            @JsonProperty("loss") double loss, @JsonProperty("accuracy") double accuracy) {
    }

    /** Copies the collections. */
    public SensitivityReport {
        paramCounts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(paramCounts));
        probes = List.copyOf(probes);
    }

    /**
     * The report as JSON.
     *
     * @return indented JSON
     */
    public String toJson() {
        return Json.write(this);
    }

    /**
     * Reads a report written by {@link #toJson()}.
     *
     * @param json the JSON text
     * @return the report
     */
    public static SensitivityReport fromJson(String json) {
        return Json.read(json, SensitivityReport.class);
    }

    /**
     * The report as CSV: header {@code param,density,loss,accuracy,lossIncrease,accuracyDrop}, one line per
     * probe, numbers with {@code .} as decimal separator.
     *
     * @return the CSV text
     */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("param,density,loss,accuracy,lossIncrease,accuracyDrop\n");
        for (Probe p : probes) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%s%n", p.param(), p.density(), p.loss(), p.accuracy(),
                    p.loss() - baselineLoss, baselineAccuracy - p.accuracy()));
        }
        return sb.toString();
    }

    /**
     * Turns the probes into per-parameter densities for a global budget: every parameter gets the smallest
     * probed density whose loss increase stays within a common tolerance, and the tolerance is the smallest
     * one whose choice keeps at most {@code budgetDensity} of all weights. Layers that suffer more get more
     * weights. Use the result as {@code LayerPruning.targetDensity} per layer.
     *
     * @param budgetDensity the density over all probed weights, in (0, 1]
     * @return density per parameter id (1.0 for parameters that must stay dense), in network order
     * @throws IllegalArgumentException if the budget is out of range or below what the probes can reach (every
     *         parameter at its smallest probed density)
     */
    public Map<String, Double> targetDensities(double budgetDensity) {
        io.github.dl4jpruning.internal.Checks.density("budgetDensity", budgetDensity);
        TreeSet<Double> tolerances = new TreeSet<>();
        tolerances.add(0.0);
        for (Probe p : probes) {
            tolerances.add(Math.max(0.0, p.loss() - baselineLoss));
        }
        long total = paramCounts.values().stream().mapToLong(Long::longValue).sum();
        for (double tol : tolerances) {
            Map<String, Double> choice = choose(tol);
            double kept = 0;
            for (Map.Entry<String, Double> e : choice.entrySet()) {
                kept += e.getValue() * paramCounts.get(e.getKey());
            }
            if (kept / total <= budgetDensity + 1e-12) {
                return choice;
            }
        }
        Map<String, Double> lowest = choose(Double.POSITIVE_INFINITY);
        double min = 0;
        for (Map.Entry<String, Double> e : lowest.entrySet()) {
            min += e.getValue() * paramCounts.get(e.getKey());
        }
        throw new IllegalArgumentException(String.format(Locale.ROOT, "budgetDensity (%s) is below the smallest "
                + "density the probes reach (%.4f, every layer at its smallest probed density): probe lower "
                + "densities or raise the budget", budgetDensity, min / total));
    }

    private Map<String, Double> choose(double tolerance) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String id : paramCounts.keySet()) {
            double best = 1.0;
            for (Probe p : probes) {
                if (p.param().equals(id) && p.loss() - baselineLoss <= tolerance && p.density() < best) {
                    best = p.density();
                }
            }
            out.put(id, best);
        }
        return out;
    }

    /**
     * The probes of one parameter, densest first.
     *
     * @param param a parameter id
     * @return its probes
     */
    public List<Probe> probesOf(String param) {
        List<Probe> out = new ArrayList<>();
        for (Probe p : probes) {
            if (p.param().equals(param)) {
                out.add(p);
            }
        }
        out.sort((a, b) -> Double.compare(b.density(), a.density()));
        return out;
    }
}
