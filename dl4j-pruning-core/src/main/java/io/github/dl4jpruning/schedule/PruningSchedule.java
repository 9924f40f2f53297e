package io.github.dl4jpruning.schedule;

import java.util.OptionalDouble;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

/**
 * Decides when masks are recomputed and to which density.
 *
 * <p>Call order: the {@code PruningListener} calls {@link #decide} once at the start of every training
 * epoch, with {@link ScheduleContext#epochsCompleted()} equal to the number of epochs already finished
 * (0 before the first), and once more for every explicit {@code PruningListener.step} call; a schedule whose
 * {@link #decidesPerIteration()} is true is also asked after every training iteration. A decision
 * to update is carried out before the epoch's first iteration, so a model evaluated between two
 * {@code fit} calls has not yet been pruned for the next epoch.
 *
 * <p>Implementations are immutable and shareable (DL4J's {@code ISchedule} rule): every bit of state
 * (rounds done, current density) is passed in. They serialize to JSON with their class name.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@class")
public interface PruningSchedule {

    /**
     * Decides what to do at this point of training.
     *
     * @param context epochs and rounds completed, and the current density
     * @return keep the masks, or prune to a new target density
     */
    ScheduleDecision decide(ScheduleContext context);

    /**
     * The density this schedule ends at, if it prunes at all.
     *
     * @return the final target density, or empty for a schedule that never changes the masks
     */
    OptionalDouble finalDensity();

    /**
     * Whether the listener must also ask after every iteration (schedules stepped in iterations rather than
     * epochs). Asking costs no ND4J operation.
     *
     * @return false by default
     */
    default boolean decidesPerIteration() {
        return false;
    }
}
