package io.github.dl4jpruning.config;

import io.github.dl4jpruning.criterion.Criterion;
import io.github.dl4jpruning.criterion.GroupScore;
import io.github.dl4jpruning.criterion.MagnitudeCriterion;
import io.github.dl4jpruning.internal.Checks;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.registry.LayerSelection;
import io.github.dl4jpruning.schedule.PruningSchedule;
import io.github.dl4jpruning.schedule.Rewind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Collects the settings of a {@link PruningConfig}; {@link #build()} validates them all (the same validation as
 * {@link PruningConfig#fromJson}). Setters fail fast on bad values. Start one with {@link PruningConfig#builder()}.
 *
 * <p>An L1 schedule ({@link #l1(ISchedule)}) must be driven by epochs: the engine reads it once per epoch, so a
 * schedule of {@code ScheduleType.ITERATION} is refused here.
 */
public final class PruningConfigBuilder {
    private PruningSchedule schedule;
    private Criterion criterion = new MagnitudeCriterion();
    private Scope scope = Scope.GLOBAL;
    private double minLayerDensity = 0.0;
    private final List<String> includeNames = new ArrayList<>();
    private final List<Integer> includeIndices = new ArrayList<>();
    private final List<String> excludeNames = new ArrayList<>();
    private final List<Integer> excludeIndices = new ArrayList<>();
    private ISchedule l1;
    private long seed = PruningConfig.DEFAULT_SEED;
    private final Map<String, LayerPruning> layerSettings = new LinkedHashMap<>();
    private Rewind rewind;
    private Granularity granularity = Granularity.UNSTRUCTURED;
    private GroupScore groupScore = GroupScore.L2;
    private double groupLasso;
    private int blockSize;
    private int n;
    private int m;
    private ParamMasking paramMasking = ParamMasking.AUTO;

    PruningConfigBuilder() {
    }

    PruningConfigBuilder from(ConfigForm f) {
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
        paramMasking = f.paramMasking();
        return this;
    }

    /**
     * @param schedule when to prune (required)
     * @return this builder
     */
    public PruningConfigBuilder schedule(PruningSchedule schedule) {
        this.schedule = Checks.notNull("schedule", schedule);
        return this;
    }

    /**
     * @param criterion the importance criterion (default: magnitude {@code |w|})
     * @return this builder
     */
    public PruningConfigBuilder criterion(Criterion criterion) {
        this.criterion = Checks.notNull("criterion", criterion);
        return this;
    }

    /**
     * @param scope global (default) or local ranking
     * @return this builder
     */
    public PruningConfigBuilder scope(Scope scope) {
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
    public PruningConfigBuilder minLayerDensity(double minLayerDensity) {
        this.minLayerDensity = Checks.unitInterval("minLayerDensity", minLayerDensity);
        return this;
    }

    /**
     * Restricts pruning to the named layers (each must be prunable); others are left alone.
     *
     * @param names layer names
     * @return this builder
     * @throws IllegalArgumentException if the array is null or a name is null or blank
     */
    public PruningConfigBuilder includeLayers(String... names) {
        includeNames.addAll(names("includeLayers", names));
        return this;
    }

    /**
     * Restricts pruning to the layers (or vertices) with these indices.
     *
     * @param indices layer indices, each {@code >= 0}
     * @return this builder
     * @throws IllegalArgumentException if the array is null or an index negative
     */
    public PruningConfigBuilder includeLayers(int... indices) {
        includeIndices.addAll(indices("includeLayers", indices));
        return this;
    }

    /**
     * Never prunes the named layers.
     *
     * @param names layer names
     * @return this builder
     * @throws IllegalArgumentException if the array is null or a name is null or blank
     */
    public PruningConfigBuilder excludeLayers(String... names) {
        excludeNames.addAll(names("excludeLayers", names));
        return this;
    }

    /**
     * Never prunes the layers (or vertices) with these indices.
     *
     * @param indices layer indices, each {@code >= 0}
     * @return this builder
     * @throws IllegalArgumentException if the array is null or an index negative
     */
    public PruningConfigBuilder excludeLayers(int... indices) {
        excludeIndices.addAll(indices("excludeLayers", indices));
        return this;
    }

    private static List<String> names(String field, String... names) {
        if (names == null) {
            throw new IllegalArgumentException(field + " (null) must be layer names: pass one or more names, e.g. "
                    + field + "(\"layer0\")");
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i] == null || names[i].isBlank()) {
                throw new IllegalArgumentException(field + " name " + i + " (" + (names[i] == null ? "null"
                        : "\"" + names[i] + "\"") + ") must be a non-blank layer name, e.g. \"layer0\"");
            }
        }
        return Arrays.asList(names);
    }

    private static List<Integer> indices(String field, int... indices) {
        if (indices == null) {
            throw new IllegalArgumentException(field + " (null) must be layer indices: pass one or more indices, "
                    + "e.g. " + field + "(0)");
        }
        for (int i : indices) {
            Checks.atLeast(field + " index", i, 0);
        }
        return Arrays.stream(indices).boxed().toList();
    }

    /**
     * Sets a constant L1 strength for the prunable weights ({@code 0} turns L1 off).
     *
     * @param strength the strength, finite and {@code >= 0}
     * @return this builder
     * @throws IllegalArgumentException if negative, infinite or NaN
     */
    public PruningConfigBuilder l1(double strength) {
        Checks.nonNegative("l1", strength);
        this.l1 = strength == 0.0 ? null : new FixedSchedule(strength);
        return this;
    }

    /**
     * Sets an L1 strength that changes with the epoch (e.g. a {@code MapSchedule} over epochs that ramps up, then
     * switches off for fine-tuning). The engine reads {@code strength.valueAt(0, epoch)} at the start of every
     * epoch, never per iteration, so the schedule must be driven by epochs:
     * <ul>
     * <li>a schedule of {@code ScheduleType.ITERATION}, or one whose value changes with the iteration (e.g.
     * {@code RampSchedule}), is refused: it would keep its iteration-0 value for the whole run;</li>
     * <li>the strength is checked here at epochs 0, 1, 10 and 100 (finite and {@code >= 0}); a schedule is a
     * function, so other epochs cannot all be checked in advance: the engine checks the value again at every
     * epoch where it reads it and stops training with {@code l1 (at epoch N) (v) must be finite and >= 0}.</li>
     * </ul>
     *
     * @param strength the schedule, or null to turn L1 off
     * @return this builder
     * @throws IllegalArgumentException if the schedule is iteration-driven, or negative, infinite or NaN at a
     *         sampled epoch
     */
    public PruningConfigBuilder l1(ISchedule strength) {
        this.l1 = ConfigForm.checkL1(strength);
        return this;
    }

    /**
     * @param seed the seed of random choices (default 42)
     * @return this builder
     */
    public PruningConfigBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Sets pruning settings for one layer by name, as a {@code PrunedLayer} wrapper does in builder code (use it
     * for layers you do not wrap in builder code). A later call for the same name replaces the earlier one.
     *
     * @param layerName the layer name ({@code layer2} in a MultiLayerNetwork by default, the vertex name in a
     *        ComputationGraph)
     * @param settings the settings
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or the settings null
     */
    public PruningConfigBuilder layer(String layerName, LayerPruning settings) {
        if (layerName == null || layerName.isBlank()) {
            throw new IllegalArgumentException("layerName (" + layerName + ") must be a non-blank layer name");
        }
        layerSettings.put(layerName, Checks.notNull("settings", settings));
        return this;
    }

    /**
     * @param rewind lottery-ticket rewinding after every mask update, or null for none
     * @return this builder
     */
    public PruningConfigBuilder rewind(Rewind rewind) {
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
    public PruningConfigBuilder granularity(Granularity granularity) {
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
    public PruningConfigBuilder granularity(GranularitySpec spec) {
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

    /**
     * @param groupScore how units are scored under a unit granularity (default L2)
     * @return this builder
     */
    public PruningConfigBuilder groupScore(GroupScore groupScore) {
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
    public PruningConfigBuilder groupLasso(double strength) {
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
    public PruningConfigBuilder blocks(int b) {
        new GranularitySpec.Blocks(b);
        granularity(Granularity.BLOCK);
        this.blockSize = b;
        return this;
    }

    /**
     * Keeps the {@code n} largest of every {@code m} consecutive weights of one output unit's inputs, in the order
     * the layer reads its weights (e.g. 2:4; see {@link io.github.dl4jpruning.mask.PatternMaskUpdater#nm}): sets the
     * granularity to {@link Granularity#N_M}; the density is exactly {@code n/m}.
     *
     * @param n weights kept per group, {@code >= 1}
     * @param m group size, {@code > n}; it must divide the input run of every pruned weight (a Dense column's
     *        {@code nIn}, a convolution filter's {@code nIn x kH x kW}, a 1-D convolution filter's {@code k x nIn})
     * @return this builder
     * @throws IllegalArgumentException unless {@code 1 <= n < m}
     */
    public PruningConfigBuilder nm(int n, int m) {
        new GranularitySpec.NM(n, m);
        granularity(Granularity.N_M);
        this.n = n;
        this.m = m;
        return this;
    }

    /**
     * Sets when the flat parameters are multiplied by the mask after the updater (default {@link ParamMasking#AUTO}:
     * skipped where the engine proves at bind that it changes nothing). {@link ParamMasking#EVERY_ITERATION} keeps it
     * on every iteration, for code that writes the parameters during training.
     *
     * @param paramMasking the setting
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public PruningConfigBuilder paramMasking(ParamMasking paramMasking) {
        this.paramMasking = Checks.notNull("paramMasking", paramMasking);
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
                layerSettings, rewind, granularity, groupScore, groupLasso, blockSize, n, m, paramMasking);
    }
}
