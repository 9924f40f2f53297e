package io.github.dl4jpruning.schedule;

import io.github.dl4jpruning.internal.Checks;
import java.util.Objects;
import java.util.OptionalDouble;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Gradual pruning during training with the cubic schedule of Zhu and Gupta, "To prune, or not to prune:
 * exploring the efficacy of pruning for model compression", 2017: at steps {@code t = t0, t0 + Δt, ...,
 * t0 + nΔt} (epochs or iterations) the density is set to
 * <pre>
 *   d_t = d_f + (d_i - d_f) (1 - (t - t0) / (nΔt))^3
 * </pre>
 * (the paper writes it for sparsity {@code s = 1 - d}: {@code s_t = s_f + (s_i - s_f)(1 - (t - t0)/(nΔt))^3},
 * the same curve). Pruning is fast at first, while the network has redundant weights, and slows down as
 * the target nears. After {@code end = t0 + nΔt} the masks are kept (fine-tuning).
 */
public final class GradualSchedule implements PruningSchedule {

    /** What the steps count. */
    public enum Unit {
        /** Steps are finished epochs; decided at epoch starts. */
        EPOCH,
        /** Steps are finished iterations (minibatches); decided after every iteration. */
        ITERATION
    }

    @JsonProperty("initialDensity")
    private final double initialDensity;
    @JsonProperty("finalDensity")
    private final double finalDensity;
    @JsonProperty("begin")
    private final long begin;
    @JsonProperty("end")
    private final long end;
    @JsonProperty("frequency")
    private final long frequency;
    @JsonProperty("unit")
    private final Unit unit;

    /**
     * Creates the schedule.
     *
     * @param initialDensity density at {@code begin} ({@code d_i}), in (0, 1]; usually 1.0
     * @param finalDensity density at {@code end} ({@code d_f}), in (0, initialDensity)
     * @param begin first step {@code t0}, {@code >= 0}
     * @param end last step {@code t0 + nΔt}, {@code > begin}; at most {@link Integer#MAX_VALUE} with
     *        {@link Unit#EPOCH} (DL4J's epoch counter is an int)
     * @param frequency steps between updates {@code Δt}, {@code >= 1} and at most {@code end - begin}
     * @param unit whether steps are epochs or iterations
     * @throws IllegalArgumentException if a value is out of range
     */
    @JsonCreator
    public GradualSchedule(@JsonProperty("initialDensity") double initialDensity,
            @JsonProperty("finalDensity") double finalDensity, @JsonProperty("begin") long begin,
            @JsonProperty("end") long end, @JsonProperty("frequency") long frequency,
            @JsonProperty("unit") Unit unit) {
        this.initialDensity = Checks.density("initialDensity", initialDensity);
        this.finalDensity = Checks.density("finalDensity", finalDensity);
        if (!(finalDensity < initialDensity)) {
            throw new IllegalArgumentException("finalDensity (" + finalDensity + ") must be below initialDensity ("
                    + initialDensity + "): a gradual schedule only removes weights");
        }
        if (begin < 0) {
            throw new IllegalArgumentException("begin (" + begin + ") must be >= 0");
        }
        if (end <= begin) {
            throw new IllegalArgumentException("end (" + end + ") must be > begin (" + begin + ")");
        }
        if (frequency < 1 || frequency > end - begin) {
            throw new IllegalArgumentException("frequency (" + frequency + ") must be in [1, end - begin = "
                    + (end - begin) + "]: the steps between two mask updates");
        }
        Checks.notNull("unit", unit);
        if (unit == Unit.EPOCH && end > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("end (" + end + ") must be <= " + Integer.MAX_VALUE + " with unit "
                    + "EPOCH: DL4J counts epochs in an int, so the schedule would never reach its final density; "
                    + "lower end or count in ITERATION steps");
        }
        this.begin = begin;
        this.end = end;
        this.frequency = frequency;
        this.unit = unit;
    }

    /**
     * The schedule's density at a step (the formula, whether or not the step is an update step).
     *
     * @param step an epoch or iteration count
     * @return {@code initialDensity} before {@code begin}, the cubic curve between, {@code finalDensity} after
     */
    public double densityAt(long step) {
        if (step <= begin) {
            return initialDensity;
        }
        if (step >= end) {
            return finalDensity;
        }
        double progress = (double) (step - begin) / (end - begin);
        double r = 1.0 - progress;
        return finalDensity + (initialDensity - finalDensity) * r * r * r;
    }

    /**
     * Prunes at {@code begin}, every {@code frequency} steps after it, and at {@code end}, to
     * {@link #densityAt}, when that is below the current density.
     *
     * @param context the current position
     * @return the decision
     */
    @Override
    public ScheduleDecision decide(ScheduleContext context) {
        long t = unit == Unit.EPOCH ? context.epochsCompleted() : context.iterationsCompleted();
        if (t < begin || t > end || ((t - begin) % frequency != 0 && t != end)) {
            return ScheduleDecision.keep(context.currentDensity());
        }
        double d = densityAt(t);
        return d < context.currentDensity() ? ScheduleDecision.pruneTo(d) : ScheduleDecision.keep(context.currentDensity());
    }

    @Override
    public OptionalDouble finalDensity() {
        return OptionalDouble.of(finalDensity);
    }

    @Override
    public boolean decidesPerIteration() {
        return unit == Unit.ITERATION;
    }

    /**
     * The density at {@code begin}.
     *
     * @return {@code d_i}
     */
    public double initialDensity() {
        return initialDensity;
    }

    /**
     * The first step.
     *
     * @return {@code t0}
     */
    public long begin() {
        return begin;
    }

    /**
     * The last step.
     *
     * @return {@code t0 + nΔt}
     */
    public long end() {
        return end;
    }

    /**
     * Steps between updates.
     *
     * @return {@code Δt}
     */
    public long frequency() {
        return frequency;
    }

    /**
     * What steps count.
     *
     * @return the unit
     */
    public Unit unit() {
        return unit;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GradualSchedule s && Double.compare(s.initialDensity, initialDensity) == 0
                && Double.compare(s.finalDensity, finalDensity) == 0 && s.begin == begin && s.end == end
                && s.frequency == frequency && s.unit == unit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(initialDensity, finalDensity, begin, end, frequency, unit);
    }

    @Override
    public String toString() {
        return "GradualSchedule(initialDensity=" + initialDensity + ", finalDensity=" + finalDensity + ", begin="
                + begin + ", end=" + end + ", frequency=" + frequency + ", unit=" + unit + ")";
    }
}
