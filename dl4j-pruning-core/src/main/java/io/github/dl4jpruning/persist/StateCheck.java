package io.github.dl4jpruning.persist;

import io.github.dl4jpruning.config.GranularitySpec;
import io.github.dl4jpruning.mask.MaskUpdater;
import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.report.LayerStats;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.graph.DependencyGroup;
import io.github.dl4jpruning.structured.GroupMaskUpdater;
import io.github.dl4jpruning.structured.GroupSelection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Checks saved pruning entries for consistency, before anything is built from them (and, at save time, before they
 * are written, so that a file this library writes always loads). The rules are what every state the engine produces
 * satisfies; see {@link PrunedModels} for the list.
 */
final class StateCheck {

    /** Builds the exception of a refusal: IllegalArgumentException on load, IllegalStateException on save. */
    interface Refusal {

        /**
         * Names where a problem lies.
         *
         * @param entry the entry name
         * @return e.g. {@code /path/model.zip: entry dl4jpruning_state.json}
         */
        String where(String entry);

        /**
         * Builds the exception.
         *
         * @param message the full message
         * @return the exception to throw
         */
        RuntimeException refuse(String message);

        /**
         * A refusal naming entries of one file.
         *
         * @param file the file the entries belong to
         * @param exception builds the exception from the full message
         * @return the refusal
         */
        static Refusal of(java.nio.file.Path file, java.util.function.Function<String, RuntimeException> exception) {
            return new Refusal() {
                @Override
                public String where(String entry) {
                    return file + ": entry " + entry;
                }

                @Override
                public RuntimeException refuse(String message) {
                    return exception.apply(message);
                }
            };
        }
    }

    private final PruningEntries e;
    private final Refusal r;
    private final String state;
    private final String maskEntry;

    private StateCheck(PruningEntries e, Refusal r) {
        this.e = e;
        this.r = r;
        this.state = r.where(e.layout().state());
        this.maskEntry = r.where(e.layout().mask());
    }

    /**
     * Checks the entries against themselves and against the network's parameter count.
     *
     * @param e the decoded entries
     * @param numParams the length of the network's flat parameter vector
     * @param r how to refuse
     */
    static void check(PruningEntries e, long numParams, Refusal r) {
        new StateCheck(e, r).run(numParams);
    }

    /**
     * Checks that the saved parameter layout is the network's (after the network has been restored).
     *
     * @param e the decoded entries
     * @param network the prunable parameters the configuration finds in the network
     * @param r how to refuse
     */
    static void fits(PruningEntries e, List<PrunableParam> network, Refusal r) {
        SavedState s = e.state();
        String where = r.where(e.layout().state());
        for (int i = 0; i < s.params().size(); i++) {
            String id = s.params().get(i);
            PrunableParam p = network.stream().filter(q -> q.id().equals(id)).findFirst().orElseThrow(() ->
                    r.refuse(where + " names parameter " + id + ", which this network does not have (its prunable "
                            + "parameters: " + network.stream().map(PrunableParam::id).toList() + ")"));
            if (p.offset() != s.offsets().get(i) || p.length() != s.lengths().get(i)) {
                throw r.refuse(where + ": parameter " + id + " was saved at offset " + s.offsets().get(i) + " with "
                        + s.lengths().get(i) + " weights, the network has it at offset " + p.offset() + " with "
                        + p.length());
            }
        }
        if (s.params().size() != network.size()) {
            throw r.refuse(where + " lists " + s.params() + " but the configuration prunes "
                    + network.stream().map(PrunableParam::id).toList());
        }
    }

    private void run(long numParams) {
        SavedState s = e.state();
        INDArray mask = e.mask();
        if (mask.length() != numParams) {
            throw r.refuse(maskEntry + " has " + mask.length() + " values, the network has " + numParams
                    + " parameters: a mask has one value per parameter");
        }
        if (s.roundsCompleted() < 0) {
            throw r.refuse(state + ": roundsCompleted (" + s.roundsCompleted() + ") must be >= 0");
        }
        if (!(s.currentDensity() > 0 && s.currentDensity() <= 1)) {
            throw r.refuse(state + ": currentDensity (" + s.currentDensity() + ") must be in (0, 1]");
        }
        layout(s, numParams);
        history(s);
        if (s.gradientBatches() < 0 || (e.gradients().isEmpty() && s.gradientBatches() != 0)) {
            throw r.refuse(state + ": gradientBatches (" + s.gradientBatches() + ") must be >= 0, and 0 without "
                    + "entry " + e.layout().gradients());
        }
        INDArray flat = mask.reshape(mask.length());
        long ones = count(flat.eq(1.0));
        long zeros = count(flat.eq(0.0));
        if (ones + zeros != flat.length()) {
            throw r.refuse(maskEntry + " holds " + (flat.length() - ones - zeros) + " values other than 0 and 1 (NaN "
                    + "included): a mask value must be 0 (pruned) or 1 (kept)");
        }
        if (!(e.config().granularity() instanceof GranularitySpec.Units)) {
            zerosOnlyAtPrunablePositions(s, flat, maskEntry, r);    // unit granularities: see unitZeros, once built
        }
        density(s, keptPerParameter(s, flat));
        arrays(numParams);
    }

