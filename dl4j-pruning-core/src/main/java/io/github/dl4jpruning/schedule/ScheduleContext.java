package io.github.dl4jpruning.schedule;

import io.github.dl4jpruning.internal.Checks;

/**
 * What a schedule may look at when it decides.
 *
 * @param epochsCompleted number of training epochs finished so far (0 before the first epoch)
 * @param roundsCompleted number of mask updates made so far
 * @param currentDensity the density the masks were last set to (1.0 before any pruning)
 * @param iterationsCompleted number of training iterations (minibatches) finished so far
 */
public record ScheduleContext(int epochsCompleted, int roundsCompleted, double currentDensity,
        long iterationsCompleted) {

    /**
     * Validates the context.
     *
     * @throws IllegalArgumentException if a count is negative or the density is outside (0, 1]
     */
    public ScheduleContext {
        Checks.atLeast("epochsCompleted", epochsCompleted, 0);
        Checks.atLeast("roundsCompleted", roundsCompleted, 0);
        Checks.density("currentDensity", currentDensity);
        if (iterationsCompleted < 0) {
            throw new IllegalArgumentException("iterationsCompleted (" + iterationsCompleted + ") must be >= 0");
        }
    }

    /**
     * A context for epoch-driven schedules (no iteration count: 0).
     *
     * @param epochsCompleted number of training epochs finished so far
     * @param roundsCompleted number of mask updates made so far
     * @param currentDensity the density the masks were last set to
     */
    public ScheduleContext(int epochsCompleted, int roundsCompleted, double currentDensity) {
        this(epochsCompleted, roundsCompleted, currentDensity, 0);
    }
}
