package io.github.dl4jpruning.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/**
 * The result of one {@code overhead} run, as written to the JSON.
 *
 * @param protocol always {@value #PROTOCOL}
 * @param model the network, for example {@code "lenet-300-100"}
 * @param params every flag of the run
 * @param environment where it ran
 * @param plainEpochSeconds median wall time of the plain epochs
 * @param maskedEpochSeconds median wall time of the masked epochs
 * @param ratio {@code maskedEpochSeconds / plainEpochSeconds}
 * @param plainEpochs every measured plain epoch's wall time, in order (warm-up excluded)
 * @param maskedEpochs every measured masked epoch's wall time, in order (warm-up excluded)
 * @param hookEpochSeconds median, over the masked epochs, of the wall time spent inside the pruning
 *        listener's per-iteration hooks (gradient mask and weight mask)
 * @param hookRatio {@code maskedEpochSeconds / (maskedEpochSeconds - hookEpochSeconds)}: the masked epoch
 *        against the same epoch without the masking work
 * @param hookEpochs the hook time of every measured masked epoch, in order
 */
@JsonPropertyOrder({"protocol", "model", "params", "environment", "plainEpochSeconds", "maskedEpochSeconds", "ratio",
    "plainEpochs", "maskedEpochs", "hookEpochSeconds", "hookRatio", "hookEpochs"})
public record OverheadResult(@JsonProperty("protocol") String protocol, @JsonProperty("model") String model,
        @JsonProperty("params") OverheadParams params, @JsonProperty("environment") Environment environment,
        @JsonProperty("plainEpochSeconds") double plainEpochSeconds,
        @JsonProperty("maskedEpochSeconds") double maskedEpochSeconds, @JsonProperty("ratio") double ratio,
        @JsonProperty("plainEpochs") List<Double> plainEpochs,
        @JsonProperty("maskedEpochs") List<Double> maskedEpochs,
        @JsonProperty("hookEpochSeconds") double hookEpochSeconds, @JsonProperty("hookRatio") double hookRatio,
        @JsonProperty("hookEpochs") List<Double> hookEpochs) {

    /** The protocol name in the JSON. */
    public static final String PROTOCOL = "overhead";

    /**
     * Copies the lists.
     *
     * @throws IllegalArgumentException if the protocol is not {@value #PROTOCOL} or a list is empty
     */
    public OverheadResult {
        if (!PROTOCOL.equals(protocol)) {
            throw new IllegalArgumentException("protocol (" + protocol + ") must be " + PROTOCOL);
        }
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(environment, "environment");
        plainEpochs = List.copyOf(plainEpochs);
        maskedEpochs = List.copyOf(maskedEpochs);
        hookEpochs = List.copyOf(hookEpochs);
        if (plainEpochs.isEmpty() || maskedEpochs.isEmpty()) {
            throw new IllegalArgumentException("plainEpochs (" + plainEpochs + ") and maskedEpochs (" + maskedEpochs
                    + ") must each hold at least one epoch");
        }
    }

    /**
     * Builds the result from the measured epochs: medians and their ratio.
     *
     * @param params the run's parameters
     * @param environment where it ran
     * @param plainEpochs the plain epochs' wall times
     * @param maskedEpochs the masked epochs' wall times
     * @param hookEpochs the time spent in the masking hooks during each masked epoch
     * @return the result
     */
    public static OverheadResult of(OverheadParams params, Environment environment, List<Double> plainEpochs,
            List<Double> maskedEpochs, List<Double> hookEpochs) {
        double plain = median(plainEpochs);
        double masked = median(maskedEpochs);
        double hooks = median(hookEpochs);
        return new OverheadResult(PROTOCOL, params.model(), params, environment, plain, masked, masked / plain,
                plainEpochs, maskedEpochs, hooks, masked / (masked - hooks), hookEpochs);
    }

    /**
     * The median: the middle value, or the mean of the two middle values of an even count.
     *
     * @param values at least one value
     * @return the median
     * @throws IllegalArgumentException if {@code values} is empty
     */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("values ([]) must hold at least one value to take a median");
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
    }
}
