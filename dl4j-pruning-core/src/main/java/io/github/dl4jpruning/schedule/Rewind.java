package io.github.dl4jpruning.schedule;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Lottery-ticket rewinding (Frankle and Carbin, "The Lottery Ticket Hypothesis", ICLR 2019; Frankle, Dziugaite,
 * Roy and Carbin, "Linear Mode Connectivity and the Lottery Ticket Hypothesis", ICML 2020): after every mask
 * update, every parameter (weights and biases) is reset to its value after {@code iteration} training
 * iterations (0: at initialization), the optimizer state is zeroed, and the masks are kept, so the
 * surviving sub-network retrains from the early weights.
 *
 * <p>The engine copies the parameters once, on the device, when the network has finished
 * {@code iteration} iterations (at binding for 0); a mask update before that point does not rewind (logged).
 *
 * @param iteration training iterations after which the weights are copied ({@code >= 0}; 0 = initialization)
 */
public record Rewind(@JsonProperty("iteration") long iteration) {

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if {@code iteration} is negative
     */
    @JsonCreator
    public Rewind {
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration (" + iteration + ") must be >= 0: 0 rewinds to the "
                    + "initial weights, k to the weights after k training iterations");
        }
    }

    /**
     * Rewinding to the initial weights.
     *
     * @return {@code new Rewind(0)}
     */
    public static Rewind toInitialization() {
        return new Rewind(0);
    }

    /**
     * Rewinding to the weights after {@code k} iterations ("late rewinding").
     *
     * @param k iterations, {@code >= 0}
     * @return the policy
     */
    public static Rewind toIteration(long k) {
        return new Rewind(k);
    }

    @Override
    public String toString() {
        return "Rewind(iteration=" + iteration + ")";
    }
}