    private void layout(SavedState s, long numParams) {
        if (s.params() == null || s.params().isEmpty() || hasNull(s.params())) {
            throw r.refuse(state + ": params (" + s.params() + ") must list the ids of the prunable parameters");
        }
        if (new HashSet<>(s.params()).size() != s.params().size()) {
            throw r.refuse(state + ": params (" + s.params() + ") must not repeat an id");
        }
        perParameter(s.offsets(), "offsets", s.params().size());
        perParameter(s.lengths(), "lengths", s.params().size());
        long end = 0;
        for (int i = 0; i < s.params().size(); i++) {
            long offset = s.offsets().get(i);
            long length = s.lengths().get(i);
            if (offset < end || length < 1 || length > numParams - offset) {
                throw r.refuse(state + ": parameter " + s.params().get(i) + " at offset (" + offset + ") with length ("
                        + length + ") must lie after the previous parameter (which ends at " + end + ") and within the "
                        + numParams + " parameters of the network");
            }
            end = offset + length;
        }
    }

    private void perParameter(List<Long> list, String field, int n) {
        if (list == null || list.size() != n || hasNull(list)) {
            throw r.refuse(state + ": " + field + " (" + list + ") must hold one number per parameter in params (" + n
                    + ")");
        }
    }

    private static boolean hasNull(List<?> list) {
        return list.stream().anyMatch(java.util.Objects::isNull);
    }

    private void history(SavedState s) {
        if (s.history() == null || s.history().size() != s.roundsCompleted()) {
            throw r.refuse(state + ": history (" + (s.history() == null ? "null" : s.history().size() + " reports")
                    + ") must hold one report per completed round (" + s.roundsCompleted() + ")");
        }
        if (hasNull(s.history())) {
            throw r.refuse(state + ": history[" + s.history().indexOf(null) + "] (null) must be a report");
        }
        for (int i = 0; i < s.history().size(); i++) {
            PruningReport p = s.history().get(i);
            String at = state + ": history[" + i + "]";
            if (p.round() != i + 1 || p.epochsCompleted() < 0 || !(p.targetDensity() > 0 && p.targetDensity() <= 1)
                    || !(p.pruneSeconds() >= 0 && p.pruneSeconds() < Double.POSITIVE_INFINITY)) {
                throw r.refuse(at + " (round " + p.round() + ", epochsCompleted " + p.epochsCompleted()
                        + ", targetDensity " + p.targetDensity() + ", pruneSeconds " + p.pruneSeconds() + ") must be "
                        + "round " + (i + 1) + " with epochsCompleted >= 0, targetDensity in (0, 1] and a finite "
                        + "pruneSeconds >= 0");
            }
            List<String> ids = p.layers().stream().map(LayerStats::id).toList();
            List<Long> counts = p.layers().stream().map(LayerStats::paramCount).toList();
            if (!ids.equals(s.params()) || !counts.equals(s.lengths())) {
                throw r.refuse(at + " (round " + p.round() + "): its layers " + ids + " with " + counts + " weights "
                        + "must be the saved params " + s.params() + " with their lengths " + s.lengths());
            }
        }
    }

    /** Zeros must lie in prunable parameters. */
    private static void zerosOnlyAtPrunablePositions(SavedState s, INDArray flat, String maskEntry, Refusal r) {
        long from = 0;
        for (int i = 0; i <= s.params().size(); i++) {
            long to = i < s.params().size() ? s.offsets().get(i) : flat.length();
            if (to > from) {
                long zeros = count(flat.get(NDArrayIndex.interval(from, to)).eq(0.0));
                if (zeros > 0) {
                    throw r.refuse(maskEntry + " holds " + zeros + " zeros at offsets [" + from + ", " + to + "), "
                            + "which belong to no prunable parameter (biases and other parameters the configuration "
                            + "does not prune): a mask must be 1 there, or "
                            + "those parameters would stay frozen at 0");
                }
            }
            if (i < s.params().size()) {
                from = to + s.lengths().get(i);
            }
        }
    }

