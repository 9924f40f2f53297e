package io.github.dl4jpruning.criterion;

import java.util.Objects;
import java.util.OptionalLong;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Random importance: uniform scores in [0, 1) from a generator seeded with {@code seed} (or, for
 * {@code new RandomCriterion()}, with the configuration's {@code PruningConfig.seed()}), the baseline every
 * real criterion must beat. The scores depend only on the seed and the number of weights scored, so two runs
 * with the same seed prune the same weights, and successive rounds draw the same scores (already-pruned
 * weights rank first anyway). Generated on the device.
 */
public final class RandomCriterion implements Criterion {

    @JsonProperty("seed")
    private final Long seed;

    /**
     * Creates the criterion with its own seed.
     *
     * @param seed the seed of the scores
     */
    public RandomCriterion(long seed) {
        this.seed = seed;
    }

    /** Creates the criterion seeded with the configuration's seed ({@code PruningConfig.seed()}). */
    public RandomCriterion() {
        this.seed = null;
    }

    @JsonCreator
    private static RandomCriterion fromJson(@JsonProperty("seed") Long seed) {
        return seed == null ? new RandomCriterion() : new RandomCriterion(seed);
    }

    /**
     * The criterion's own seed.
     *
     * @return the seed, or empty when the configuration's seed is used
     */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    @Override
    public void score(ScoringInput input, INDArray out) {
        try (Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed == null ? input.seed() : seed)) {
            Nd4j.getExecutioner().exec(new UniformDistribution(out, 0.0, 1.0), rng);
        } catch (Exception e) {
            throw new IllegalStateException("cannot release the random generator", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RandomCriterion r && Objects.equals(r.seed, seed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seed);
    }

    @Override
    public String toString() {
        return "RandomCriterion(seed=" + (seed == null ? "config" : seed) + ")";
    }
}
