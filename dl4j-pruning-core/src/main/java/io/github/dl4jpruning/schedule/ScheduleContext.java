package io.github.dl4jpruning.schedule;

import io.github.dl4jpruning.internal.Checks;

/**
 * What a schedule may look at when it decides.
 *
 * @param epochsCompleted number of training epochs finished so far (0 before the first epoch)
 * @param roundsCompleted number of mask updates made so far
 * @param currentDensity the density the masks were last set to (1.0 before any pruning)
 */
public record ScheduleContext(int epochsCompleted, int roundsCompleted, double currentDensity) {

    /**
     * Validates the context.
     *
     * @throws IllegalArgumentException if a count is negative or the density is outside (0, 1]
     */
    public ScheduleContext {
        Checks.atLeast("epochsCompleted", epochsCompleted, 0);
        Checks.atLeast("roundsCompleted", roundsCompleted, 0);
        Checks.density("currentDensity", currentDensity);
    }
}
