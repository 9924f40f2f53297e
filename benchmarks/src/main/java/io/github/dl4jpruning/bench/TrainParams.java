package io.github.dl4jpruning.bench;

import java.util.Objects;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/**
 * Every flag of one {@code train} run, echoed in the JSON's {@code "params"}.
 *
 * @param model the network, a {@link ModelKind} id
 * @param trainExamples number of training examples per epoch (the first ones of the file), or 0 for all 60,000
 * @param epochs training epochs, at least 1; each is timed
 * @param seed the seed of initialisation and shuffling
 * @param batch the minibatch size, at least 1
 * @param threads ND4J's thread count, at least 1
 * @param onednn whether DL4J's oneDNN layer helpers were switched on ({@code --onednn}, the default)
 * @param data the Fashion-MNIST directory used
 * @param json the JSON output file, or null for none
 * @param quiet whether console output was suppressed
 */
@JsonPropertyOrder({"model", "trainExamples", "epochs", "seed", "batch", "threads", "onednn", "data", "json", "quiet"})
public record TrainParams(@JsonProperty("model") String model, @JsonProperty("trainExamples") int trainExamples,
        @JsonProperty("epochs") int epochs, @JsonProperty("seed") long seed, @JsonProperty("batch") int batch,
        @JsonProperty("threads") int threads, @JsonProperty("onednn") boolean onednn,
        @JsonProperty("data") String data, @JsonProperty("json") String json, @JsonProperty("quiet") boolean quiet) {

    /**
     * Checks every value.
     *
     * @throws IllegalArgumentException naming the first invalid parameter, its value, the allowed range and a fix
     */
    public TrainParams {
        Objects.requireNonNull(data, "data");
        ModelKind.fromId(model).requireMultiLayer();
        if (trainExamples < 0) {
            throw new IllegalArgumentException("trainExamples (" + trainExamples + ") must be >= 0: examples per "
                    + "epoch, e.g. 10000; 0 means all 60,000");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs (" + epochs + ") must be >= 1: timed training epochs, e.g. "
                    + "--epochs 2 (the first includes the JIT's warm-up)");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch (" + batch + ") must be >= 1: the minibatch size, e.g. 128");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads (" + threads + ") must be >= 1: the number of CPU threads "
                    + "ND4J may use, e.g. 1");
        }
    }

    /**
     * A copy with another data directory (the flags are validated before the directory is resolved).
     *
     * @param resolved the data directory actually used
     * @return a copy with {@link #data()} replaced
     */
    public TrainParams withData(String resolved) {
        return new TrainParams(model, trainExamples, epochs, seed, batch, threads, onednn, resolved, json, quiet);
    }
}
