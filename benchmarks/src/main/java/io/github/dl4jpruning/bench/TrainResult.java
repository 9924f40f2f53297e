package io.github.dl4jpruning.bench;

import java.util.List;
import java.util.Objects;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/**
 * The result of one {@code train} run, as written to the JSON: plain DL4J training (no pruning) of one model, every
 * epoch timed, for comparisons with other libraries on the same work ({@code benchmarks/compare-pytorch.sh}).
 *
 * @param protocol always {@value #PROTOCOL}
 * @param model the network, e.g. {@code "lenet-5"}
 * @param params every flag of the run
 * @param environment where it ran (including {@code nativeBuild} and {@code oneDnn})
 * @param epochSeconds the wall time of every epoch, in order (the first includes the JIT's warm-up)
 * @param lastEpochSeconds the last epoch's wall time
 * @param epochCpuSeconds the CPU time of the whole JVM process during every epoch, in order: less sensitive than wall
 *        time to other work on a shared machine (GC and JIT threads included)
 * @param lastEpochCpuSeconds the last epoch's process CPU time
 * @param accuracy accuracy on the full test set after the last epoch
 * @param oneDnnEngaged whether every convolution layer of the trained network ran through oneDNN to the end
 *        ({@code OneDnn.isEngaged}); false for networks without convolutions
 */
@JsonPropertyOrder({"protocol", "model", "params", "environment", "epochSeconds", "lastEpochSeconds", "epochCpuSeconds",
    "lastEpochCpuSeconds", "accuracy", "oneDnnEngaged"})
public record TrainResult(@JsonProperty("protocol") String protocol, @JsonProperty("model") String model,
        @JsonProperty("params") TrainParams params, @JsonProperty("environment") Environment environment,
        @JsonProperty("epochSeconds") List<Double> epochSeconds, @JsonProperty("lastEpochSeconds") double lastEpochSeconds,
        @JsonProperty("epochCpuSeconds") List<Double> epochCpuSeconds,
        @JsonProperty("lastEpochCpuSeconds") double lastEpochCpuSeconds, @JsonProperty("accuracy") double accuracy, @JsonProperty("oneDnnEngaged") boolean oneDnnEngaged) {

    /** The protocol name in the JSON. */
    public static final String PROTOCOL = "train";

    /**
     * Copies the lists.
     *
     * @throws IllegalArgumentException if the protocol is not {@value #PROTOCOL} or there is no epoch
     */
    public TrainResult {
        if (!PROTOCOL.equals(protocol)) {
            throw new IllegalArgumentException("protocol (" + protocol + ") must be " + PROTOCOL);
        }
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(environment, "environment");
        epochSeconds = List.copyOf(epochSeconds);
        epochCpuSeconds = List.copyOf(epochCpuSeconds);
        if (epochSeconds.isEmpty() || epochCpuSeconds.size() != epochSeconds.size()) {
            throw new IllegalArgumentException("epochSeconds (" + epochSeconds + ") must hold at least one epoch, and "
                    + "epochCpuSeconds (" + epochCpuSeconds + ") as many");
        }
    }
}
