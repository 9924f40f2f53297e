package io.github.dl4jpruning.config;

import io.github.dl4jpruning.criterion.Criterion;
import io.github.dl4jpruning.internal.Json;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.registry.LayerSelection;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.schedule.Rewind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonValue;

/**
 * The complete, immutable configuration of a pruning run: when to prune ({@link PruningSchedule}), what
 * is important ({@link Criterion}), where weights compete ({@link Scope}), the per-layer floor that
 * prevents layer collapse, which layers are pruned, what one mask decision covers ({@link GranularitySpec}),
 * optional L1 regularization of the prunable weights, lottery-ticket rewinding, the seed and when the parameters are
 * masked after the updater ({@link ParamMasking}).
 *
 * <p>Densities always mean the share of prunable weights <em>kept</em> ({@code 1.0} = dense); the
 * pruning rate is {@code 1 - density} and compression {@code 1 / density}. Biases are never pruned.
 *
 * <pre>{@code
 * PruningConfig config = PruningConfig.builder()
 *         .schedule(new IterativeSchedule(5, 0.5, 1, 0.02))  // Han et al. 2015
 *         .scope(Scope.GLOBAL)
 *         .minLayerDensity(0.01)
 *         .build();
 * }</pre>
 *
 * <p>JSON ({@link #toJson()}) holds one field per setting; {@link #fromJson} validates as {@link PruningConfigBuilder#build()}.
 */
public final class PruningConfig {

    /** Default seed, as in the benchmark protocol. */
    public static final long DEFAULT_SEED = 42L;

    private final PruningSchedule schedule;
    private final Criterion criterion;
    private final Scope scope;
    private final double minLayerDensity;
    private final LayerSelection layers;
    private final ISchedule l1;
    private final long seed;
    private final Map<String, LayerPruning> layerSettings;
    private final Rewind rewind;
    private final GranularitySpec granularity;
    private final ParamMasking paramMasking;

    PruningConfig(PruningSchedule schedule, Criterion criterion, Scope scope, double minLayerDensity,
            LayerSelection layers, ISchedule l1, long seed, Map<String, LayerPruning> layerSettings, Rewind rewind,
            GranularitySpec granularity, ParamMasking paramMasking) {
        this.schedule = schedule;
        this.criterion = criterion;
        this.scope = scope;
        this.minLayerDensity = minLayerDensity;
        this.layers = layers;
        this.l1 = l1;
        this.seed = seed;
        this.layerSettings = Collections.unmodifiableMap(new LinkedHashMap<>(layerSettings));
        this.rewind = rewind;
        this.granularity = granularity;
        this.paramMasking = paramMasking;
    }

    /**
     * Starts a builder with the defaults: magnitude criterion, global scope, no floor (0.0), all
     * prunable layers, unstructured, no L1, seed 42, {@link ParamMasking#AUTO}. A schedule must be set.
     *
     * @return a builder
     */
    public static PruningConfigBuilder builder() {
        return new PruningConfigBuilder();
    }

    /**
     * Starts a builder holding this configuration.
     *
     * @return a builder
     */
    public PruningConfigBuilder toBuilder() {
        return new PruningConfigBuilder().from(ConfigForm.of(this));
    }

    /** @return when to prune and to which density */
    public PruningSchedule schedule() {
        return schedule;
    }

    /** @return how single weights are scored (structured granularities score units with their group score) */
    public Criterion criterion() {
        return criterion;
    }

    /** @return global (whole-network) or local (per-layer) ranking */
    public Scope scope() {
        return scope;
    }

    /** @return the per-layer floor density in [0, 1] (layer-collapse guard); 0 means no floor */
    public double minLayerDensity() {
        return minLayerDensity;
    }

    /** @return which layers are pruned */
    public LayerSelection layers() {
        return layers;
    }

    /**
     * The L1 strength schedule for prunable weights, if any: {@code valueAt(0, epoch)} is read when the engine binds
     * and at the start of every epoch.
     *
     * @return the schedule, or empty when L1 is off
     */
    public Optional<ISchedule> l1() {
        return Optional.ofNullable(l1);
    }

    /**
     * The seed of the random choices made while pruning: the scores of a {@code new RandomCriterion()} (one built
     * without a seed of its own) come from it.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * Per-layer settings by layer name, for layers that are not wrapped in a {@code PrunedLayer} (output
     * layers you would rather not wrap in builder code).
     *
     * @return an unmodifiable map, in the order given
     */
    public Map<String, LayerPruning> layerSettings() {
        return layerSettings;
    }

    /** @return lottery-ticket rewinding after every mask update, or empty for none (default) */
    public Optional<Rewind> rewind() {
        return Optional.ofNullable(rewind);
    }

    /**
     * What one mask decision covers, with the settings of that granularity (default
     * {@link GranularitySpec.Unstructured}); with a unit granularity the schedule's densities are shares of units
     * kept.
     *
     * @return the granularity
     */
    public GranularitySpec granularity() {
        return granularity;
    }

    /**
     * When the flat parameters are multiplied by the mask after the updater (default {@link ParamMasking#AUTO}: after
     * every update unless the engine proves at bind that pruned parameters stay exactly zero without it).
     *
     * @return the setting
     */
    public ParamMasking paramMasking() {
        return paramMasking;
    }

    /**
     * Serializes this configuration (schedules and criteria by class name).
     *
     * @return indented JSON
     */
    public String toJson() {
        return Json.write(this);
    }

    /**
     * Reads a configuration written by {@link #toJson()} (or by an earlier version), validating it as
     * {@link PruningConfigBuilder#build()} does.
     *
     * @param json the JSON text
     * @return the configuration
     * @throws IllegalArgumentException if the JSON is invalid or the configuration fails validation
     */
    public static PruningConfig fromJson(String json) {
        return Json.read(json, PruningConfig.class);
    }

    @JsonValue
    private ConfigForm form() {
        return ConfigForm.of(this);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    private static PruningConfig fromForm(ConfigForm form) {
        return form.toConfig();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PruningConfig c && c.schedule.equals(schedule) && c.criterion.equals(criterion)
                && c.scope == scope && Double.compare(c.minLayerDensity, minLayerDensity) == 0
                && c.layers.equals(layers) && Objects.equals(c.l1, l1) && c.seed == seed
                && c.layerSettings.equals(layerSettings) && Objects.equals(c.rewind, rewind)
                && c.granularity.equals(granularity) && c.paramMasking == paramMasking;
    }

    @Override
    public int hashCode() {
        return Objects.hash(schedule, criterion, scope, minLayerDensity, layers, l1, seed, layerSettings, rewind,
                granularity, paramMasking);
    }

    @Override
    public String toString() {
        return "PruningConfig(schedule=" + schedule + ", criterion=" + criterion + ", scope=" + scope
                + ", minLayerDensity=" + minLayerDensity + ", layers=" + layers + ", l1=" + l1 + ", seed=" + seed
                + (layerSettings.isEmpty() ? "" : ", layerSettings=" + layerSettings)
                + (rewind == null ? "" : ", rewind=" + rewind)
                + (granularity instanceof GranularitySpec.Unstructured ? "" : ", granularity=" + granularity)
                + (paramMasking == ParamMasking.AUTO ? "" : ", paramMasking=" + paramMasking) + ")";
    }
}
