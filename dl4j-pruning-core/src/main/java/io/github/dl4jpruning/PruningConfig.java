package io.github.dl4jpruning;

import io.github.dl4jpruning.criterion.Criterion;
import io.github.dl4jpruning.criterion.MagnitudeCriterion;
import io.github.dl4jpruning.internal.Checks;
import io.github.dl4jpruning.internal.Json;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.registry.LayerSelection;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.schedule.Rewind;
import io.github.dl4jpruning.structured.GroupScore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The complete, immutable configuration of a pruning run: when to prune ({@link PruningSchedule}), what
 * is important ({@link Criterion}), where weights compete ({@link Scope}), the per-layer floor that
 * prevents layer collapse, which layers are pruned, optional L1 regularization of the prunable weights,
 * and the seed.
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
 */
public final class PruningConfig {

    /** Default seed, as in BENCHMARK.md. */
    public static final long DEFAULT_SEED = 42L;

    @JsonProperty("schedule")
    private final PruningSchedule schedule;
    @JsonProperty("criterion")
    private final Criterion criterion;
    @JsonProperty("scope")
    private final Scope scope;
    @JsonProperty("minLayerDensity")
    private final double minLayerDensity;
    @JsonProperty("layers")
    private final LayerSelection layers;
    @JsonProperty("l1")
    private final ISchedule l1;
    @JsonProperty("seed")
    private final long seed;
    @JsonProperty("layerSettings")
    private final Map<String, LayerPruning> layerSettings;
    @JsonProperty("rewind")
    private final Rewind rewind;
    @JsonProperty("granularity")
    private final Granularity granularity;
    @JsonProperty("groupScore")
    private final GroupScore groupScore;
    @JsonProperty("groupLasso")
    private final double groupLasso;
    @JsonProperty("blockSize")
    private final int blockSize;
    @JsonProperty("n")
    private final int n;
    @JsonProperty("m")
    private final int m;

    @JsonCreator
    private PruningConfig(@JsonProperty("schedule") PruningSchedule schedule,
            @JsonProperty("criterion") Criterion criterion, @JsonProperty("scope") Scope scope,
            @JsonProperty("minLayerDensity") double minLayerDensity, @JsonProperty("layers") LayerSelection layers,
            @JsonProperty("l1") ISchedule l1, @JsonProperty("seed") long seed,
            @JsonProperty("layerSettings") Map<String, LayerPruning> layerSettings,
            @JsonProperty("rewind") Rewind rewind, @JsonProperty("granularity") Granularity granularity,
            @JsonProperty("groupScore") GroupScore groupScore, @JsonProperty("groupLasso") double groupLasso,
            @JsonProperty("blockSize") int blockSize, @JsonProperty("n") int n, @JsonProperty("m") int m) {
        this.schedule = schedule;
        this.criterion = criterion;
        this.scope = scope;
        this.minLayerDensity = minLayerDensity;
        this.layers = layers;
        this.l1 = l1;
        this.seed = seed;
        this.layerSettings = Collections.unmodifiableMap(new LinkedHashMap<>(
                layerSettings == null ? Map.of() : layerSettings));
        this.rewind = rewind;
        this.granularity = granularity == null ? Granularity.UNSTRUCTURED : granularity;
        this.groupScore = groupScore == null ? GroupScore.L2 : groupScore;
        this.groupLasso = groupLasso;
        this.blockSize = blockSize;
        this.n = n;
        this.m = m;
        validate();
    }

