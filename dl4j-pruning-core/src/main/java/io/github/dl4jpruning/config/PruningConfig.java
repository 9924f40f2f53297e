package io.github.dl4jpruning.config;

import io.github.dl4jpruning.criterion.Criterion;
import io.github.dl4jpruning.criterion.GroupScore;
import io.github.dl4jpruning.criterion.MagnitudeCriterion;
import io.github.dl4jpruning.internal.Checks;
import io.github.dl4jpruning.internal.Json;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.registry.LayerSelection;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.schedule.Rewind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonValue;

/**
 * The complete, immutable configuration of a pruning run: when to prune ({@link PruningSchedule}), what
 * is important ({@link Criterion}), where weights compete ({@link Scope}), the per-layer floor that
 * prevents layer collapse, which layers are pruned, what one mask decision covers ({@link GranularitySpec}),
 * optional L1 regularization of the prunable weights, lottery-ticket rewinding and the seed.
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
 * <p>JSON ({@link #toJson()}) holds one field per setting; {@link #fromJson} validates as {@link Builder#build()}.
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

    PruningConfig(PruningSchedule schedule, Criterion criterion, Scope scope, double minLayerDensity,
            LayerSelection layers, ISchedule l1, long seed, Map<String, LayerPruning> layerSettings, Rewind rewind,
            GranularitySpec granularity) {
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
    }

    /**
     * Starts a builder with the defaults: magnitude criterion, global scope, no floor (0.0), all
     * prunable layers, unstructured, no L1, seed 42. A schedule must be set.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder holding this configuration.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return new Builder().from(ConfigForm.of(this));
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
     * layers in particular, which DL4J cannot wrap).
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
     * Serializes this configuration (schedules and criteria by class name).
     *
     * @return indented JSON
     */
    public String toJson() {
        return Json.write(this);
    }

    /**
     * Reads a configuration written by {@link #toJson()} (or by an earlier version), validating it as
     * {@link Builder#build()} does.
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
                && c.granularity.equals(granularity);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schedule, criterion, scope, minLayerDensity, layers, l1, seed, layerSettings, rewind,
                granularity);
    }

    @Override
    public String toString() {
        return "PruningConfig(schedule=" + schedule + ", criterion=" + criterion + ", scope=" + scope
                + ", minLayerDensity=" + minLayerDensity + ", layers=" + layers + ", l1=" + l1 + ", seed=" + seed
                + (layerSettings.isEmpty() ? "" : ", layerSettings=" + layerSettings)
                + (rewind == null ? "" : ", rewind=" + rewind)
                + (granularity instanceof GranularitySpec.Unstructured ? "" : ", granularity=" + granularity) + ")";
    }

    /** Collects settings; {@link #build()} validates them all. Setters fail fast on bad values. */
    public static final class Builder {
        private PruningSchedule schedule;
        private Criterion criterion = new MagnitudeCriterion();
        private Scope scope = Scope.GLOBAL;
        private double minLayerDensity = 0.0;
        private final List<String> includeNames = new ArrayList<>();
        private final List<Integer> includeIndices = new ArrayList<>();
        private final List<String> excludeNames = new ArrayList<>();
        private final List<Integer> excludeIndices = new ArrayList<>();
        private ISchedule l1;
        private long seed = DEFAULT_SEED;
        private final Map<String, LayerPruning> layerSettings = new LinkedHashMap<>();
        private Rewind rewind;
        private Granularity granularity = Granularity.UNSTRUCTURED;
        private GroupScore groupScore = GroupScore.L2;
        private double groupLasso;
        private int blockSize;
        private int n;
        private int m;

        private Builder() {
        }

        private Builder from(ConfigForm f) {
            schedule = f.schedule();
            criterion = f.criterion();
            scope = f.scope();
            minLayerDensity = f.minLayerDensity();
            includeNames.addAll(f.layers().includeNames());
            includeIndices.addAll(f.layers().includeIndices());
            excludeNames.addAll(f.layers().excludeNames());
            excludeIndices.addAll(f.layers().excludeIndices());
            l1 = f.l1();
            seed = f.seed();
            layerSettings.putAll(f.layerSettings());
            rewind = f.rewind();
            granularity = f.granularity();
            groupScore = f.groupScore();
            groupLasso = f.groupLasso();
            blockSize = f.blockSize();
            n = f.n();
            m = f.m();
            return this;
        }

        /** @param schedule when to prune (required) @return this builder */
        public Builder schedule(PruningSchedule schedule) {
            this.schedule = Checks.notNull("schedule", schedule);
            return this;
        }

        /** @param criterion the importance criterion (default: magnitude {@code |w|}) @return this builder */
        public Builder criterion(Criterion criterion) {
            this.criterion = Checks.notNull("criterion", criterion);
            return this;
        }

        /** @param scope global (default) or local ranking @return this builder */
        public Builder scope(Scope scope) {
            this.scope = Checks.notNull("scope", scope);
            return this;
        }

        /**
         * Sets the per-layer floor density: no prunable parameter is pruned below it (default 0: off).
         *
         * @param minLayerDensity the floor in [0, 1], at most the schedule's final density
         * @return this builder
         * @throws IllegalArgumentException if outside [0, 1] or NaN
         */
        public Builder minLayerDensity(double minLayerDensity) {
            this.minLayerDensity = Checks.unitInterval("minLayerDensity", minLayerDensity);
            return this;
        }

        /** @param names layer names to prune (each must be prunable); others are left alone @return this builder */
        public Builder includeLayers(String... names) {
            includeNames.addAll(Arrays.asList(names));
            return this;
        }

        /** @param indices layer (or vertex) indices to prune @return this builder */
        public Builder includeLayers(int... indices) {
            Arrays.stream(indices).forEach(includeIndices::add);
            return this;
        }

        /** @param names layer names never pruned @return this builder */
        public Builder excludeLayers(String... names) {
            excludeNames.addAll(Arrays.asList(names));
            return this;
        }

        /** @param indices layer (or vertex) indices never pruned @return this builder */
        public Builder excludeLayers(int... indices) {
            Arrays.stream(indices).forEach(excludeIndices::add);
            return this;
        }

        /**
         * Sets a constant L1 strength for the prunable weights ({@code 0} turns L1 off).
         *
         * @param strength the strength, finite and {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException if negative, infinite or NaN
         */
        public Builder l1(double strength) {
            Checks.nonNegative("l1", strength);
            this.l1 = strength == 0.0 ? null : new FixedSchedule(strength);
            return this;
        }

        /**
         * Sets an L1 strength that changes with the epoch (e.g. a {@code MapSchedule} over epochs that ramps up, then
         * switches off for fine-tuning), read at the start of every epoch.
         *
         * @param strength the schedule, or null to turn L1 off
         * @return this builder
         */
        public Builder l1(ISchedule strength) {
            this.l1 = strength;
            return this;
        }

        /** @param seed the seed of random choices (default 42) @return this builder */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets pruning settings for one layer by name, as a {@code PrunedLayer} wrapper does in builder code (use it
         * for output layers, which DL4J cannot wrap). A later call for the same name replaces the earlier one.
         *
         * @param layerName the layer name ({@code layer2} in a MultiLayerNetwork by default, the vertex name in a
         *        ComputationGraph)
         * @param settings the settings
         * @return this builder
         * @throws IllegalArgumentException if the name is blank or the settings null
         */
        public Builder layer(String layerName, LayerPruning settings) {
            if (layerName == null || layerName.isBlank()) {
                throw new IllegalArgumentException("layerName (" + layerName + ") must be a non-blank layer name");
            }
            layerSettings.put(layerName, Checks.notNull("settings", settings));
            return this;
        }

        /** @param rewind lottery-ticket rewinding after every mask update, or null for none @return this builder */
        public Builder rewind(Rewind rewind) {
            this.rewind = rewind;
            return this;
        }

        /**
         * Sets what one mask decision covers (default {@link Granularity#UNSTRUCTURED}); {@code NEURON}, {@code FILTER}
         * and {@code CHANNEL} remove whole units, and the schedule's densities then count units. Use
         * {@link #blocks(int)} and {@link #nm(int, int)} for the patterns.
         *
         * @param granularity the granularity
         * @return this builder
         */
        public Builder granularity(Granularity granularity) {
            this.granularity = Checks.notNull("granularity", granularity);
            if (granularity != Granularity.BLOCK) {
                blockSize = 0;
            }
            if (granularity != Granularity.N_M) {
                n = 0;
                m = 0;
            }
            return this;
        }

        /**
         * Sets the granularity with all its settings.
         *
         * @param spec the granularity
         * @return this builder
         */
        public Builder granularity(GranularitySpec spec) {
            granularity(Checks.notNull("granularity", spec).kind());
            if (spec instanceof GranularitySpec.Units u) {
                groupScore = u.score();
                groupLasso = u.groupLasso();
            } else if (spec instanceof GranularitySpec.Blocks b) {
                blockSize = b.size();
            } else if (spec instanceof GranularitySpec.NM x) {
                n = x.n();
                m = x.m();
            }
            return this;
        }

        /** @param groupScore how units are scored under a unit granularity (default L2) @return this builder */
        public Builder groupScore(GroupScore groupScore) {
            this.groupScore = Checks.notNull("groupScore", groupScore);
            return this;
        }

        /**
         * Turns on group-lasso regularization of the unit layers (needs a unit granularity): every iteration adds
         * {@code strength * w_u / ||w_u||} to the gradient of each unit's weights {@code w_u}, the gradient of
         * {@code strength * Σ_u ||w_u||} (Yuan and Lin 2006; Wen et al. 2016), which drives whole units towards zero.
         *
         * @param strength finite and {@code >= 0}; 0 turns it off
         * @return this builder
         * @throws IllegalArgumentException if negative, infinite or NaN
         */
        public Builder groupLasso(double strength) {
            this.groupLasso = Checks.nonNegative("groupLasso", strength);
            return this;
        }

        /**
         * Prunes {@code b x b} tiles of the 2-D weight matrices (Dense and output layers), ranked by their L2 norm
         * with the configured scope and floor: sets the granularity to {@link Granularity#BLOCK}.
         *
         * @param b the tile size, {@code >= 2}; it must divide both dimensions of every pruned matrix
         * @return this builder
         * @throws IllegalArgumentException if {@code b < 2}
         */
        public Builder blocks(int b) {
            new GranularitySpec.Blocks(b);
            granularity(Granularity.BLOCK);
            this.blockSize = b;
            return this;
        }

        /**
         * Keeps the {@code n} largest of every {@code m} consecutive weights along the input dimension (e.g. 2:4):
         * sets the granularity to {@link Granularity#N_M}; the density is exactly {@code n/m}.
         *
         * @param n weights kept per group, {@code >= 1}
         * @param m group size, {@code > n}; it must divide the input dimension of every pruned weight
         * @return this builder
         * @throws IllegalArgumentException unless {@code 1 <= n < m}
         */
        public Builder nm(int n, int m) {
            new GranularitySpec.NM(n, m);
            granularity(Granularity.N_M);
            this.n = n;
            this.m = m;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the first invalid field
         */
        public PruningConfig build() {
            return form().toConfig();
        }

        private ConfigForm form() {
            return new ConfigForm(schedule, criterion, scope, minLayerDensity,
                    new LayerSelection(includeNames, includeIndices, excludeNames, excludeIndices), l1, seed,
                    layerSettings, rewind, granularity, groupScore, groupLasso, blockSize, n, m);
        }
    }
}
