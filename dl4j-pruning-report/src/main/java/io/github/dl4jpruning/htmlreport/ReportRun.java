package io.github.dl4jpruning.htmlreport;

import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.report.LayerStats;
import io.github.dl4jpruning.report.PruningReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One pruning run of a report: a name (the legend label) and its rounds in order. Several runs in one report are
 * overlaid in the accuracy-vs-density chart.
 *
 * <pre>{@code
 * ReportRun run = ReportRun.builder("magnitude, global")
 *         .listener(pruning)              // rounds 1..n: the listener's history of mask updates
 *         .denseAccuracy(0.8766)          // optional round 0: the network before the first mask update
 *         .accuracies(accuracies)         // optional: one accuracy per mask update, in order
 *         .build();
 * }</pre>
 *
 * @param name the legend label
 * @param rounds the rounds, in order (round 0 first when present)
 */
public record ReportRun(String name, List<ReportRound> rounds) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if the name is blank, there is no round, or round numbers do not increase
     */
    public ReportRun {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name (" + (name == null ? "null" : "\"" + name + "\"")
                    + ") must be a non-blank legend label, e.g. \"magnitude, global\"");
        }
        Objects.requireNonNull(rounds, "rounds (null) must be a list of rounds");
        rounds = List.copyOf(rounds);
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("rounds of run \"" + name + "\" ([]) must hold at least one round: "
                    + "train until the listener has updated the masks, or give denseAccuracy for round 0");
        }
        for (int i = 1; i < rounds.size(); i++) {
            if (rounds.get(i).round() <= rounds.get(i - 1).round()) {
                throw new IllegalArgumentException("rounds of run \"" + name + "\": round " + rounds.get(i).round()
                        + " at position " + i + " must be greater than the round before it ("
                        + rounds.get(i - 1).round() + ")");
            }
        }
    }

    /**
     * Whether every round has an accuracy.
     *
     * @return true if every round has one
     */
    public boolean hasAccuracy() {
        return rounds.stream().allMatch(r -> r.accuracy().isPresent());
    }

    /**
     * Starts a run.
     *
     * @param name the legend label, non-blank
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * The rows of a list of pruning reports (a listener's history, or reports you took with
     * {@code pruning.report(net)}): round, density, per-layer densities and the mask update's time.
     *
     * @param report one report
     * @return its row, without accuracy
     */
    public static ReportRound roundOf(PruningReport report) {
        Objects.requireNonNull(report, "report (null) must be a PruningReport");
        Map<String, Double> layers = new LinkedHashMap<>();
        for (LayerStats l : report.layers()) {
            layers.put(l.id(), l.density());
        }
        return new ReportRound(report.round(), report.density(), OptionalDouble.empty(), layers,
                OptionalDouble.empty(), OptionalDouble.of(report.pruneSeconds()));
    }

    /** Builds a {@link ReportRun}; setters fail fast, {@link #build()} checks the fields together. */
    public static final class Builder {

        private final String name;
        private List<PruningReport> history;
        private List<ReportRound> rounds;
        private Double denseAccuracy;
        private List<Double> accuracies;

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name (" + (name == null ? "null" : "\"" + name + "\"")
                        + ") must be a non-blank legend label, e.g. \"magnitude, global\"");
            }
            this.name = name;
        }

        /**
         * The rounds from a listener's history: one per mask update so far, in order.
         *
         * @param listener a listener that has seen its network
         * @return this builder
         * @throws IllegalStateException if the listener has not been bound to a network yet
         */
        public Builder listener(PruningListener listener) {
            Objects.requireNonNull(listener, "listener (null) must be a PruningListener");
            MaskState state = listener.state().orElseThrow(() -> new IllegalStateException("listener is not bound "
                    + "to a network yet, so it has no history: train with it or call pruning.bind(net) first"));
            return history(state.history());
        }

        /**
         * The rounds from pruning reports, one row per report, in order (e.g. {@code listener.state().get().history()},
         * or {@code pruning.report(net)} taken after each round's fine-tuning).
         *
         * @param reports the reports, non-empty unless {@link #denseAccuracy} is given
         * @return this builder
         */
        public Builder history(List<PruningReport> reports) {
            Objects.requireNonNull(reports, "history (null) must be a list of PruningReports");
            this.history = List.copyOf(reports);
            return this;
        }

        /**
         * The rounds as given, for results that were not produced by a listener in this JVM (e.g. read from JSON).
         * Not together with {@link #history}, {@link #denseAccuracy} or {@link #accuracies}.
         *
         * @param rows the rounds, in order
         * @return this builder
         */
        public Builder rounds(List<ReportRound> rows) {
            Objects.requireNonNull(rows, "rounds (null) must be a list of ReportRounds");
            this.rounds = List.copyOf(rows);
            return this;
        }

        /**
         * Adds round 0, the network before the first mask update, with every prunable weight counted as kept
         * (density 1.0) and this accuracy.
         *
         * @param accuracy the accuracy of the unpruned network, in [0, 1]
         * @return this builder
         * @throws IllegalArgumentException if the accuracy is outside [0, 1]
         */
        public Builder denseAccuracy(double accuracy) {
            ReportRound.checkUnit("denseAccuracy", accuracy);
            this.denseAccuracy = accuracy;
            return this;
        }

        /**
         * One accuracy per mask update of the history, in order (not counting {@link #denseAccuracy}).
         *
         * @param values the accuracies, each in [0, 1]
         * @return this builder
         * @throws IllegalArgumentException if a value is null or outside [0, 1]
         */
        public Builder accuracies(List<Double> values) {
            Objects.requireNonNull(values, "accuracies (null) must be a list, one accuracy per pruning round");
            for (int i = 0; i < values.size(); i++) {
                Double v = values.get(i);
                ReportRound.checkUnit("accuracies[" + i + "]", v == null ? Double.NaN : v);
            }
            this.accuracies = List.copyOf(values);
            return this;
        }

        /**
         * Builds the run.
         *
         * @return the run
         * @throws IllegalArgumentException if neither {@link #history} nor {@link #rounds} was given (or both), if
         *     the number of accuracies differs from the number of mask updates, or if there is no round at all
         */
        public ReportRun build() {
            if (rounds != null) {
                if (history != null || denseAccuracy != null || accuracies != null) {
                    throw new IllegalArgumentException("rounds of run \"" + name + "\" were given as rows: leave out "
                            + "listener/history, denseAccuracy and accuracies, or give the accuracies in the rows");
                }
                return new ReportRun(name, rounds);
            }
            if (history == null) {
                throw new IllegalArgumentException("history of run \"" + name + "\" (none) is required: call "
                        + "listener(pruning), history(reports) or rounds(rows)");
            }
            if (accuracies != null && accuracies.size() != history.size()) {
                throw new IllegalArgumentException("accuracies of run \"" + name + "\" (" + accuracies.size()
                        + " values) must hold one accuracy per pruning round: " + history.size() + " round(s) in the "
                        + "history, so exactly " + history.size() + " values (the dense accuracy goes to "
                        + "denseAccuracy)");
            }
            List<ReportRound> rows = new ArrayList<>();
            if (denseAccuracy != null) {
                Map<String, Double> dense = new LinkedHashMap<>();
                if (!history.isEmpty()) {
                    history.get(0).layers().forEach(l -> dense.put(l.id(), 1.0));
                }
                rows.add(new ReportRound(0, 1.0, OptionalDouble.of(denseAccuracy), dense, OptionalDouble.empty(),
                        OptionalDouble.empty()));
            }
            for (int i = 0; i < history.size(); i++) {
                ReportRound row = roundOf(history.get(i));
                rows.add(accuracies == null ? row : row.withAccuracy(accuracies.get(i)));
            }
            return new ReportRun(name, rows);
        }
    }
}
