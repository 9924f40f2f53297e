package io.github.dl4jpruning.listener;

import io.github.dl4jpruning.PruningConfig;
import io.github.dl4jpruning.internal.Checks;
import io.github.dl4jpruning.internal.Kernels;
import io.github.dl4jpruning.internal.NetworkAdapter;
import io.github.dl4jpruning.internal.ParamDiscovery;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.mask.MaskUpdater;
import io.github.dl4jpruning.mask.ParamRule;
import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.nn.layers.MaskOwnership;
import io.github.dl4jpruning.nn.layers.PrunedLayerImpl;
import io.github.dl4jpruning.registry.PrunableLayerRegistry;
import io.github.dl4jpruning.report.LayerStats;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.ScheduleContext;
import io.github.dl4jpruning.schedule.ScheduleDecision;
import io.github.dl4jpruning.spi.MaskKernels;
import io.github.dl4jpruning.structured.GroupLasso;
import io.github.dl4jpruning.structured.StructureMap;
import io.github.dl4jpruning.structured.StructuredMaskUpdater;
import io.github.dl4jpruning.structured.UnitLayer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes a {@code MultiLayerNetwork} or {@code ComputationGraph} while it trains.
 *
 * <p>Per iteration (fixed cost: two element-wise multiplies for the whole network, three more with L1,
 * whatever its depth; no allocation, nothing copied to the Java heap):
 * <ol>
 * <li>{@link #onGradientCalculation}: the flat gradient is multiplied by the flat mask before the updater
 * runs, and the L1 term {@code l1 * sign(w)} is added for prunable weights;</li>
 * <li>{@link #iterationDone}: after the update, the flat parameters are multiplied by the mask again, so
 * every pruned weight is exactly 0.0 after every iteration.</li>
 * </ol>
 * Per epoch, {@link #onEpochStart} asks the schedule whether to recompute the masks (DL4J fires epoch
 * events only for {@code fit(DataSetIterator)}; with {@code fit(DataSet)} or custom loops call
 * {@link #step} or {@link #prune} yourself). When masks change, the weights are masked and the optimizer
 * state (Adam's M and V, momentum...) is zeroed at pruned positions, otherwise momentum would revive
 * them.
 *
 * <p>Layers wrapped in {@code PrunedLayer} are pruned with their wrapper's settings; layers named in
 * {@code PruningConfig.layer(name, settings)} with those. When bound, the listener takes the masking of
 * wrapped layers over (their masks become views of the flat mask), so the per-iteration cost stays the same
 * two operations for the whole network.
 *
 * <p>Call order: construct, add to the network ({@code net.addListeners(listener)} or
 * {@code Pruning.attach}), then {@code fit}. The listener binds to the first network it sees; masks are
 * initialised from the weights that are exactly zero at that moment (none in a fresh network, the pruned
 * ones in a loaded pruned model). One listener serves one network; mask updates ({@link #step}, {@link #prune})
 * are not thread-safe and must be called with that network.
 *
 * <p>ParallelWrapper: attach the listener to the wrapper ({@code wrapper.setListeners(listener)}) after binding it
 * to the main network ({@link #bind}); DL4J calls it from every worker with that worker's replica, and each replica
 * is masked with the same flat mask (no lock, no allocation per iteration). ParallelWrapper fires no epoch events:
 * call {@code listener.step(mainNetwork, epoch)} between {@code wrapper.fit(...)} calls. Gradient-based criteria
 * accumulate gradients only from the main network's worker.
 */
public class PruningListener extends BaseTrainingListener {

    private static final Logger log = LoggerFactory.getLogger(PruningListener.class);

    private final PruningConfig config;
    private final PrunableLayerRegistry registry;

    private final MaskOwnership ownership = new MaskOwnership();
    private MaskKernels kernels;

    private NetworkAdapter net;
    private MaskState state;
    private Map<String, LayerPruning> layerSettings = Map.of();
    private List<UnitLayer> unitLayers = List.of();
    private org.nd4j.linalg.dataset.DataSet ablationData;
    private INDArray maskRow;
    private INDArray signBuf;
    private INDArray signRow;
    private INDArray l1Vector;
    private double l1Strength;
    private INDArray gradAcc;
    private INDArray gradAccRow;
    private long gradBatches;
    private INDArray rewindSnapshot;
    private volatile long maskVersion;
    private final java.util.concurrent.atomic.AtomicInteger replicasSeen = new java.util.concurrent.atomic.AtomicInteger();
    private final ThreadLocal<Replica> replica = new ThreadLocal<>();

    /**
     * A worker's copy of the network (DL4J's ParallelWrapper trains replicas on other threads and calls this one
     * listener from all of them): the listener masks it with the shared flat mask, and masks its optimizer state
     * once after every mask update. One per worker thread; touched only by that thread.
     */
    private static final class Replica {
        final Model model;
        final NetworkAdapter net;
        long seenVersion = -1;
        INDArray signBuf;
        INDArray signRow;

        Replica(Model model, NetworkAdapter net) {
            this.model = model;
            this.net = net;
        }
    }

    /**
     * Creates a listener with the default layer registry.
     *
     * @param config the pruning configuration
     */
    public PruningListener(PruningConfig config) {
        this(config, PrunableLayerRegistry.defaults());
    }

    /**
     * Creates a listener.
     *
     * @param config the pruning configuration
     * @param registry which layer types are prunable
     */
    public PruningListener(PruningConfig config, PrunableLayerRegistry registry) {
        this.config = Checks.notNull("config", config);
        this.registry = Checks.notNull("registry", registry);
    }

    /**
     * The configuration.
     *
     * @return the configuration
     */
    public PruningConfig config() {
        return config;
    }

    /**
     * Binds the listener to a network now (it otherwise binds on the first hook), so that configuration
     * errors such as unknown layer names surface before training.
     *
     * @param model a MultiLayerNetwork or ComputationGraph, initialized
     * @return the mask state
     * @throws IllegalArgumentException if the model type or layer selection is invalid
     * @throws IllegalStateException if the listener is bound to another network
     */
    public MaskState bind(Model model) {
        if (net != null) {
            if (net.model() != model) {
                throw new IllegalStateException("this PruningListener is bound to another network: create one "
                        + "PruningListener per network");
            }
            return state;
        }
        NetworkAdapter adapter = NetworkAdapter.of(model);
        ParamDiscovery.Discovered found = ParamDiscovery.discover(adapter, registry, config.layers(),
                config.layerSettings());
        List<PrunableParam> params = found.params();
        INDArray flat = adapter.params();
        MaskKernels k = Kernels.masks();
        MaskState s = MaskState.wrap(params, k.allocateMask(NetworkAdapter.flat(flat)));
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (PrunedLayerImpl w : found.wrapped().keySet()) {
                w.applyMasks();     // masks the wrapper kept on its own become zeros, hence flat-mask zeros
            }
            long kept = 0;
            for (PrunableParam p : params) {
                MaskState.segment(s.mask(), p).assign(MaskState.segment(flat, p).neq(0.0).castTo(flat.dataType()));
                kept += MaskUpdater.nonzeroCount(flat, p);
            }
            if (kept < s.prunableCount()) {
                s.setCurrentDensity(Math.max(Double.MIN_VALUE, (double) kept / s.prunableCount()));
                log.info("Masks initialised from existing zeros: density {} ({} of {} prunable weights are non-zero)",
                        s.currentDensity(), kept, s.prunableCount());
            }
            maskRow = s.mask().reshape(1, s.mask().length());
            for (Map.Entry<PrunedLayerImpl, List<PrunableParam>> e : found.wrapped().entrySet()) {
                Map<String, INDArray> views = new LinkedHashMap<>();
                for (PrunableParam p : e.getValue()) {
                    views.put(p.paramKey(), s.maskOf(p));
                }
                e.getKey().delegateMasking(views, ownership);
            }
        }
        this.net = adapter;
        this.state = s;
        this.kernels = k;
        this.layerSettings = found.settings();
        for (Map.Entry<String, LayerPruning> e : found.settings().entrySet()) {
            if (e.getValue().granularity() != io.github.dl4jpruning.mask.Granularity.UNSTRUCTURED) {
                throw new IllegalArgumentException("granularity (" + e.getValue().granularity() + ") of " + e.getKey()
                        + ": per-layer granularities are not supported yet; set it for the whole network with "
                        + "PruningConfig.builder().granularity(...)");
            }
        }
        if (config.granularity().isStructured()) {
            if (!found.settings().isEmpty()) {
                throw new IllegalArgumentException("per-layer settings (" + found.settings().keySet() + ") apply to "
                        + "unstructured pruning only; with granularity " + config.granularity() + " use the "
                        + "network-wide scope, floor and group score");
            }
            this.unitLayers = StructureMap.of(adapter, config.granularity());
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (needsGradients()) {
                gradAcc = Nd4j.zeros(flat.dataType(), flat.length());
                gradAccRow = gradAcc.reshape(1, flat.length());
            }
            if (config.rewind().isPresent() && config.rewind().get().iteration() == adapter.iterationCount()) {
                rewindSnapshot = flat.dup();
            } else if (config.rewind().isPresent() && config.rewind().get().iteration() < adapter.iterationCount()) {
                log.warn("Rewind to iteration {} asked, but the network has already trained {} iterations: its "
                        + "weights of then are gone, so mask updates will not rewind", config.rewind().get().iteration(),
                        adapter.iterationCount());
            }
        }
        log.info("Pruning {} parameters of a {} ({} weights, {} mask kernels): {}", params.size(), adapter.kind(),
                s.prunableCount(), k.name(), config);
        return s;
    }

    /**
     * Binds to a network and installs saved masks and schedule position instead of deriving them from the
     * weights' zeros; the masks are multiplied into the weights. Used by {@code PrunedModels.load}.
     *
     * @param model the restored network
     * @param mask the saved flat mask (length of the network's parameter vector)
     * @param rounds mask updates made before the save
     * @param density density the masks were last set to
     * @param history reports of those updates
     * @return the state
     * @throws IllegalArgumentException if the mask does not fit the network or a value is out of range
     * @throws IllegalStateException if the listener is bound to another network
     */
    public MaskState restore(Model model, INDArray mask, int rounds, double density, List<PruningReport> history) {
        return restore(model, mask, rounds, density, history, null, 0, null);
    }

    /**
     * As {@link #restore(Model, INDArray, int, double, List)}, also restoring the criterion's gradient
     * accumulator and the weights kept for rewinding.
     *
     * @param model the restored network
     * @param mask the saved flat mask
     * @param rounds mask updates made before the save
     * @param density density the masks were last set to
     * @param history reports of those updates
     * @param gradients the saved gradient accumulator (flat), or null
     * @param gradientBatches minibatches in {@code gradients}
     * @param rewindWeights the saved rewind point (flat parameters), or null
     * @return the state
     * @throws IllegalArgumentException if an array does not fit the network or a value is out of range
     */
    public MaskState restore(Model model, INDArray mask, int rounds, double density, List<PruningReport> history,
            INDArray gradients, long gradientBatches, INDArray rewindWeights) {
        MaskState s = bind(model);
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (gradients != null) {
                if (gradAcc == null || gradients.length() != gradAcc.length()) {
                    throw new IllegalArgumentException("gradient accumulator length (" + gradients.length() + ") must "
                            + "equal the network's parameter count (" + s.mask().length() + ") and the criterion must "
                            + "use gradients (" + config.criterion() + ")");
                }
                if (gradientBatches < 0) {
                    throw new IllegalArgumentException("gradientBatches (" + gradientBatches + ") must be >= 0");
                }
                gradAcc.assign(NetworkAdapter.flat(gradients).castTo(gradAcc.dataType()));
                gradBatches = gradientBatches;
            }
            if (rewindWeights != null) {
                if (rewindWeights.length() != s.mask().length()) {
                    throw new IllegalArgumentException("rewind weights length (" + rewindWeights.length() + ") must "
                            + "equal the network's parameter count (" + s.mask().length() + ")");
                }
                rewindSnapshot = NetworkAdapter.flat(rewindWeights).castTo(s.mask().dataType()).dup();
            }
        }
        if (mask.length() != s.mask().length()) {
            throw new IllegalArgumentException("mask length (" + mask.length() + ") must equal the network's "
                    + "parameter count (" + s.mask().length() + ")");
        }
        s.restore(rounds, density, history);
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            s.mask().assign(NetworkAdapter.flat(mask).castTo(s.mask().dataType()));
            kernels.maskChanged(s.mask());
            maskVersion++;
            applyToParams();
        }
        return s;
    }

    /**
     * The mask state, once bound.
     *
     * @return the state, or empty before the listener has seen its network
     */
    public Optional<MaskState> state() {
        return Optional.ofNullable(state);
    }

    /**
     * The L1 strength in force for prunable weights (0 when L1 is off).
     *
     * @return the strength set at the start of the current epoch
     */
    public double currentL1() {
        return l1Strength;
    }

    /**
     * Asks the schedule what to do after {@code epochsCompleted} epochs and does it; updates the L1
     * strength for the epoch. Called by {@link #onEpochStart}; call it yourself at epoch boundaries
     * when training with {@code fit(DataSet)} or your own loop.
     *
     * @param model the network
     * @param epochsCompleted number of finished epochs
     * @return the report if the masks were recomputed
     */
    public Optional<PruningReport> step(Model model, int epochsCompleted) {
        bind(model);
        updateL1(epochsCompleted);
        ScheduleDecision d = config.schedule().decide(new ScheduleContext(epochsCompleted, state.roundsCompleted(),
                state.currentDensity(), net.iterationCount()));
        return d.updateMasks() ? Optional.of(prune(model, d.targetDensity())) : Optional.empty();
    }

    /**
     * Recomputes the masks now for a target density, applies them to the weights and zeroes the
     * optimizer state at pruned positions. Weights already pruned stay pruned (unless the target is
     * higher than the current density).
     *
     * @param model the network
     * @param targetDensity share of prunable weights to keep, in (0, 1]
     * @return what the update did
     * @throws IllegalArgumentException if the density is out of range or a prunable weight is NaN
     */
    public PruningReport prune(Model model, double targetDensity) {
        Checks.density("targetDensity", targetDensity);
        bind(model);
        long t0 = System.nanoTime();
        INDArray params = net.params();
        MaskUpdater.requireFinite(params, state);
        List<String> floorEngaged;
        if (config.granularity() == io.github.dl4jpruning.mask.Granularity.N_M) {
            io.github.dl4jpruning.mask.PatternMaskUpdater.nm(params, state, config.n(), config.m());
            floorEngaged = List.of();
        } else if (config.granularity() == io.github.dl4jpruning.mask.Granularity.BLOCK) {
            io.github.dl4jpruning.mask.PatternMaskUpdater.blocks(params, state, config.blockSize(), config.scope(),
                    config.minLayerDensity(), targetDensity);
            floorEngaged = List.of();
        } else if (config.granularity().isStructured()) {
            Map<String, INDArray> given = new LinkedHashMap<>();
            if (config.groupScore() == io.github.dl4jpruning.structured.GroupScore.ABLATION && ablationData != null) {
                for (UnitLayer u : unitLayers) {
                    double[] d = io.github.dl4jpruning.analysis.Ablation.unitLossDeltas(model, u.layerName(),
                            ablationData);
                    given.put(u.layerName(), Nd4j.createFromArray(d));
                }
            }
            StructuredMaskUpdater.update(params, gradAcc, gradBatches, state,
                    unitLayers, config.groupScore(), config.scope(), config.minLayerDensity(), targetDensity,
                    config.granularity() == io.github.dl4jpruning.mask.Granularity.CHANNEL, given);
            floorEngaged = List.of();
        } else {
            MaskUpdater.Result r = MaskUpdater.update(params, gradAcc, gradBatches, state, config.criterion(),
                    config.scope(), config.minLayerDensity(), targetDensity, rules(targetDensity));
            floorEngaged = r.floorEngaged();
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (gradAcc != null) {
                gradAcc.assign(0.0);
                gradBatches = 0;
            }
            if (config.rewind().isPresent()) {
                rewind();
            }
            applyToParams();
            net.maskUpdaterState(state.mask(), kernels);
            if (l1Vector != null) {
                rebuildL1Vector();
            }
        }
        kernels.maskChanged(state.mask());
        maskVersion++;
        double seconds = (System.nanoTime() - t0) / 1e9;
        PruningReport report = measure(state.roundsCompleted() + 1, targetDensity, seconds);
        state.recordRound(report);
        log.info("{} ({}s){}", report.summary(), String.format(Locale.ROOT, "%.3f", seconds),
                floorEngaged.isEmpty() ? "" : "; floor engaged for " + floorEngaged);
        return report;
    }

    /**
     * Counts the current non-zero weights without changing anything.
     *
     * @param model the network
     * @return a report with round = rounds completed so far
     */
    public PruningReport report(Model model) {
        bind(model);
        return measure(state.roundsCompleted(), state.currentDensity(), 0.0);
    }

    /**
     * The per-layer density for a layer with its own final density {@code t}, when the network-wide target
     * is {@code d} on the way to the schedule's final density {@code T}: {@code t^(ln d / ln T)} (capped at
     * {@code t}), so the layer follows the schedule geometrically and reaches {@code t} with it; {@code t}
     * itself when the schedule has no final density below 1.
     *
     * @param t the layer's own final density
     * @param d the network-wide density of this update
     * @param finalDensity the schedule's final density, if known
     * @return the layer's density for this update, in [t, 1]
     */
    static double layerDensity(double t, double d, OptionalDouble finalDensity) {
        if (d >= 1.0) {
            return 1.0;
        }
        if (finalDensity.isPresent() && finalDensity.getAsDouble() < 1.0) {
            double f = Math.min(1.0, Math.log(d) / Math.log(finalDensity.getAsDouble()));
            return Math.max(t, Math.min(1.0, Math.pow(t, f)));
        }
        return t;
    }

    private boolean needsGradients() {
        return config.criterion().needsGradients()
                || layerSettings.values().stream().anyMatch(l -> l.criterion().map(c -> c.needsGradients()).orElse(false));
    }

    private void rewind() {
        if (rewindSnapshot == null) {
            log.warn("No rewind: the weights of iteration {} have not been seen yet (the network is at iteration {})",
                    config.rewind().get().iteration(), net.iterationCount());
            return;
        }
        NetworkAdapter.flat(net.params()).assign(rewindSnapshot);
        org.deeplearning4j.nn.updater.BaseMultiLayerUpdater<?> u = net.updater();
        if (u != null && u.getStateViewArray() != null) {
            u.getStateViewArray().assign(0.0);
        }
        log.info("Rewound all parameters to iteration {} and zeroed the optimizer state",
                config.rewind().get().iteration());
    }

    /**
     * Adds the raw gradients of up to {@code batches} minibatches to the accumulator that gradient-based
     * criteria read at the next mask update, without training: the network's parameters and optimizer state
     * are not changed. Use it before {@link #prune} to prune at initialization (SNIP) or after training
     * outside {@code fit}.
     *
     * @param model the network
     * @param data minibatches (features and labels); read from its current position, not reset
     * @param batches how many minibatches to use, {@code >= 1}
     * @return the number of minibatches used (fewer if {@code data} ran out)
     * @throws IllegalArgumentException if {@code batches < 1} or {@code data} has no minibatch
     * @throws IllegalStateException if no criterion of this configuration uses gradients
     */
    public int collectGradients(Model model, org.nd4j.linalg.dataset.api.iterator.DataSetIterator data, int batches) {
        Checks.atLeast("batches", batches, 1);
        bind(model);
        if (gradAcc == null) {
            throw new IllegalStateException("criterion " + config.criterion() + " does not use gradients: "
                    + "collecting them is pointless; use a gradient-based criterion such as TaylorCriterion or "
                    + "SnipCriterion");
        }
        int used = 0;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            while (used < batches && data.hasNext()) {
                INDArray g = net.computeGradient(data.next());
                gradAcc.addi(g.rank() == 1 ? g : NetworkAdapter.flat(g));
                gradBatches++;
                used++;
            }
        }
        if (used == 0) {
            throw new IllegalArgumentException("data has no minibatch left: reset it or pass a fresh iterator");
        }
        return used;
    }

    /**
     * Prunes before training from the gradients of a few minibatches (SNIP, Lee et al. 2019, with
     * {@code SnipCriterion}): {@link #collectGradients}, then {@link #prune}. Train afterwards with a
     * {@code ConstantSchedule} (or a schedule that starts later) to keep the masks.
     *
     * @param model the network, usually freshly initialized
     * @param data minibatches for the gradients
     * @param batches how many minibatches, {@code >= 1}
     * @param targetDensity density to prune to, in (0, 1]
     * @return what the update did
     */
    public PruningReport pruneAtInitialization(Model model, org.nd4j.linalg.dataset.api.iterator.DataSetIterator data,
            int batches, double targetDensity) {
        Checks.density("targetDensity", targetDensity);
        collectGradients(model, data, batches);
        return prune(model, targetDensity);
    }

    /**
     * The gradient accumulator of gradient-based criteria (sum of raw minibatch gradients since the last mask
     * update, laid out like the flat parameters).
     *
     * @return the accumulator, or empty when no criterion uses gradients
     */
    public Optional<INDArray> gradientAccumulator() {
        return Optional.ofNullable(gradAcc);
    }

    /**
     * The parameters kept for lottery-ticket rewinding.
     *
     * @return a flat copy of the parameters at the rewind iteration, or empty if none (yet)
     */
    public Optional<INDArray> rewindWeights() {
        return Optional.ofNullable(rewindSnapshot);
    }

    /**
     * Number of minibatches in the gradient accumulator (0 when no criterion uses gradients).
     *
     * @return the count since the last mask update
     */
    public long accumulatedBatches() {
        return gradBatches;
    }

    private Map<String, ParamRule> rules(double targetDensity) {
        Map<String, ParamRule> rules = new LinkedHashMap<>();
        for (Map.Entry<String, LayerPruning> e : layerSettings.entrySet()) {
            LayerPruning lp = e.getValue();
            OptionalDouble own = lp.targetDensity().isPresent()
                    ? OptionalDouble.of(layerDensity(lp.targetDensity().getAsDouble(), targetDensity,
                            config.schedule().finalDensity()))
                    : OptionalDouble.empty();
            rules.put(e.getKey(), new ParamRule(lp.criterion(), lp.minDensity(), own));
        }
        return rules;
    }

    private PruningReport measure(int round, double target, double seconds) {
        INDArray params = net.params();
        List<LayerStats> stats = new ArrayList<>();
        for (PrunableParam p : state.params()) {
            stats.add(new LayerStats(p.id(), p.layerName(), p.layerIndex(), p.paramKey(), p.length(),
                    kernels.countNonzero(MaskState.segment(params, p))));
        }
        return new PruningReport(round, net.epochCount(), target, config.scope().name(),
                config.criterion().toString(), seconds, stats, config.granularity().isStructured()
                        ? StructuredMaskUpdater.keptUnits(state.mask(), unitLayers) : List.of());
    }

    private void applyToParams() {
        applyTo(net.params());
    }

    /** Multiplies a network's (or replica's) flat parameters by the mask. */
    private void applyTo(INDArray p) {
        kernels.apply(p, p.rank() == 1 ? state.mask() : maskRow);
    }

    private void updateL1(int epoch) {
        double v = config.l1().map(s -> s.valueAt(0, epoch)).orElse(0.0);
        Checks.nonNegative("l1 (at epoch " + epoch + ")", v);
        if (v == l1Strength) {
            return;
        }
        l1Strength = v;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (v == 0.0) {
                l1Vector = null;
                return;
            }
            if (signBuf == null) {
                long n = state.mask().length();
                signBuf = Nd4j.createUninitialized(state.mask().dataType(), n);
                signRow = signBuf.reshape(1, n);
                l1Vector = Nd4j.zeros(state.mask().dataType(), n);
            }
            if (l1Vector == null) {
                l1Vector = Nd4j.zeros(state.mask().dataType(), state.mask().length());
            }
            rebuildL1Vector();
        }
        log.info("L1 strength for prunable weights from epoch {}: {}", epoch, v);
    }

    private void rebuildL1Vector() {
        l1Vector.assign(0.0);
        for (PrunableParam p : state.params()) {
            MaskState.segment(l1Vector, p).assign(l1Strength);
        }
        l1Vector.muli(state.mask());
    }

    /**
     * Masks the raw gradient before the updater (and adds the L1 term). One multiply, three more ops
     * with L1, for the whole network.
     *
     * @param model the network
     */
    @Override
    public void onGradientCalculation(Model model) {
        if (net == null) {
            bind(model);
            updateL1(net.epochCount());
        }
        if (model != net.model()) {
            replicaGradient(replicaOf(model));
            return;
        }
        INDArray g = net.flatGradients();
        if (g == null) {
            return;
        }
        if (gradAcc != null) {
            (g.rank() != 1 ? gradAccRow : gradAcc).addi(g);
            gradBatches++;
        }
        maskAndRegularize(g, net.params(), signBuf, signRow);
    }

    /**
     * Re-applies the mask to the weights after the update: every pruned weight is exactly 0.0.
     *
     * @param model the network
     * @param iteration the iteration count
     * @param epoch the epoch count
     */
    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (net == null) {
            bind(model);
        }
        if (model != net.model()) {
            Replica r = replicaOf(model);
            applyTo(r.net.params());
            long v = maskVersion;
            if (r.seenVersion != v) {
                r.net.maskUpdaterState(state.mask(), kernels);
                r.seenVersion = v;
            }
            return;
        }
        applyToParams();
        ownership.iterationDone();
        long done = (long) iteration + 1;
        if (rewindSnapshot == null && config.rewind().isPresent() && config.rewind().get().iteration() == done) {
            rewindSnapshot = net.params().dup();
        }
        if (config.schedule().decidesPerIteration()) {
            ScheduleDecision d = config.schedule().decide(new ScheduleContext(epoch, state.roundsCompleted(),
                    state.currentDensity(), done));
            if (d.updateMasks()) {
                prune(model, d.targetDensity());
            }
        }
    }

    /**
     * The calling worker's replica record (ParallelWrapper): found in a thread-local, so the per-iteration path
     * takes no lock and allocates nothing after a worker's first iteration.
     */
    private Replica replicaOf(Model model) {
        Replica r = replica.get();
        if (r == null || r.model != model) {
            NetworkAdapter a = NetworkAdapter.of(model);
            if (model.getClass() != net.model().getClass() || model.numParams() != net.model().numParams()) {
                throw new IllegalStateException("this PruningListener is bound to another network (" + net.kind()
                        + " with " + net.model().numParams() + " parameters) and was called with a "
                        + model.getClass().getSimpleName() + " with " + model.numParams() + " parameters: create "
                        + "one PruningListener per network");
            }
            r = new Replica(model, a);
            replica.set(r);
            replicasSeen.incrementAndGet();
            log.info("Masking a replica of the network on thread {} (ParallelWrapper worker)",
                    Thread.currentThread().getName());
        }
        return r;
    }

    private void replicaGradient(Replica r) {
        INDArray g = r.net.flatGradients();
        if (g == null) {
            return;
        }
        if (l1Vector != null && r.signBuf == null) {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                r.signBuf = Nd4j.createUninitialized(state.mask().dataType(), state.mask().length());
                r.signRow = r.signBuf.reshape(1, state.mask().length());
            }
        }
        maskAndRegularize(g, r.net.params(), r.signBuf, r.signRow);
    }

    /**
     * The per-iteration gradient work for the main network or a worker replica: mask, then the group-lasso and L1
     * terms of the prunable weights.
     *
     * @param g the flat gradient ({@code [n]} or {@code [1, n]})
     * @param params the same network's flat parameters
     * @param sign scratch buffer for {@code sign(w)} (rank 1; used only with L1)
     * @param signAsRow the same buffer as {@code [1, n]}
     */
    private void maskAndRegularize(INDArray g, INDArray params, INDArray sign, INDArray signAsRow) {
        boolean row = g.rank() != 1;
        kernels.apply(g, row ? maskRow : state.mask());
        if (config.groupLasso() > 0) {
            GroupLasso.addGradient(params, g, unitLayers, config.groupLasso());
        }
        if (l1Vector != null) {
            Nd4j.getExecutioner().exec(new Sign(params, sign));
            sign.muli(l1Vector);
            g.addi(row ? signAsRow : sign);
        }
    }

    /**
     * Sets the held-out data that {@code GroupScore.ABLATION} measures the loss on at every mask update (one
     * forward pass per unit).
     *
     * @param heldOut features and labels, e.g. a few thousand validation examples
     * @return this listener
     */
    public PruningListener ablationData(org.nd4j.linalg.dataset.DataSet heldOut) {
        this.ablationData = Checks.notNull("heldOut", heldOut);
        return this;
    }

    /**
     * A serializable copy of the current masks that masks any copy of the network (Spark executors): see
     * {@link MaskingListener}. Take a fresh one after every mask update.
     *
     * @return the masking listener
     * @throws IllegalStateException before the listener is bound
     */
    public MaskingListener maskingListener() {
        if (state == null) {
            throw new IllegalStateException("the PruningListener has not seen a network yet: call bind(model) first");
        }
        return new MaskingListener(state.mask());
    }

    /**
     * How many worker replicas of the network (ParallelWrapper) this listener has masked so far.
     *
     * @return the count (0 without ParallelWrapper)
     */
    public int replicasSeen() {
        return replicasSeen.get();
    }

    /**
     * Runs the schedule for the epoch about to start.
     *
     * @param model the network
     */
    @Override
    public void onEpochStart(Model model) {
        bind(model);
        step(model, net.epochCount());
    }

    /**
     * Does nothing: masks are updated at the start of the next epoch, so that a model evaluated between
     * two {@code fit} calls is the one that was trained.
     *
     * @param model the network
     */
    @Override
    public void onEpochEnd(Model model) {
        // nothing: see javadoc
    }

    @Override
    public String toString() {
        return "PruningListener(" + config + ")";
    }
}
