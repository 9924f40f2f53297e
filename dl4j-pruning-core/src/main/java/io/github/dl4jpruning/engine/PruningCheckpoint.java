package io.github.dl4jpruning.engine;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.internal.Checks;
import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.report.PruningReport;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Everything a pruning run needs to continue exactly where it stopped, apart from the network itself: what
 * {@link PruningEngine#checkpoint()} exports, {@code persist.PrunedModels} writes beside the network and reads back,
 * and {@link PruningEngine#restore} installs. The arrays are copies, independent of the engine.
 *
 * @param config the configuration of the run
 * @param params the prunable parameters (ids, offsets, lengths in the flat parameter vector), in vector order
 * @param mask the flat 0/1 mask over the whole parameter vector
 * @param roundsCompleted mask updates made so far
 * @param currentDensity the density the masks were last set to (or measured at), in (0, 1]
 * @param history the report of every mask update, oldest first (one per round)
 * @param gradients the gradient accumulator of gradient-based criteria (flat), if the run keeps one
 * @param gradientBatches minibatches in {@code gradients} (0 without)
 * @param rewindWeights the flat parameters kept for lottery-ticket rewinding, if taken
 */
public record PruningCheckpoint(PruningConfig config, List<PrunableParam> params, INDArray mask, int roundsCompleted,
        double currentDensity, List<PruningReport> history, Optional<INDArray> gradients, long gradientBatches,
        Optional<INDArray> rewindWeights) {

    /**
     * Validates and copies the lists.
     *
     * @throws IllegalArgumentException if a value is missing or out of range, or the history does not hold one report
     *         per round
     */
    public PruningCheckpoint {
        Checks.notNull("config", config);
        Checks.notNull("mask", mask);
        Checks.notNull("gradients", gradients);
        Checks.notNull("rewindWeights", rewindWeights);
        params = List.copyOf(Checks.notNull("params", params));
        history = List.copyOf(Checks.notNull("history", history));
        Checks.atLeast("roundsCompleted", roundsCompleted, 0);
        Checks.density("currentDensity", currentDensity);
        if (history.size() != roundsCompleted) {
            throw new IllegalArgumentException("history (" + history.size() + " reports) must hold one report per "
                    + "completed round (" + roundsCompleted + ")");
        }
        if (gradientBatches < 0) {
            throw new IllegalArgumentException("gradientBatches (" + gradientBatches + ") must be >= 0");
        }
    }
}
