package io.github.dl4jpruning.bench;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.config.PruningConfigBuilder;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.criterion.Criterion;
import io.github.dl4jpruning.criterion.MagnitudeCriterion;
import io.github.dl4jpruning.criterion.RandomCriterion;
import io.github.dl4jpruning.criterion.SnipCriterion;
import io.github.dl4jpruning.criterion.TaylorCriterion;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.schedule.Rewind;
import java.util.Locale;
import java.util.Objects;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/**
 * Every flag of one {@code imp} run, echoed in the JSON's {@code "params"}. The compact constructor checks
 * the values and builds the {@link IterativeSchedule} and {@link PruningConfig}, so an invalid run fails
 * before any data is loaded, with core's message (for example
 * {@code "rate (1.5) must be in (0, 1): ..."}). A whole run trains at most 10,000 epochs
 * ({@code denseEpochs + rounds * finetuneEpochs}, or {@code 1 + gradualEpochs + finetuneEpochs} for {@code gradual}),
 * and IMP needs at most {@link IterativeSchedule#MAX_ROUNDS} rounds.
 *
 * @param model the network
 * @param denseEpochs epochs of dense training before round 0, at least 1
 * @param finetuneEpochs epochs of fine-tuning after each pruning round, at least 1
 * @param rate share of the still-unpruned weights removed per round, in (0, 1)
 * @param targetDensity density to stop at, in (0, 1)
 * @param scope {@code "global"} (one ranking over all layers) or {@code "local"} (per layer)
 * @param minLayerDensity floor on every layer's density, in [0, targetDensity]
 * @param l1 L1 strength on the prunable weights' gradients (0: none)
 * @param l1StartEpoch the first epoch (0-based) with L1; before it the strength is 0
 * @param criterion importance criterion: {@code magnitude}, {@code taylor}, {@code snip} or {@code random}
 * @param schedule when to prune: {@code imp} (iterative, Han et al. 2015), {@code oneshot} (once after the dense
 *        epochs, then fine-tune as long as IMP would), {@code gradual} (Zhu and Gupta 2017, per iteration from
 *        the end of epoch 1 over {@code gradualEpochs} epochs, then {@code finetuneEpochs}), {@code init} (at
 *        initialization from {@code initBatches} minibatches, then train as long as IMP) or {@code lottery} (IMP
 *        with rewinding to iteration {@code rewindIteration}, Frankle and Carbin 2019)
 * @param initBatches minibatches of gradients for pruning at initialization, at least 1
 * @param rewindIteration iteration whose weights lottery rewinding restores, at least 0
 * @param gradualEpochs epochs over which gradual pruning goes from dense to the target, at least 1
 * @param granularity {@code unstructured}, {@code neuron}, {@code filter} or {@code channel} (densities then count
 *        hidden units)
 * @param trainExamples training examples per epoch (the first ones of the file), or 0 for all 60,000 (quick runs)
 * @param seed the seed of initialisation, shuffling and pruning
 * @param batch the minibatch size, at least 1
 * @param threads ND4J's thread count, in [1, 1024]
 * @param onednn whether DL4J's oneDNN layer helpers were switched on ({@code --onednn}, the default; whether they
 *        engaged is the environment's {@code oneDnn})
 * @param data the Fashion-MNIST directory used
 * @param json the JSON output file, or null for none
 * @param report the HTML report directory, or null for none
 * @param quiet whether console output was suppressed
 */
@JsonPropertyOrder({"model", "denseEpochs", "finetuneEpochs", "rate", "targetDensity", "scope", "minLayerDensity",
    "l1", "l1StartEpoch", "criterion", "schedule", "initBatches", "rewindIteration", "gradualEpochs", "granularity", "trainExamples", "seed", "batch", "threads", "onednn",
    "data", "json", "report", "quiet"})