    private void validate() {
        if (schedule == null) {
            throw new IllegalArgumentException("schedule must be set: e.g. new IterativeSchedule(5, 0.5, 1, 0.02), "
                    + "new OneShotSchedule(epoch, density) or new ConstantSchedule() to keep existing zeros");
        }
        Checks.notNull("criterion", criterion);
        Checks.notNull("scope", scope);
        Checks.notNull("layers", layers);
        Checks.unitInterval("minLayerDensity", minLayerDensity);
        Checks.nonNegative("groupLasso", groupLasso);
        if (granularity == Granularity.BLOCK ? blockSize < 2 : blockSize != 0) {
            throw new IllegalArgumentException("blockSize (" + blockSize + ") must be >= 2 with granularity BLOCK and "
                    + "unset otherwise: use blocks(b) to set both");
        }
        if (granularity == Granularity.N_M ? !(n >= 1 && n < m) : (n != 0 || m != 0)) {
            throw new IllegalArgumentException("n (" + n + ") and m (" + m + ") must satisfy 1 <= n < m with granularity "
                    + "N_M and be unset otherwise: use nm(2, 4) to set both");
        }
        if (groupLasso > 0 && !granularity.isStructured()) {
            throw new IllegalArgumentException("groupLasso (" + groupLasso + ") needs a structured granularity: it "
                    + "pushes whole units to zero; set granularity(Granularity.NEURON) or FILTER, or use l1(...) for "
                    + "single weights");
        }
        for (Map.Entry<String, LayerPruning> e : layerSettings.entrySet()) {
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
            for (int epoch : new int[] {0, 1, 10, 100}) {
                Checks.nonNegative("l1 (at epoch " + epoch + ")", l1.valueAt(0, epoch));
            }
        }
    }

    /**
     * Starts a builder with the defaults: magnitude criterion, global scope, no floor (0.0), all
     * prunable layers, no L1, seed 42. A schedule must be set.
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
        Builder b = new Builder();
        b.schedule = schedule;
        b.criterion = criterion;
        b.scope = scope;
        b.minLayerDensity = minLayerDensity;
        b.includeNames.addAll(layers.includeNames());
        b.includeIndices.addAll(layers.includeIndices());
        b.excludeNames.addAll(layers.excludeNames());
        b.excludeIndices.addAll(layers.excludeIndices());
        b.l1 = l1;
        b.seed = seed;
        b.layerSettings.putAll(layerSettings);
        b.rewind = rewind;
        b.granularity = granularity;
        b.groupScore = groupScore;
        b.groupLasso = groupLasso;
        b.blockSize = blockSize;
        b.n = n;
        b.m = m;
        return b;
    }

    /**
     * When to prune and to which density.
     *
     * @return the schedule
     */
    public PruningSchedule schedule() {
        return schedule;
    }

    /**
     * How weights are scored.
     *
     * @return the criterion
     */
    public Criterion criterion() {
        return criterion;
    }

    /**
     * Global or per-layer ranking.
     *
     * @return the scope
     */
    public Scope scope() {
        return scope;
    }

    /**
     * The per-layer floor density (layer-collapse guard); 0 means no floor.
     *
     * @return the floor in [0, 1]
     */
    public double minLayerDensity() {
        return minLayerDensity;
    }

    /**
     * Which layers are pruned.
     *
     * @return the selection
     */
    public LayerSelection layers() {
        return layers;
    }

    /**
     * The L1 strength schedule for prunable weights, if any: {@code valueAt(iteration, epoch)} is read at
     * the start of every epoch.
     *
     * @return the schedule, or empty when L1 is off
     */
    public Optional<ISchedule> l1() {
        return Optional.ofNullable(l1);
    }

    /**
     * The seed for every random choice made while pruning.
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

    /**
     * Lottery-ticket rewinding after every mask update, if any.
     *
     * @return the rewind policy, or empty for none (default)
     */
    public Optional<Rewind> rewind() {
        return Optional.ofNullable(rewind);
    }

    /**
     * What one mask decision covers (see {@link Granularity}); with a structured granularity the schedule's
     * densities are shares of units kept.
     *
     * @return the granularity (default {@link Granularity#UNSTRUCTURED})
     */
    public Granularity granularity() {
        return granularity;
    }

    /**
     * How units are scored under a structured granularity.
     *
     * @return the group score (default {@link GroupScore#L2})
     */
    public GroupScore groupScore() {
        return groupScore;
    }

