package io.github.dl4jpruning.criterion;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Random importance: uniform scores in [0, 1) from a generator seeded with {@code seed}, the baseline every
 * real criterion must beat. The scores depend only on the seed and the number of weights scored, so two runs
 * with the same seed prune the same weights, and successive rounds draw the same scores (already-pruned
 * weights rank first anyway). Generated on the device.
 */
public final class RandomCriterion implements Criterion {

    @JsonProperty("seed")
    private final long seed;

    /**
     * Creates the criterion.
     *
     * @param seed the seed of the scores
     */
    @JsonCreator
    public RandomCriterion(@JsonProperty("seed") long seed) {
        this.seed = seed;
    }

    /**
     * The seed.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    @Override
    public void score(ScoringInput input, INDArray out) {
        try (Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed)) {
            Nd4j.getExecutioner().exec(new UniformDistribution(out, 0.0, 1.0), rng);
        } catch (Exception e) {
            throw new IllegalStateException("cannot release the random generator", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RandomCriterion r && r.seed == seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(seed);
    }

    @Override
    public String toString() {
        return "RandomCriterion(seed=" + seed + ")";
    }
}
