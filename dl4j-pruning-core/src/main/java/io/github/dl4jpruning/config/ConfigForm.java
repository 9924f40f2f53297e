package io.github.dl4jpruning.config;

import io.github.dl4jpruning.criterion.Criterion;
import io.github.dl4jpruning.criterion.GroupScore;
import io.github.dl4jpruning.internal.Checks;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.registry.LayerSelection;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.schedule.Rewind;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.OptionalDouble;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.databind.annotation.JsonDeserialize;

/**
 * The flat form of a {@link PruningConfig}: what the builder collects and what its JSON holds (one field per
 * setting, so that files written by earlier versions read back unchanged). {@link #toConfig()} runs the one
 * validation of both paths and turns the granularity fields into a {@link GranularitySpec}.
 */
record ConfigForm(@JsonProperty("schedule") PruningSchedule schedule, @JsonProperty("criterion") Criterion criterion,
        @JsonProperty("scope") Scope scope, @JsonProperty("minLayerDensity") double minLayerDensity,
        @JsonProperty("layers") LayerSelection layers, @JsonProperty("l1") ISchedule l1,
        @JsonProperty("seed") @JsonDeserialize(using = SeedJson.class) long seed, @JsonProperty("layerSettings") Map<String, LayerPruning> layerSettings,
        @JsonProperty("rewind") Rewind rewind, @JsonProperty("granularity") Granularity granularity,
        @JsonProperty("groupScore") GroupScore groupScore, @JsonProperty("groupLasso") double groupLasso,
        @JsonProperty("blockSize") int blockSize, @JsonProperty("n") int n, @JsonProperty("m") int m,
        @JsonProperty("paramMasking") ParamMasking paramMasking) {

    /** Epochs at which an L1 {@code ISchedule} is sampled when the configuration is built. */
    private static final int[] L1_SAMPLE_EPOCHS = {0, 1, 10, 100};

    /** Iterations at which an L1 {@code ISchedule} must give the same value as at iteration 0. */
    private static final int[] L1_PROBE_ITERATIONS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

    /**
     * The flat form of a configuration.
     *
     * @param c the configuration
     * @return its form
     */
    static ConfigForm of(PruningConfig c) {
        GranularitySpec g = c.granularity();
        GroupScore score = g instanceof GranularitySpec.Units u ? u.score() : GroupScore.L2;
        double lasso = g instanceof GranularitySpec.Units u ? u.groupLasso() : 0.0;
        int block = g instanceof GranularitySpec.Blocks b ? b.size() : 0;
        int n = g instanceof GranularitySpec.NM nm ? nm.n() : 0;
        int m = g instanceof GranularitySpec.NM nm ? nm.m() : 0;
        return new ConfigForm(c.schedule(), c.criterion(), c.scope(), c.minLayerDensity(), c.layers(),
                c.l1().orElse(null), c.seed(), c.layerSettings(), c.rewind().orElse(null), g.kind(), score, lasso,
                block, n, m, c.paramMasking());
    }

    /**
     * Validates every field and builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming the first invalid field, its value, the allowed range and the fix
     */
    PruningConfig toConfig() {
        if (schedule == null) {
            throw new IllegalArgumentException("schedule must be set: e.g. new IterativeSchedule(5, 0.5, 1, 0.02), "
                    + "new OneShotSchedule(epoch, density) or new ConstantSchedule() to keep existing zeros");
        }
        Checks.notNull("criterion", criterion);
        Checks.notNull("scope", scope);
        Checks.notNull("layers", layers);
        Checks.unitInterval("minLayerDensity", minLayerDensity);
        Checks.nonNegative("groupLasso", groupLasso);
        Granularity kind = granularity == null ? Granularity.UNSTRUCTURED : granularity;
        if (kind == Granularity.BLOCK ? blockSize < 2 : blockSize != 0) {
            throw new IllegalArgumentException("blockSize (" + blockSize + ") must be >= 2 with granularity BLOCK and "
                    + "unset otherwise: use blocks(b) to set both");
        }
        if (kind == Granularity.N_M ? !(n >= 1 && n < m) : (n != 0 || m != 0)) {
            throw new IllegalArgumentException("n (" + n + ") and m (" + m + ") must satisfy 1 <= n < m with granularity "
                    + "N_M and be unset otherwise: use nm(2, 4) to set both");
        }
        if (groupLasso > 0 && !kind.isStructured()) {
            throw new IllegalArgumentException("groupLasso (" + groupLasso + ") needs a structured granularity: it "
                    + "pushes whole units to zero; set granularity(Granularity.NEURON) or FILTER, or use l1(...) for "
                    + "single weights");
        }
        Map<String, LayerPruning> settings = layerSettings == null ? Map.of() : layerSettings;
        for (Map.Entry<String, LayerPruning> e : settings.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank()) {
                throw new IllegalArgumentException("layer settings name (" + e.getKey() + ") must be a non-blank "
                        + "layer name");
            }
            Checks.notNull("layer settings of \"" + e.getKey() + "\"", e.getValue());
        }
        OptionalDouble fin = schedule.finalDensity();
        if (fin.isPresent() && minLayerDensity > fin.getAsDouble()) {
            throw new IllegalArgumentException("minLayerDensity (" + minLayerDensity + ") must be <= the schedule's "
                    + "final density (" + fin.getAsDouble() + "): a floor above the target makes the target "
                    + "unreachable; lower the floor or raise the target");
        }
        checkL1(l1);
        GranularitySpec spec = switch (kind) {
            case UNSTRUCTURED -> new GranularitySpec.Unstructured();
            case BLOCK -> new GranularitySpec.Blocks(blockSize);
            case N_M -> new GranularitySpec.NM(n, m);
            default -> new GranularitySpec.Units(kind, groupScore == null ? GroupScore.L2 : groupScore, groupLasso);
        };
        return new PruningConfig(schedule, criterion, scope, minLayerDensity, layers, l1, seed, settings, rewind, spec,
                paramMasking == null ? ParamMasking.AUTO : paramMasking);
    }

    /**
     * Checks an L1 strength schedule as far as it can be checked before training. The engine reads
     * {@code valueAt(0, epoch)} at the start of every epoch, so the schedule must be driven by epochs: one that
     * declares {@code ScheduleType.ITERATION} (through a {@code getScheduleType()} getter, as every ND4J schedule
     * that has a type does) or whose value changes with the iteration (e.g. {@code RampSchedule}) would stay at its
     * iteration-0 value for ever, and is refused. The strength is sampled at epochs 0, 1, 10 and 100; the engine
     * checks it again at every epoch where it reads it.
     *
     * @param l1 the schedule, or null for none
     * @return {@code l1}
     * @throws IllegalArgumentException if the schedule is iteration-driven, or negative, infinite or NaN at a
     *         sampled epoch
     */
    static ISchedule checkL1(ISchedule l1) {
        if (l1 == null) {
            return null;
        }
        String name = l1.getClass().getSimpleName();
        if (declaredType(l1) == ScheduleType.ITERATION) {
            throw new IllegalArgumentException("l1 (" + name + " with ScheduleType.ITERATION) must be an "
                    + "epoch-driven schedule: the engine reads valueAt(0, epoch) at every epoch start, so an ITERATION "
                    + "schedule would keep its iteration-0 value; build it with ScheduleType.EPOCH");
        }
        for (int epoch : L1_SAMPLE_EPOCHS) {
            double first = l1.valueAt(0, epoch);
            for (int iteration : L1_PROBE_ITERATIONS) {
                double v = l1.valueAt(iteration, epoch);
                if (Double.compare(v, first) != 0) {
                    throw new IllegalArgumentException("l1 (" + name + ") must not depend on the iteration: "
                            + "valueAt(0, " + epoch + ") = " + first + " but valueAt(" + iteration + ", " + epoch
                            + ") = " + v + ", and the engine reads valueAt(0, epoch) at every epoch start; use a "
                            + "schedule of ScheduleType.EPOCH");
                }
            }
            Checks.nonNegative("l1 (at epoch " + epoch + ")", first);
        }
        return l1;
    }

    /** The schedule's {@code getScheduleType()}, or null if it has none. */
    private static ScheduleType declaredType(ISchedule schedule) {
        try {
            Method getter = schedule.getClass().getMethod("getScheduleType");
            return getter.getReturnType() == ScheduleType.class ? (ScheduleType) getter.invoke(schedule) : null;
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("l1 (" + schedule.getClass().getSimpleName() + ") failed to report "
                    + "its schedule type: " + e.getCause(), e.getCause());
        }
    }
}
