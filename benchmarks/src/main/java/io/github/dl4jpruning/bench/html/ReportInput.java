package io.github.dl4jpruning.bench.html;

import io.github.dl4jpruning.bench.Environment;
import io.github.dl4jpruning.bench.RoundResult;
import java.util.List;
import java.util.Objects;

/**
 * Everything a pruning report shows.
 *
 * @param title report title (e.g. "IMP on lenet-300-100")
 * @param command the command line that produced the run, shown verbatim
 * @param environment where it ran
 * @param runs one or more runs; each is a line in the accuracy-vs-density chart; the first run's round 0
 *        accuracy is the dense baseline, and the first run's rounds fill the table and the layer chart
 * @param epochs mean training loss per epoch of the first run, in order
 * @param magnitudesBefore |w| of every prunable weight before the first pruning round
 * @param magnitudesAfter |w| of the prunable weights kept (non-zero) after the last round
 */
public record ReportInput(String title, String command, Environment environment, List<Run> runs,
        List<EpochLoss> epochs, float[] magnitudesBefore, float[] magnitudesAfter) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if there is no run or a run has no round
     */
    public ReportInput {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(environment, "environment");
        runs = List.copyOf(runs);
        epochs = List.copyOf(epochs);
        if (runs.isEmpty() || runs.stream().anyMatch(r -> r.rounds().isEmpty())) {
            throw new IllegalArgumentException("runs (" + runs.size() + ") must hold at least one run with rounds");
        }
        magnitudesBefore = magnitudesBefore.clone();
        magnitudesAfter = magnitudesAfter.clone();
    }

    /**
     * One pruning run.
     *
     * @param name legend label (e.g. "magnitude, global")
     * @param rounds its rounds, round 0 (dense) first
     */
    public record Run(String name, List<RoundResult> rounds) {
        /** Copies the rounds. */
        public Run {
            Objects.requireNonNull(name, "name");
            rounds = List.copyOf(rounds);
        }
    }

    /**
     * Training loss of one epoch.
     *
     * @param epoch 1-based epoch number
     * @param meanLoss mean minibatch loss over the epoch
     * @param pruned whether the masks were updated at the start of this epoch
     */
    public record EpochLoss(int epoch, double meanLoss, boolean pruned) {
    }
}