    private static long[] keptPerParameter(SavedState s, INDArray flat) {
        long[] kept = new long[s.params().size()];
        for (int i = 0; i < kept.length; i++) {
            long offset = s.offsets().get(i);
            kept[i] = MaskUpdater.countNonzero(flat.get(NDArrayIndex.interval(offset, offset + s.lengths().get(i))));
        }
        return kept;
    }

    /**
     * Under a unit granularity a removed unit also owns a bias and BatchNormalization gamma/beta entry outside the
     * prunable weights: a zero there is allowed exactly when the unit's weights are all masked. Checked once the
     * network exists (the unit layers are found in it); a no-op for other granularities, checked by {@link #check}.
     *
     * @param e the decoded entries
     * @param model the network
     * @param r how to refuse
     */
    static void unitZeros(PruningEntries e, Model model, Refusal r) {
        if (!(e.config().granularity() instanceof GranularitySpec.Units units)) {
            return;
        }
        List<DependencyGroup> groups;
        try {
            groups = GroupSelection.of(NetworkAdapter.of(model), units.kind());
        } catch (IllegalArgumentException ex) {
            throw r.refuse(r.where(e.layout().state()) + ": the configuration does not fit the network: "
                    + ex.getMessage());
        }
        INDArray allowed = e.mask().reshape(e.mask().length()).dup();
        allowed.addi(GroupMaskUpdater.removedPositions(allowed, groups));
        zerosOnlyAtPrunablePositions(e.state(), allowed, r.where(e.layout().mask()), r);
    }

    /** The density rules of the class javadoc of {@link PrunedModels}. */
    private void density(SavedState s, long[] kept) {
        long total = s.lengths().stream().mapToLong(Long::longValue).sum();
        long keptTotal = java.util.Arrays.stream(kept).sum();
        double d = s.currentDensity();
        if (s.roundsCompleted() == 0) {
            if (Math.abs(d * total - keptTotal) > 0.5) {
                throw r.refuse(state + ": currentDensity (" + d + ") must equal the mask's kept share of prunable "
                        + "weights (" + keptTotal + " of " + total + " = " + share(keptTotal, total) + ") when no "
                        + "round is completed (the density is then measured from the zeros): entry "
                        + e.layout().mask() + " and the state disagree");
            }
            return;
        }
        PruningReport last = s.history().get(s.history().size() - 1);
        if (d != last.targetDensity()) {
            throw r.refuse(state + ": currentDensity (" + d + ") must equal the targetDensity of the last round in "
                    + "history (" + last.targetDensity() + ")");
        }
        for (int i = 0; i < kept.length; i++) {
            long reported = last.layers().get(i).nonzeroCount();
            if (reported > kept[i]) {
                throw r.refuse(maskEntry + " keeps " + kept[i] + " weights of " + s.params().get(i) + ", but round "
                        + last.round() + " in history counted " + reported + " non-zero ones after applying the "
                        + "mask: the mask must keep at least as many as were counted");
            }
        }
    }

    private void arrays(long numParams) {
        check(e.gradients(), e.layout().gradients(), numParams);
        check(e.rewind(), e.layout().rewind(), numParams);
        if (e.rewind().isPresent() && e.config().rewind().isEmpty()) {
            throw r.refuse(r.where(e.layout().rewind()) + " holds rewind weights, but the configuration has no "
                    + "rewind: remove the entry or configure rewind(...)");
        }
    }

    private void check(Optional<INDArray> a, String entry, long numParams) {
        if (a.isEmpty()) {
            return;
        }
        INDArray v = a.get();
        if (v.length() != numParams) {
            throw r.refuse(r.where(entry) + " has " + v.length() + " values, the network has " + numParams
                    + " parameters");
        }
        long bad = count(v.isNaN()) + count(v.isInfinite());
        if (bad > 0) {
            throw r.refuse(r.where(entry) + " holds " + bad + " NaN or infinite values: they must be finite");
        }
    }

    private static long count(INDArray condition) {
        return condition.castTo(DataType.INT64).sumNumber().longValue();
    }

    private static String share(long part, long total) {
        return String.format(Locale.ROOT, "%.6f", (double) part / total);
    }
}
