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
import java.util.Map;
import java.util.OptionalDouble;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The flat form of a {@link PruningConfig}: what the builder collects and what its JSON holds (one field per
 * setting, so that files written by earlier versions read back unchanged). {@link #toConfig()} runs the one
 * validation of both paths and turns the granularity fields into a {@link GranularitySpec}.
 */
record ConfigForm(@JsonProperty("schedule") PruningSchedule schedule, @JsonProperty("criterion") Criterion criterion,
        @JsonProperty("scope") Scope scope, @JsonProperty("minLayerDensity") double minLayerDensity,
        @JsonProperty("layers") LayerSelection layers, @JsonProperty("l1") ISchedule l1,
        @JsonProperty("seed") long seed, @JsonProperty("layerSettings") Map<String, LayerPruning> layerSettings,
        @JsonProperty("rewind") Rewind rewind, @JsonProperty("granularity") Granularity granularity,
        @JsonProperty("groupScore") GroupScore groupScore, @JsonProperty("groupLasso") double groupLasso,
        @JsonProperty("blockSize") int blockSize, @JsonProperty("n") int n, @JsonProperty("m") int m) {

    /** Epochs at which an L1 {@code ISchedule} is sampled when the configuration is built. */
    private static final int[] L1_SAMPLE_EPOCHS = {0, 1, 10, 100};

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
                block, n, m);
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
        if (l1 != null) {
            for (int epoch : L1_SAMPLE_EPOCHS) {
                Checks.nonNegative("l1 (at epoch " + epoch + ")", l1.valueAt(0, epoch));
            }
        }
        GranularitySpec spec = switch (kind) {
            case UNSTRUCTURED -> new GranularitySpec.Unstructured();
            case BLOCK -> new GranularitySpec.Blocks(blockSize);
            case N_M -> new GranularitySpec.NM(n, m);
            default -> new GranularitySpec.Units(kind, groupScore == null ? GroupScore.L2 : groupScore, groupLasso);
        };
        return new PruningConfig(schedule, criterion, scope, minLayerDensity, layers, l1, seed, settings, rewind, spec);
    }
}
