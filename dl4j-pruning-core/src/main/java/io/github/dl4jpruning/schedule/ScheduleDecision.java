package io.github.dl4jpruning.schedule;

import io.github.dl4jpruning.internal.Checks;

/**
 * The answer of a schedule: keep the masks as they are, or recompute them for a new target density.
 *
 * @param updateMasks whether the masks are to be recomputed now
 * @param targetDensity the density to prune to when {@code updateMasks} is true (share of prunable
 *        weights kept, in (0, 1]); equal to the current density otherwise
 */
public record ScheduleDecision(boolean updateMasks, double targetDensity) {

    /**
     * Validates the decision.
     *
     * @throws IllegalArgumentException if {@code targetDensity} is outside (0, 1]
     */
    public ScheduleDecision {
        Checks.density("targetDensity", targetDensity);
    }

    /**
     * A decision that leaves the masks unchanged.
     *
     * @param currentDensity the current density, carried for logging
     * @return the decision
     */
    public static ScheduleDecision keep(double currentDensity) {
        return new ScheduleDecision(false, currentDensity);
    }

    /**
     * A decision to recompute the masks for a target density.
     *
     * @param targetDensity the density to reach, in (0, 1]
     * @return the decision
     */
    public static ScheduleDecision pruneTo(double targetDensity) {
        return new ScheduleDecision(true, targetDensity);
    }
}