    /**
     * Strength of the group-lasso regularization of unit layers (sum over units of the L2 norm of their weights),
     * 0 when off.
     *
     * @return the strength, {@code >= 0}
     */
    public double groupLasso() {
        return groupLasso;
    }

    /**
     * Tile size of {@link Granularity#BLOCK}.
     *
     * @return {@code b} of {@code b x b} tiles, 0 for other granularities
     */
    public int blockSize() {
        return blockSize;
    }

    /**
     * {@code N} of {@link Granularity#N_M}: weights kept per group.
     *
     * @return N, 0 for other granularities
     */
    public int n() {
        return n;
    }

    /**
     * {@code M} of {@link Granularity#N_M}: group size.
     *
     * @return M, 0 for other granularities
     */
    public int m() {
        return m;
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
     * Reads a configuration written by {@link #toJson()}, validating it as {@link Builder#build()} does.
     *
     * @param json the JSON text
     * @return the configuration
     * @throws IllegalArgumentException if the JSON is invalid or the configuration fails validation
     */
    public static PruningConfig fromJson(String json) {
        return Json.read(json, PruningConfig.class);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PruningConfig c && c.schedule.equals(schedule) && c.criterion.equals(criterion)
                && c.scope == scope && Double.compare(c.minLayerDensity, minLayerDensity) == 0
                && c.layers.equals(layers) && Objects.equals(c.l1, l1) && c.seed == seed
                && c.layerSettings.equals(layerSettings) && Objects.equals(c.rewind, rewind)
                && c.granularity == granularity && c.groupScore == groupScore
                && Double.compare(c.groupLasso, groupLasso) == 0 && c.blockSize == blockSize && c.n == n && c.m == m;
    }

    @Override
    public int hashCode() {
        return Objects.hash(schedule, criterion, scope, minLayerDensity, layers, l1, seed, layerSettings, rewind,
                granularity, groupScore, groupLasso, blockSize, n, m);
    }

    @Override
    public String toString() {
        return "PruningConfig(schedule=" + schedule + ", criterion=" + criterion + ", scope=" + scope
                + ", minLayerDensity=" + minLayerDensity + ", layers=" + layers + ", l1=" + l1 + ", seed=" + seed
                + (layerSettings.isEmpty() ? "" : ", layerSettings=" + layerSettings)
                + (rewind == null ? "" : ", rewind=" + rewind)
                + (granularity == Granularity.UNSTRUCTURED ? "" : ", granularity=" + granularity + ", groupScore="
                        + groupScore + (groupLasso > 0 ? ", groupLasso=" + groupLasso : "")
                        + (blockSize > 0 ? ", blockSize=" + blockSize : "") + (m > 0 ? ", n:m=" + n + ":" + m : ""))
                + ")";
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

        /**
         * Sets when to prune (required).
         *
         * @param schedule the schedule
         * @return this builder
         */
        public Builder schedule(PruningSchedule schedule) {
            this.schedule = Checks.notNull("schedule", schedule);
            return this;
        }

        /**
         * Sets the importance criterion (default: magnitude {@code |w|}).
         *
         * @param criterion the criterion
         * @return this builder
         */
        public Builder criterion(Criterion criterion) {
            this.criterion = Checks.notNull("criterion", criterion);
            return this;
        }

        /**
         * Sets global (whole-network) or local (per-layer) ranking (default: global).
         *
         * @param scope the scope
         * @return this builder
         */
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

        /**
         * Prunes only the named layers (each must be prunable).
         *
         * @param names layer names
         * @return this builder
         */
        public Builder includeLayers(String... names) {
            includeNames.addAll(Arrays.asList(names));
            return this;
        }

        /**
         * Prunes only the indexed layers (vertex indices for a ComputationGraph).
         *
         * @param indices layer indices
         * @return this builder
         */
        public Builder includeLayers(int... indices) {
            Arrays.stream(indices).forEach(includeIndices::add);
            return this;
        }

        /**
         * Never prunes the named layers.
         *
         * @param names layer names
         * @return this builder
         */
        public Builder excludeLayers(String... names) {
            excludeNames.addAll(Arrays.asList(names));
            return this;
        }

        /**
         * Never prunes the indexed layers.
         *
         * @param indices layer indices
         * @return this builder
         */
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
         * Sets an L1 strength that changes with the epoch (e.g. a {@code MapSchedule} over epochs that
         * ramps up, then switches off for fine-tuning). Read at the start of every epoch.
         *
         * @param strength the schedule, or null to turn L1 off
         * @return this builder
         */
        public Builder l1(ISchedule strength) {
            this.l1 = strength;
            return this;
        }

        /**
         * Sets the seed (default 42).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets pruning settings for one layer by name (its own target density, floor, criterion, excluded
         * parameters), as a {@code PrunedLayer} wrapper does in builder code. Use it for output layers,
         * which DL4J cannot wrap. A later call for the same name replaces the earlier one.
         *
         * @param layerName the layer name ({@code layer2} in a MultiLayerNetwork by default, the vertex name
         *        in a ComputationGraph)
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

        /**
         * Turns on lottery-ticket rewinding: after every mask update all parameters go back to their values
         * after {@code rewind.iteration()} iterations and the optimizer state is zeroed (see {@link Rewind}).
         *
         * @param rewind the policy, or null for none
         * @return this builder
         */
        public Builder rewind(Rewind rewind) {
            this.rewind = rewind;
            return this;
        }

        /**
         * Sets what one mask decision covers (default {@link Granularity#UNSTRUCTURED}); {@code NEURON} and
         * {@code FILTER} remove whole units of a MultiLayerNetwork's hidden layers, and the schedule's densities
         * then count units.
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
         * Sets how units are scored under a structured granularity (default {@link GroupScore#L2}).
         *
         * @param groupScore the score
         * @return this builder
         */
        public Builder groupScore(GroupScore groupScore) {
            this.groupScore = Checks.notNull("groupScore", groupScore);
            return this;
        }

        /**
         * Turns on group-lasso regularization of the unit layers (needs a structured granularity): every iteration
         * adds {@code strength * w_u / ||w_u||} to the gradient of each unit's weights {@code w_u}, the gradient of
         * {@code strength * Σ_u ||w_u||} (Yuan and Lin 2006; Wen et al., "Learning Structured Sparsity in Deep
         * Neural Networks", 2016), which drives whole units towards zero. Costs four ND4J ops per unit layer per
         * iteration.
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
            if (b < 2) {
                throw new IllegalArgumentException("blockSize (" + b + ") must be >= 2");
            }
            this.granularity = Granularity.BLOCK;
            this.blockSize = b;
            this.n = 0;
            this.m = 0;
            return this;
        }

        /**
         * Keeps the {@code n} largest of every {@code m} consecutive weights along the input dimension (e.g. 2:4):
         * sets the granularity to {@link Granularity#N_M}; the density is exactly {@code n/m} whatever the schedule's
         * target.
         *
         * @param n weights kept per group, {@code >= 1}
         * @param m group size, {@code > n}; it must divide the input dimension of every pruned weight
         * @return this builder
         * @throws IllegalArgumentException unless {@code 1 <= n < m}
         */
        public Builder nm(int n, int m) {
            if (!(n >= 1 && n < m)) {
                throw new IllegalArgumentException("n (" + n + ") and m (" + m + ") must satisfy 1 <= n < m, e.g. 2:4");
            }
            this.granularity = Granularity.N_M;
            this.n = n;
            this.m = m;
            this.blockSize = 0;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the first invalid field
         */
        public PruningConfig build() {
            return new PruningConfig(schedule, criterion, scope, minLayerDensity,
                    new LayerSelection(includeNames, includeIndices, excludeNames, excludeIndices), l1, seed,
                    layerSettings, rewind, granularity, groupScore, groupLasso, blockSize, n, m);
        }
    }
}
