package io.github.dl4jpruning.schedule;

import io.github.dl4jpruning.internal.Checks;
import java.util.Objects;
import java.util.OptionalDouble;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Iterative magnitude pruning (IMP) as in Han, Pool, Tran and Dally, "Learning both Weights and
 * Connections for Efficient Neural Networks", NeurIPS 2015: train, remove a share {@code rate} of the
 * weights that are still unpruned, fine-tune for {@code frequency} epochs, repeat until the target
 * density is reached.
 *
 * <p>Round {@code r} (1-based) prunes to density {@code max(targetDensity, (1 - rate)^r)}: the last round
 * removes only what is needed to land exactly on the target. The first round happens after
 * {@code startEpoch} finished epochs, then one every {@code frequency} epochs.
 *
 * <p>Example (the default protocol of docs/BENCHMARK.md): {@code new IterativeSchedule(5, 0.5, 1, 0.02)}
 * trains 5 dense epochs, then prunes to 0.5, 0.25, 0.125, 0.0625, 0.03125 and 0.02 with one fine-tune
 * epoch after each round.
 */
public final class IterativeSchedule implements PruningSchedule {

    /** Tolerance for comparing densities computed by repeated multiplication. */
    private static final double EPS = 1e-9;

    /**
     * The most rounds a schedule may need to reach its target. Every round is followed by at least one epoch of
     * fine-tuning, so 1,000 rounds are at least 1,000 epochs: two orders of magnitude beyond published IMP runs
     * (Han et al. 2015 and Frankle and Carbin 2019 use 5 to 30 rounds), while still allowing a gentle
     * {@code rate} of 0.01 down to a {@code targetDensity} of 4.4e-5. A schedule needing more is a typo (e.g. a
     * rate of 1e-12), and is refused when it is built instead of counting rounds for ever.
     */
    public static final int MAX_ROUNDS = 1000;

    @JsonProperty("startEpoch")
    private final int startEpoch;
    @JsonProperty("rate")
    private final double rate;
    @JsonProperty("frequency")
    private final int frequency;
    @JsonProperty("targetDensity")
    private final double targetDensity;
    /** Derived from {@code rate} and {@code targetDensity}; not serialized. */
    private final int rounds;

    /**
     * Creates the schedule.
     *
     * @param startEpoch finished epochs before the first round ({@code >= 0}; 0 prunes at initialization)
     * @param rate share of the still-unpruned weights removed per round, in (0, 1)
     * @param frequency epochs of fine-tuning between rounds ({@code >= 1})
     * @param targetDensity density to stop at, in (0, 1)
     * @throws IllegalArgumentException if an argument is out of range, or if reaching {@code targetDensity} at
     *         {@code rate} takes more than {@link #MAX_ROUNDS} rounds
     */
    @JsonCreator
    public IterativeSchedule(@JsonProperty("startEpoch") int startEpoch, @JsonProperty("rate") double rate,
            @JsonProperty("frequency") int frequency, @JsonProperty("targetDensity") double targetDensity) {
        this.startEpoch = Checks.atLeast("startEpoch", startEpoch, 0);
        this.rate = Checks.rate("rate", rate);
        this.frequency = Checks.atLeast("frequency", frequency, 1);
        this.targetDensity = Checks.density("targetDensity", targetDensity);
        if (targetDensity == 1.0) {
            throw new IllegalArgumentException("targetDensity (1.0) prunes nothing: an iterative schedule "
                    + "needs a density in (0, 1), e.g. 0.02 to keep 2% of the weights");
        }
        this.rounds = countRounds();
    }

    /** Counts the rounds to the target, at most {@link #MAX_ROUNDS} of them; refuses a schedule that needs more. */
    private int countRounds() {
        for (int r = 1; r <= MAX_ROUNDS; r++) {
            if (densityAtRound(r) <= targetDensity) {
                return r;
            }
        }
        // (1 - rate)^r <= targetDensity (1 + EPS)  <=>  r >= ln(targetDensity (1 + EPS)) / ln(1 - rate)
        double needed = Math.ceil(Math.log(targetDensity * (1 + EPS)) / Math.log1p(-rate));
        String count = needed < 1e18 ? Long.toString((long) needed) : "about " + needed;
        double atFifth = Math.ceil(Math.log(targetDensity) / Math.log(0.8));
        throw new IllegalArgumentException("rate (" + rate + ") and targetDensity (" + targetDensity + ") need "
                + count + " rounds, which must be at most " + MAX_ROUNDS + ": each round removes the share rate of "
                + "the remaining weights, so reaching targetDensity takes ln(targetDensity) / ln(1 - rate) rounds; "
                + (atFifth <= MAX_ROUNDS ? "raise rate (e.g. 0.2 reaches " + targetDensity + " in " + (long) atFifth
                        + " rounds) or targetDensity" : "raise targetDensity"));
    }

    /**
     * Returns the number of finished epochs before the first round.
     *
     * @return the start epoch
     */
    public int startEpoch() {
        return startEpoch;
    }

    /**
     * Returns the share of remaining weights removed per round.
     *
     * @return the rate in (0, 1)
     */
    public double rate() {
        return rate;
    }

    /**
     * Returns the number of epochs between rounds.
     *
     * @return the frequency
     */
    public int frequency() {
        return frequency;
    }

    /**
     * Returns the final density.
     *
     * @return the target density
     */
    public double targetDensity() {
        return targetDensity;
    }

    /**
     * Returns the density round {@code round} prunes to.
     *
     * @param round 1-based round number
     * @return {@code max(targetDensity, (1 - rate)^round)}
     * @throws IllegalArgumentException if {@code round < 1}
     */
    public double densityAtRound(int round) {
        Checks.atLeast("round", round, 1);
        double d = Math.pow(1.0 - rate, round);
        return d <= targetDensity * (1 + EPS) ? targetDensity : d;
    }

    /**
     * Returns the number of rounds needed to reach the target density (counted when the schedule is built).
     *
     * @return the number of rounds, in {@code [1, MAX_ROUNDS]}
     */
    public int rounds() {
        return rounds;
    }

    /**
     * Prunes on the round epochs until the target is reached.
     *
     * @param context the current position
     * @return the decision
     */
    @Override
    public ScheduleDecision decide(ScheduleContext context) {
        int e = context.epochsCompleted();
        if (e < startEpoch || (e - startEpoch) % frequency != 0
                || context.currentDensity() <= targetDensity * (1 + EPS)) {
            return ScheduleDecision.keep(context.currentDensity());
        }
        return ScheduleDecision.pruneTo(densityAtRound(context.roundsCompleted() + 1));
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
        return o instanceof IterativeSchedule s && s.startEpoch == startEpoch && s.frequency == frequency
                && Double.compare(s.rate, rate) == 0 && Double.compare(s.targetDensity, targetDensity) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(startEpoch, rate, frequency, targetDensity);
    }

    @Override
    public String toString() {
        return "IterativeSchedule(startEpoch=" + startEpoch + ", rate=" + rate + ", frequency=" + frequency
                + ", targetDensity=" + targetDensity + ")";
    }
}
