package io.github.dl4jpruning.bench;

import java.util.List;
import java.util.Objects;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/**
 * The result of one {@code imp} run, as written to the JSON.
 *
 * @param protocol always {@value #PROTOCOL}
 * @param model the network, for example {@code "lenet-300-100"}
 * @param params every flag of the run
 * @param environment where it ran
 * @param rounds round 0 (dense) and every pruning round, in order
 * @param totalSeconds wall time of the whole run: data loading, training, pruning and evaluation
 */
@JsonPropertyOrder({"protocol", "model", "params", "environment", "rounds", "totalSeconds"})
public record ImpResult(@JsonProperty("protocol") String protocol, @JsonProperty("model") String model,
        @JsonProperty("params") ImpParams params, @JsonProperty("environment") Environment environment,
        @JsonProperty("rounds") List<RoundResult> rounds, @JsonProperty("totalSeconds") double totalSeconds) {

    /** The protocol name in the JSON. */
    public static final String PROTOCOL = "imp";

    /**
     * Copies the rounds.
     *
     * @throws IllegalArgumentException if the protocol is not {@value #PROTOCOL} or there are no rounds
     */
    public ImpResult {
        if (!PROTOCOL.equals(protocol)) {
            throw new IllegalArgumentException("protocol (" + protocol + ") must be " + PROTOCOL);
        }
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(environment, "environment");
        rounds = List.copyOf(rounds);
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("rounds ([]) must hold at least round 0");
        }
    }

    /**
     * The last round, the one that reached the target density.
     *
     * @return the last round
     */
    public RoundResult finalRound() {
        return rounds.get(rounds.size() - 1);
    }
}