public record ImpParams(@JsonProperty("model") String model, @JsonProperty("denseEpochs") int denseEpochs,
        @JsonProperty("finetuneEpochs") int finetuneEpochs, @JsonProperty("rate") double rate,
        @JsonProperty("targetDensity") double targetDensity, @JsonProperty("scope") String scope,
        @JsonProperty("minLayerDensity") double minLayerDensity, @JsonProperty("l1") double l1,
        @JsonProperty("l1StartEpoch") int l1StartEpoch,
        @JsonProperty("criterion") String criterion,
        @JsonProperty("schedule") String schedule, @JsonProperty("initBatches") int initBatches,
        @JsonProperty("rewindIteration") long rewindIteration, @JsonProperty("gradualEpochs") int gradualEpochs,
        @JsonProperty("granularity") String granularity, @JsonProperty("trainExamples") int trainExamples,
        @JsonProperty("seed") long seed,
        @JsonProperty("batch") int batch, @JsonProperty("threads") int threads,
        @JsonProperty("onednn") boolean onednn, @JsonProperty("data") String data,
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
        CommandSupport.checkBatch(batch);
        CommandSupport.checkThreads(threads);
        scopeValue(scope);
        if (!(l1 >= 0 && l1 < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("l1 (" + l1 + ") must be >= 0 and finite: the L1 strength added to "
                    + "the prunable weights' gradients, 0 = none, e.g. --l1 1e-5");
        }
        if (l1StartEpoch < 0) {
            throw new IllegalArgumentException("l1StartEpoch (" + l1StartEpoch + ") must be >= 0: the first epoch "
                    + "(0-based) with L1, e.g. --l1-start-epoch 5 to regularize only the fine-tuning");
        }
        criterionValue(criterion, seed);
        scheduleKind(schedule);
        if (initBatches < 1) {
            throw new IllegalArgumentException("initBatches (" + initBatches + ") must be >= 1: minibatches of "
                    + "gradients for pruning at initialization, e.g. --init-batches 10");
        }
        if (rewindIteration < 0) {
            throw new IllegalArgumentException("rewindIteration (" + rewindIteration + ") must be >= 0: 0 rewinds to "
                    + "the initial weights");
        }
        if (gradualEpochs < 1) {
            throw new IllegalArgumentException("gradualEpochs (" + gradualEpochs + ") must be >= 1: epochs over "
                    + "which gradual pruning reaches the target, e.g. --gradual-epochs 4");
        }
        if (granularity == null) {
            granularity = "unstructured";    // results written before the flag existed
        }
        granularityValue(granularity);
        if (trainExamples < 0) {
            throw new IllegalArgumentException("trainExamples (" + trainExamples + ") must be >= 0: examples per "
                    + "epoch (the first ones of the file), 0 = all, e.g. --train-examples 5000 for a quick run");
        }
        IterativeSchedule imp = schedule(denseEpochs, rate, finetuneEpochs, targetDensity);
        PruningConfig.builder().schedule(imp).scope(scopeValue(scope)).minLayerDensity(minLayerDensity).build();
        long total = totalEpochs(scheduleKind(schedule), denseEpochs, imp.rounds(), finetuneEpochs, gradualEpochs);
        if (total > CommandSupport.MAX_EPOCHS) {
            throw new IllegalArgumentException(scheduleKind(schedule) == ScheduleKind.GRADUAL
                    ? "1 + gradualEpochs (" + gradualEpochs + ") + finetuneEpochs (" + finetuneEpochs + ") = " + total
                            + " training epochs must be at most " + CommandSupport.MAX_EPOCHS + ": lower "
                            + "--gradual-epochs or --finetune-epochs"
                    : "denseEpochs (" + denseEpochs + ") + " + imp.rounds() + " rounds x finetuneEpochs ("
                            + finetuneEpochs + ") = " + total + " training epochs must be at most "
                            + CommandSupport.MAX_EPOCHS + ": lower --dense-epochs or --finetune-epochs, or raise "
                            + "--rate or --target-density for fewer rounds");
        }
    }

    /**
     * Training epochs of a run: {@code denseEpochs + rounds * finetuneEpochs}, or for {@code gradual}
     * {@code 1 + gradualEpochs + finetuneEpochs}; computed in {@code long}, so absurd flags cannot overflow.
     */
    private static long totalEpochs(ScheduleKind kind, int denseEpochs, int rounds, int finetuneEpochs,
            int gradualEpochs) {
        return kind == ScheduleKind.GRADUAL ? 1L + gradualEpochs + finetuneEpochs
                : denseEpochs + (long) rounds * finetuneEpochs;
    }

    /**
     * Training epochs of the whole run (at most {@code CommandSupport.MAX_EPOCHS}, checked by the constructor).
     *
     * @return IMP's {@code denseEpochs + rounds * finetuneEpochs} for {@code imp}, {@code lottery},
     *     {@code oneshot} and {@code init}; {@code 1 + gradualEpochs + finetuneEpochs} for {@code gradual}
     */
    @JsonIgnore
    public int totalEpochs() {
        return (int) totalEpochs(scheduleKind(schedule), denseEpochs, iterativeSchedule().rounds(), finetuneEpochs,
                gradualEpochs);
    }

    /**
     * A copy with another data directory (the flags are validated before the directory is resolved).
     *
     * @param resolved the data directory actually used
     * @return a copy with {@link #data()} replaced
     */
    public ImpParams withData(String resolved) {
        return new ImpParams(model, denseEpochs, finetuneEpochs, rate, targetDensity, scope, minLayerDensity, l1,
                l1StartEpoch, criterion, schedule, initBatches, rewindIteration, gradualEpochs, granularity, trainExamples, seed, batch,
                threads, onednn, resolved, json, report, quiet);
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
    public IterativeSchedule iterativeSchedule() {
        return schedule(denseEpochs, rate, finetuneEpochs, targetDensity);
    }

    /**
     * The pruning configuration of this run for a schedule: the criterion, scope, floor and seed, and rewinding
     * for {@code lottery}.
     *
     * @param pruningSchedule when to prune (built by the benchmark, which knows the iterations per epoch)
     * @return the configuration
     */
    public PruningConfig pruningConfig(PruningSchedule pruningSchedule) {
        PruningConfigBuilder b = PruningConfig.builder().schedule(pruningSchedule).scope(scopeValue(scope))
                .minLayerDensity(minLayerDensity).criterion(criterionValue(criterion, seed)).seed(seed)
                .granularity(granularityValue(granularity));
        if (l1 > 0 && l1StartEpoch == 0) {
            b.l1(l1);
        } else if (l1 > 0) {
            b.l1(new MapSchedule.Builder(ScheduleType.EPOCH).add(0, 0.0).add(l1StartEpoch, l1).build());
        }
        if (scheduleKind(schedule) == ScheduleKind.LOTTERY) {
            b.rewind(Rewind.toIteration(rewindIteration));
        }
        return b.build();
    }

    /**
     * The schedule kind.
     *
     * @return the kind named by {@link #schedule()}
     */
    @JsonIgnore
    public ScheduleKind scheduleKind() {
        return scheduleKind(schedule);
    }

    /**
     * The criterion.
     *
     * @return the criterion named by {@link #criterion()}
     */
    @JsonIgnore
    public Criterion criterionValue() {
        return criterionValue(criterion, seed);
    }

    /** The schedules {@code --schedule} accepts. */
    public enum ScheduleKind {
        /** Iterative pruning with fine-tuning (Han et al. 2015). */
        IMP,
        /** Once after the dense epochs, then fine-tuning. */
        ONESHOT,
        /** Zhu and Gupta 2017, per iteration. */
        GRADUAL,
        /** At initialization, then training with fixed masks. */
        INIT,
        /** IMP with lottery-ticket rewinding. */
        LOTTERY
    }

    private static ScheduleKind scheduleKind(String schedule) {
        if (schedule != null) {
            for (ScheduleKind k : ScheduleKind.values()) {
                if (k.name().equalsIgnoreCase(schedule)) {
                    return k;
                }
            }
        }
        throw new IllegalArgumentException("schedule (" + schedule + ") must be imp, oneshot, gradual, init or "
                + "lottery");
    }

    private static Granularity granularityValue(String granularity) {
        if (granularity != null) {
            for (Granularity g : Granularity.values()) {
                if (g.name().equalsIgnoreCase(granularity) && !g.isPattern()) {
                    return g;
                }
            }
        }
        throw new IllegalArgumentException("granularity (" + granularity + ") must be unstructured, neuron, filter or "
                + "channel (block and N:M patterns are set in code: PruningConfig.builder().blocks(b) / nm(n, m))");
    }

    private static Criterion criterionValue(String criterion, long seed) {
        if (criterion == null) {
            throw new IllegalArgumentException("criterion (null) must be magnitude, taylor, snip or random");
        }
        return switch (criterion.toLowerCase(Locale.ROOT)) {
            case "magnitude" -> new MagnitudeCriterion();
            case "taylor" -> new TaylorCriterion();
            case "snip" -> new SnipCriterion();
            case "random" -> new RandomCriterion(seed);
            default -> throw new IllegalArgumentException("criterion (" + criterion + ") must be magnitude, taylor, "
                    + "snip or random");
        };
    }

    private static IterativeSchedule schedule(int denseEpochs, double rate, int finetuneEpochs, double target) {
        return new IterativeSchedule(denseEpochs, rate, finetuneEpochs, target);
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
