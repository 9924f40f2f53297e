package io.github.dl4jpruning.bench;

import io.github.dl4jpruning.PruningConfig;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import java.util.Locale;
import java.util.Objects;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/**
 * Every flag of one {@code imp} run, echoed in the JSON's {@code "params"}. The compact constructor checks
 * the values and builds the {@link IterativeSchedule} and {@link PruningConfig}, so an invalid run fails
 * before any data is loaded, with core's message (for example
 * {@code "rate (1.5) must be in (0, 1): ..."}).
 *
 * @param model the network
 * @param denseEpochs epochs of dense training before round 0, at least 1
 * @param finetuneEpochs epochs of fine-tuning after each pruning round, at least 1
 * @param rate share of the still-unpruned weights removed per round, in (0, 1)
 * @param targetDensity density to stop at, in (0, 1)
 * @param scope {@code "global"} (one ranking over all layers) or {@code "local"} (per layer)
 * @param minLayerDensity floor on every layer's density, in [0, targetDensity]
 * @param seed the seed of initialisation, shuffling and pruning
 * @param batch the minibatch size, at least 1
 * @param threads ND4J's thread count, at least 1
 * @param data the Fashion-MNIST directory used
 * @param json the JSON output file, or null for none
 * @param report the HTML report directory, or null for none
 * @param quiet whether console output was suppressed
 */
@JsonPropertyOrder({"model", "denseEpochs", "finetuneEpochs", "rate", "targetDensity", "scope", "minLayerDensity",
    "seed", "batch", "threads", "data", "json", "report", "quiet"})
public record ImpParams(@JsonProperty("model") String model, @JsonProperty("denseEpochs") int denseEpochs,
        @JsonProperty("finetuneEpochs") int finetuneEpochs, @JsonProperty("rate") double rate,
        @JsonProperty("targetDensity") double targetDensity, @JsonProperty("scope") String scope,
        @JsonProperty("minLayerDensity") double minLayerDensity, @JsonProperty("seed") long seed,
        @JsonProperty("batch") int batch, @JsonProperty("threads") int threads, @JsonProperty("data") String data,
        @JsonProperty("json") String json, @JsonProperty("report") String report,
        @JsonProperty("quiet") boolean quiet) {

    /**
     * Checks every value.
     *
     * @throws IllegalArgumentException naming the first invalid parameter, its value, the allowed range and a fix
     */
    public ImpParams {
        Objects.requireNonNull(data, "data");
        ModelKind.fromId(model);
        if (denseEpochs < 1) {
            throw new IllegalArgumentException("denseEpochs (" + denseEpochs + ") must be >= 1: round 0 is the "
                    + "dense network after training, e.g. --dense-epochs 5");
        }
        if (finetuneEpochs < 1) {
            throw new IllegalArgumentException("finetuneEpochs (" + finetuneEpochs + ") must be >= 1: epochs of "
                    + "fine-tuning after each round, e.g. --finetune-epochs 1");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch (" + batch + ") must be >= 1: the minibatch size, e.g. 128");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads (" + threads + ") must be >= 1: the number of CPU threads "
                    + "ND4J may use, e.g. 1");
        }
        scopeValue(scope);
        pruningConfig(schedule(denseEpochs, rate, finetuneEpochs, targetDensity), scope, minLayerDensity, seed);
    }

    /**
     * A copy with another data directory (the flags are validated before the directory is resolved).
     *
     * @param resolved the data directory actually used
     * @return a copy with {@link #data()} replaced
     */
    public ImpParams withData(String resolved) {
        return new ImpParams(model, denseEpochs, finetuneEpochs, rate, targetDensity, scope, minLayerDensity, seed,
                batch, threads, resolved, json, report, quiet);
    }

    /**
     * The network kind.
     *
     * @return the kind named by {@link #model()}
     */
    @JsonIgnore
    public ModelKind modelKind() {
        return ModelKind.fromId(model);
    }

    /**
     * The IMP schedule of this run: first round after {@code denseEpochs}, then every
     * {@code finetuneEpochs}.
     *
     * @return {@code new IterativeSchedule(denseEpochs, rate, finetuneEpochs, targetDensity)}
     */
    public IterativeSchedule schedule() {
        return schedule(denseEpochs, rate, finetuneEpochs, targetDensity);
    }

    /**
     * The pruning configuration of this run: {@link #schedule()}, magnitude criterion, the scope, floor and
     * seed.
     *
     * @return the configuration
     */
    public PruningConfig pruningConfig() {
        return pruningConfig(schedule(), scope, minLayerDensity, seed);
    }

    private static IterativeSchedule schedule(int denseEpochs, double rate, int finetuneEpochs, double target) {
        return new IterativeSchedule(denseEpochs, rate, finetuneEpochs, target);
    }

    private static PruningConfig pruningConfig(IterativeSchedule schedule, String scope, double minLayerDensity,
            long seed) {
        return PruningConfig.builder().schedule(schedule).scope(scopeValue(scope)).minLayerDensity(minLayerDensity)
                .seed(seed).build();
    }

    private static Scope scopeValue(String scope) {
        if (scope != null) {
            for (Scope s : Scope.values()) {
                if (s.name().equalsIgnoreCase(scope)) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("scope (" + scope + ") must be global or local: global ranks all "
                + "weights together, local prunes every layer to the same density");
    }

    /**
     * The scope as written in the JSON.
     *
     * @param scope the scope
     * @return its lower-case name, {@code "global"} or {@code "local"}
     */
    static String scopeName(Scope scope) {
        return scope.name().toLowerCase(Locale.ROOT);
    }
}
