package io.github.dl4jpruning.bench;

import java.util.Objects;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/**
 * Every flag of one {@code overhead} run, echoed in the JSON's {@code "params"}, plus the protocol's fixed
 * mask density.
 *
 * @param model the network: a {@link ModelKind} id, or {@code mlp-256x<depth>} when {@code depth > 0}
 * @param depth number of hidden Dense layers of {@value Models#DEEP_WIDTH} units of the deep MLP
 *        ({@link Models#deepMlp}), or 0 to use {@code model}
 * @param trainExamples number of training examples per epoch (the first ones of the file), or 0 for all
 * @param epochs measured epochs of each kind (plain and masked), in [1, {@value #MAX_EPOCHS}]
 * @param maskDensity density of the masks kept during the masked epochs ({@value #MASK_DENSITY})
 * @param seed the seed of initialisation and shuffling (both networks get the same)
 * @param batch the minibatch size, at least 1
 * @param threads ND4J's thread count, in [1, 1024]
 * @param onednn whether DL4J's oneDNN layer helpers were switched on ({@code --onednn}, the default)
 * @param data the Fashion-MNIST directory used
 * @param json the JSON output file, or null for none
 * @param quiet whether console output was suppressed
 */
@JsonPropertyOrder({"model", "depth", "trainExamples", "epochs", "maskDensity", "seed", "batch", "threads", "onednn", "data", "json", "quiet"})
public record OverheadParams(@JsonProperty("model") String model, @JsonProperty("depth") int depth,
        @JsonProperty("trainExamples") int trainExamples, @JsonProperty("epochs") int epochs,
        @JsonProperty("maskDensity") double maskDensity, @JsonProperty("seed") long seed,
        @JsonProperty("batch") int batch, @JsonProperty("threads") int threads,
        @JsonProperty("onednn") boolean onednn, @JsonProperty("data") String data,
        @JsonProperty("json") String json, @JsonProperty("quiet") boolean quiet) {

    /** The density of the masks during the masked epochs, fixed by {@code docs/BENCHMARK.md}. */
    public static final double MASK_DENSITY = 0.1;

    /** The most measured epochs of each kind: with the two warm-up epochs, 2 x (epochs + 1) <= 10,000. */
    public static final int MAX_EPOCHS = CommandSupport.MAX_EPOCHS / 2 - 1;

    /**
     * Checks every value.
     *
     * @throws IllegalArgumentException naming the first invalid parameter, its value, the allowed range and a fix
     */
    public OverheadParams {
        Objects.requireNonNull(data, "data");
        if (depth < 0 || depth > Models.MAX_DEPTH) {
            throw new IllegalArgumentException("depth (" + depth + ") must be in [0, " + Models.MAX_DEPTH + "]: hidden "
                    + "layers of the deep MLP, e.g. --depth 32; 0 uses --model");
        }
        if (depth == 0) {
            ModelKind.fromId(model).requireMultiLayer();
        } else if (!model.equals(Models.deepMlpName(depth))) {
            throw new IllegalArgumentException("model (" + model + ") must be " + Models.deepMlpName(depth)
                    + " with depth " + depth);
        }
        if (trainExamples < 0) {
            throw new IllegalArgumentException("trainExamples (" + trainExamples + ") must be >= 0: examples per "
                    + "epoch, e.g. 10000; 0 means all 60,000");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs (" + epochs + ") must be >= 1: measured epochs of each kind, "
                    + "e.g. --epochs 3 (more give a steadier median)");
        }
        if (epochs > MAX_EPOCHS) {
            throw new IllegalArgumentException("epochs (" + epochs + ") must be in [1, " + MAX_EPOCHS + "]: the run "
                    + "trains 2 x (epochs + 1) epochs, at most " + CommandSupport.MAX_EPOCHS + "; e.g. --epochs 3");
        }
        if (!(maskDensity > 0 && maskDensity <= 1)) {
            throw new IllegalArgumentException("maskDensity (" + maskDensity + ") must be in (0, 1]");
        }
        CommandSupport.checkBatch(batch);
        CommandSupport.checkThreads(threads);
    }

    /**
     * A copy with another data directory (the flags are validated before the directory is resolved).
     *
     * @param resolved the data directory actually used
     * @return a copy with {@link #data()} replaced
     */
    public OverheadParams withData(String resolved) {
        return new OverheadParams(model, depth, trainExamples, epochs, maskDensity, seed, batch, threads, onednn, resolved, json, quiet);
    }

    /**
     * Builds a fresh network for this run.
     *
     * @param seed the initialisation seed
     * @return the deep MLP when {@code depth > 0}, else the {@link ModelKind} named by {@link #model()}
     */
    public MultiLayerNetwork buildModel(long seed) {
        return depth > 0 ? Models.deepMlp(seed, depth) : ModelKind.fromId(model).build(seed);
    }
}
