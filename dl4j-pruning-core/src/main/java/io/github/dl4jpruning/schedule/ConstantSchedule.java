package io.github.dl4jpruning.schedule;

import java.util.OptionalDouble;
import org.nd4j.shade.jackson.annotation.JsonCreator;

/**
 * Keeps the masks the model already has: never recomputes them. Use it to fine-tune a pruned model
 * (weights that are exactly zero when the listener attaches stay zero) or to keep masks set by an
 * explicit {@code PruningListener.prune} call.
 */
public final class ConstantSchedule implements PruningSchedule {

    /** Creates the schedule. */
    @JsonCreator
    public ConstantSchedule() {
    }

    /**
     * Never updates.
     *
     * @param context ignored apart from the current density
     * @return {@link ScheduleDecision#keep(double)}
     */
    @Override
    public ScheduleDecision decide(ScheduleContext context) {
        return ScheduleDecision.keep(context.currentDensity());
    }

    /**
     * This schedule never prunes.
     *
     * @return empty
     */
    @Override
    public OptionalDouble finalDensity() {
        return OptionalDouble.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConstantSchedule;
    }

    @Override
    public int hashCode() {
        return ConstantSchedule.class.hashCode();
    }

    @Override
    public String toString() {
        return "ConstantSchedule()";
    }
}
