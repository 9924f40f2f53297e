package io.github.dl4jpruning.schedule;

import io.github.dl4jpruning.internal.Checks;
import java.util.Objects;
import java.util.OptionalDouble;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Prunes once, to one density, after a given number of epochs (0 = at initialization, before the first
 * training epoch), then keeps the masks for the rest of training (fine-tuning).
 */
public final class OneShotSchedule implements PruningSchedule {

    @JsonProperty("atEpoch")
    private final int atEpoch;
    @JsonProperty("targetDensity")
    private final double targetDensity;

    /**
     * Creates the schedule.
     *
     * @param atEpoch number of finished epochs after which to prune ({@code >= 0})
     * @param targetDensity density to prune to, in (0, 1]
     * @throws IllegalArgumentException if an argument is out of range
     */
    @JsonCreator
    public OneShotSchedule(@JsonProperty("atEpoch") int atEpoch,
            @JsonProperty("targetDensity") double targetDensity) {
        this.atEpoch = Checks.atLeast("atEpoch", atEpoch, 0);
        this.targetDensity = Checks.density("targetDensity", targetDensity);
        if (targetDensity == 1.0) {
            throw new IllegalArgumentException("targetDensity (1.0) prunes nothing: a one-shot schedule "
                    + "needs a density in (0, 1), e.g. 0.1 to keep 10% of the weights");
        }
    }

    /**
     * Returns the number of finished epochs after which the schedule prunes.
     *
     * @return the epoch count
     */
    public int atEpoch() {
        return atEpoch;
    }

    /**
     * Returns the density pruned to.
     *
     * @return the target density
     */
    public double targetDensity() {
        return targetDensity;
    }

    /**
     * Prunes when exactly {@code atEpoch} epochs are finished.
     *
     * @param context the current position
     * @return the decision
     */
    @Override
    public ScheduleDecision decide(ScheduleContext context) {
        if (context.epochsCompleted() == atEpoch) {
            return ScheduleDecision.pruneTo(targetDensity);
        }
        return ScheduleDecision.keep(context.currentDensity());
    }

    /**
     * Returns the target density.
     *
     * @return the target density
     */
    @Override
    public OptionalDouble finalDensity() {
        return OptionalDouble.of(targetDensity);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OneShotSchedule s && s.atEpoch == atEpoch
                && Double.compare(s.targetDensity, targetDensity) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(atEpoch, targetDensity);
    }

    @Override
    public String toString() {
        return "OneShotSchedule(atEpoch=" + atEpoch + ", targetDensity=" + targetDensity + ")";
    }
}
