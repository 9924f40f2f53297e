package io.github.dl4jpruning.engine;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.internal.Checks;
import io.github.dl4jpruning.kernels.Kernels;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.ParamDiscovery;
import io.github.dl4jpruning.nn.layers.MaskOwnership;
import io.github.dl4jpruning.nn.layers.PrunedLayerImpl;
import io.github.dl4jpruning.registry.PrunableLayerRegistry;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.ScheduleContext;
import io.github.dl4jpruning.schedule.ScheduleDecision;
import io.github.dl4jpruning.spi.MaskKernels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pruning engine of one network: bound to it at construction ({@link #bind}), it owns the mask state, the mask
 * kernels, the one {@link MaskStrategy} of the configured granularity, the gradient terms (L1, group lasso), the
 * gradient accumulator, the rewind point and the replica masking, and does the work a {@code PruningListener}'s
 * hooks ask for.
 *
 * <p>Per iteration (fixed cost: one or two element-wise multiplies for the whole network, three more with L1,
 * whatever its depth; nothing allocated, nothing copied to the Java heap): {@link #onGradient} masks the flat
 * gradient before the updater and adds the regularizers' terms; {@link #afterIteration} multiplies the flat
 * parameters by the mask, only after binding and after mask changes when the {@link ParamMaskDecision} taken at bind
 * proves the multiply a no-op for the network's updaters ({@link #paramMasking}). Per
 * mask update ({@link #prune}, or {@link #step} when the schedule says so): the strategy rewrites the mask, then the
 * parameters and the optimizer state are masked, so momentum cannot revive a pruned weight.
 *
 * <p>Call order: {@link #bind} once, then any number of the other calls with the bound network (or, for the two
 * per-iteration hooks, a ParallelWrapper replica of it). Threads: mask updates ({@link #prune}, {@link #step}),
 * {@link #report}, {@link #checkpoint} and {@link #restore} may be called from any thread, also while another thread
 * trains the network: they are serialized with the main network's per-iteration hooks, and an update that lands while
 * the updater runs is followed by masking the optimizer state again at the end of that iteration, so pruned weights
 * and their optimizer state stay exactly zero once that iteration ends. A report taken during training (also the one
 * a mask update returns) may count a weight of the iteration in flight.
 */
public final class PruningEngine {

    private static final Logger log = LoggerFactory.getLogger(PruningEngine.class);

    private final PruningConfig config;
    private final NetworkAdapter net;
    private final MaskState state;
    private final MaskKernels kernels;
    private final MaskStrategy strategy;
    private final MaskOwnership ownership = new MaskOwnership();
    private final L1Regularizer l1;
    private final GradientAccumulator gradients;
    private final RewindPoint rewind;
    private final IterationMasking masking;
    private volatile long maskVersion;
    private List<PrunedLayerImpl> wrapped = List.of();

    private PruningEngine(PruningConfig config, NetworkAdapter net, MaskState state, MaskKernels kernels,
            MaskStrategy strategy, boolean needsGradients) {
        this.config = config;
        this.net = net;
        this.state = state;
        this.kernels = kernels;
        this.strategy = strategy;
        this.l1 = new L1Regularizer(config.l1(), state);
        this.masking = new IterationMasking(net, state, kernels, strategy.regularizer(), l1, Thread.currentThread(),
                ParamMaskDecision.decide(net, state.params(), config.paramMasking()));
        this.gradients = needsGradients ? new GradientAccumulator(state.mask().length(), state.mask().dataType())
                : null;
        this.rewind = config.rewind().map(r -> new RewindPoint(r, net)).orElse(null);
    }

    /**
     * Binds an engine to a network: finds the prunable parameters, checks that the configuration fits the network,
     * then (only once every check passed) builds the masks from the weights that are exactly zero now (none in a
     * fresh network, the pruned ones in a loaded pruned model) and takes the masking of {@code PrunedLayer} wrappers
     * over.
     *
     * @param model an initialized MultiLayerNetwork or ComputationGraph
     * @param config the configuration
     * @param registry which layer types are prunable
     * @return the bound engine
     * @throws IllegalArgumentException if the model type, the layer selection or a setting does not fit the network
     * @throws IllegalStateException if the network has not been initialized
     */
    public static PruningEngine bind(Model model, PruningConfig config, PrunableLayerRegistry registry) {
        NetworkAdapter adapter = NetworkAdapter.of(model);
        ParamDiscovery.Discovered found = ParamDiscovery.discover(adapter, registry, config.layers(),
                config.layerSettings());
        BindChecks.check(adapter, config, found);
        MaskStrategy strategy = MaskStrategy.of(config, found.settings(), adapter);
        boolean needsGradients = BindChecks.needsGradients(config, found);
        MaskKernels k = Kernels.masks();
        MaskState s = InitialMasks.fromZeros(adapter, found, k);
        PruningEngine e = new PruningEngine(config, adapter, s, k, strategy, needsGradients);
        e.l1.startEpoch(adapter.epochCount());      // may refuse the schedule's strength: before any hand-over
        e.delegateWrappers(found.wrapped());
        log.info("Pruning {} parameters of a {} ({} weights, {} mask kernels): {}", s.params().size(), adapter.kind(),
                s.prunableCount(), k.name(), config);
        log.info("Parameter mask after the update: {} ({})", e.paramMasking().everyIteration() ? "every iteration"
                : "skipped after the first iteration following each mask change", e.paramMasking().reason());
        return e;
    }

    /**
     * Hands the masking of {@code PrunedLayer} wrappers back to them, for an engine that is discarded (a one-shot
     * {@code Pruning.prune} without a listener): they mask on their own again, with this engine's masks.
     */
    public synchronized void release() {
        wrapped.forEach(PrunedLayerImpl::reclaimMasking);
    }

    private void delegateWrappers(Map<PrunedLayerImpl, List<PrunableParam>> wrapped) {
        this.wrapped = List.copyOf(wrapped.keySet());
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (Map.Entry<PrunedLayerImpl, List<PrunableParam>> e : wrapped.entrySet()) {
                Map<String, INDArray> views = new LinkedHashMap<>();
                for (PrunableParam p : e.getValue()) {
                    views.put(p.paramKey(), state.maskOf(p));
                }
                e.getKey().delegateMasking(views, ownership);
            }
        }
    }

    /** @return the configuration */
    public PruningConfig config() {
        return config;
    }

    /** @return the network the engine is bound to */
    public Model model() {
        return net.model();
    }

    /** @return the mask state (masks, rounds, density, history) */
    public MaskState state() {
        return state;
    }

    /** @return the L1 strength in force for prunable weights (0 when L1 is off) */
    public double currentL1() {
        return l1.strength();
    }

    /** @return whether the parameters are multiplied by the mask after every update, as decided at bind, and why */
    public ParamMaskDecision paramMasking() {
        return masking.decision();
    }

    /** @return how many ParallelWrapper replicas of the network have been masked so far */
    public int replicasSeen() {
        return masking.replicasSeen();
    }

    /**
     * Sets the held-out data that {@code GroupScore.ABLATION} measures loss deltas on at every mask update.
     *
     * @param heldOut features and labels
     */
    public void ablationData(DataSet heldOut) {
        if (strategy instanceof UnitStrategy u) {
            u.heldOut(Checks.notNull("heldOut", heldOut));
        }
    }

    /**
     * Masks the raw gradient before the updater and adds the regularizers' terms: the main network's gradient is
     * also added to the accumulator of gradient-based criteria.
     *
     * @param model the bound network or a ParallelWrapper replica of it
     */
    public void onGradient(Model model) {
        if (model != net.model()) {
            masking.replicaGradient(model);
            return;
        }
        synchronized (this) {
            masking.mainGradient(gradients);
        }
    }

    /**
     * Multiplies the parameters by the mask after the update (every pruned weight is exactly 0.0; skipped where
     * {@link #paramMasking} proves they already are), takes the rewind
     * copy at its iteration and asks a per-iteration schedule whether to prune.
     *
     * @param model the bound network or a ParallelWrapper replica of it
     * @param iteration DL4J's iteration count
     * @param epoch DL4J's epoch count
     */
    public void afterIteration(Model model, int iteration, int epoch) {
        if (model != net.model()) {
            masking.replicaAfterIteration(model, maskVersion);
            return;
        }
        synchronized (this) {
            masking.mainAfterIteration();  // after a mask change (maybe from another thread): params and state
        }
        ownership.iterationDone();
        long done = (long) iteration + 1;
        if (rewind != null) {
            rewind.afterIteration(net, done);
        }
        if (config.schedule().decidesPerIteration()) {
            ScheduleDecision d = config.schedule().decide(new ScheduleContext(epoch, state.roundsCompleted(),
                    state.currentDensity(), done));
            if (d.updateMasks()) {
                prune(d.targetDensity());
            }
        }
    }

    /**
     * Asks the schedule what to do after {@code epochsCompleted} epochs and does it; reads the L1 strength of the
     * epoch.
     *
     * @param epochsCompleted number of finished epochs
     * @return the report if the masks were recomputed
     */
    public synchronized Optional<PruningReport> step(int epochsCompleted) {
        l1.startEpoch(epochsCompleted);
        ScheduleDecision d = config.schedule().decide(new ScheduleContext(epochsCompleted, state.roundsCompleted(),
                state.currentDensity(), net.iterationCount()));
        return d.updateMasks() ? Optional.of(prune(d.targetDensity())) : Optional.empty();
    }

    /**
     * Runs the schedule for the epoch about to start ({@link #step} with the network's epoch count).
     *
     * @return the report if the masks were recomputed
     */
    public Optional<PruningReport> onEpochStart() {
        return step(net.epochCount());
    }

    /**
     * Recomputes the masks for a target density, applies them to the weights and zeroes the optimizer state at
     * pruned positions; rewinds when configured.
     *
     * @param targetDensity share of prunable weights (units, for unit granularities) to keep, in (0, 1]
     * @return what the update did
     * @throws IllegalArgumentException if the density is out of range or a prunable weight is NaN or infinite
     */
    public synchronized PruningReport prune(double targetDensity) {
        Checks.density("targetDensity", targetDensity);
        long t0 = System.nanoTime();
        INDArray params = net.params();
        net.requireFinite();
        double target = Math.min(targetDensity, state.currentDensity());
        if (target < targetDensity) {
            log.info("Target density {} is above the current density {}: weights are never revived, the masks stay "
                    + "as they are", targetDensity, state.currentDensity());
        }
        List<String> floorEngaged = updateMasks(params, target);
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (gradients != null) {
                gradients.reset();
            }
            if (rewind != null) {
                rewind.rewind(net);
            }
            masking.applyTo(net.params());
            net.maskUpdaterState(state.mask(), kernels);
            l1.maskChanged(state.mask());
        }
        kernels.maskChanged(state.mask());
        masking.maskChanged();
        maskVersion++;
        double seconds = (System.nanoTime() - t0) / 1e9;
        PruningReport report = measure(state.roundsCompleted() + 1, target, seconds);
        state.recordRound(report);
        log.info("{} ({}s){}", report.summary(), String.format(Locale.ROOT, "%.3f", seconds),
                floorEngaged.isEmpty() ? "" : "; floor engaged for " + floorEngaged);
        return report;
    }

    /**
     * Runs the strategy all-or-nothing: on any failure the mask is put back as it was; on success it is multiplied by
     * the old mask, so that no update ever revives a weight.
     */
    private List<String> updateMasks(INDArray params, double target) {
        INDArray before;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            before = state.mask().dup();
        }
        try {
            List<String> floorEngaged = strategy.update(params, state, gradients, target);
            kernels.apply(state.mask(), before);
            return floorEngaged;
        } catch (RuntimeException e) {
            state.mask().assign(before);
            throw e;
        }
    }

    /**
     * Counts the current non-zero weights without changing anything.
     *
     * @return a report with round = rounds completed so far
     */
    public synchronized PruningReport report() {
        return measure(state.roundsCompleted(), state.currentDensity(), 0.0);
    }

    private PruningReport measure(int round, double target, double seconds) {
        return Measurement.report(net, state, kernels, round, target, config, seconds, strategy.units(state.mask()));
    }

    /**
     * Adds the raw gradients of up to {@code batches} minibatches to the accumulator, without training.
     *
     * @param data minibatches; read from its current position
     * @param batches how many minibatches to use, {@code >= 1}
     * @return the number used
     * @throws IllegalArgumentException if {@code batches < 1} or {@code data} has no minibatch
     * @throws IllegalStateException if no criterion of this configuration uses gradients
     */
    public synchronized int collectGradients(DataSetIterator data, int batches) {
        Checks.atLeast("batches", batches, 1);
        if (gradients == null) {
            throw new IllegalStateException("criterion " + config.criterion() + " does not use gradients: "
                    + "collecting them is pointless; use a gradient-based criterion such as TaylorCriterion or "
                    + "SnipCriterion");
        }
        return gradients.collect(net, data, batches);
    }

    /**
     * Exports everything needed to continue this run later (copies, independent of the engine).
     *
     * @return the checkpoint
     */
    public synchronized PruningCheckpoint checkpoint() {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return new PruningCheckpoint(config, state.params(), state.mask().dup(), state.roundsCompleted(),
                    state.currentDensity(), state.history(),
                    Optional.ofNullable(gradients).map(a -> a.sum().dup()),
                    gradients == null ? 0 : gradients.batches(),
                    Optional.ofNullable(rewind).flatMap(RewindPoint::weights).map(INDArray::dup));
        }
    }

    /**
     * Installs a checkpoint instead of the masks derived from the weights' zeros; the masks are multiplied into the
     * weights. Every array is checked before anything changes.
     *
     * @param c the checkpoint (of a run with this engine's parameter layout)
     * @throws IllegalArgumentException if an array does not fit the network, or the checkpoint holds gradients
     *         although this configuration accumulates none
     */
    public synchronized void restore(PruningCheckpoint c) {
        long n = state.mask().length();
        if (c.mask().length() != n) {
            throw new IllegalArgumentException("mask length (" + c.mask().length() + ") must equal the network's "
                    + "parameter count (" + n + ")");
        }
        if (c.gradients().isPresent() && (gradients == null || c.gradients().get().length() != n)) {
            throw new IllegalArgumentException("gradient accumulator length (" + c.gradients().get().length() + ") "
                    + "must equal the network's parameter count (" + n + ") and the criterion must use gradients ("
                    + config.criterion() + ")");
        }
        if (c.rewindWeights().isPresent() && c.rewindWeights().get().length() != n) {
            throw new IllegalArgumentException("rewind weights length (" + c.rewindWeights().get().length() + ") must "
                    + "equal the network's parameter count (" + n + ")");
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            c.gradients().ifPresent(g -> gradients.restore(g, c.gradientBatches()));
            if (rewind != null) {
                c.rewindWeights().ifPresent(w -> rewind.restore(w, net.params()));
            }
            state.restore(c.roundsCompleted(), c.currentDensity(), c.history());
            state.mask().assign(NetworkAdapter.flat(c.mask()).castTo(state.mask().dataType()));
            kernels.maskChanged(state.mask());
            l1.maskChanged(state.mask());
            masking.maskChanged();
            maskVersion++;
            masking.applyTo(net.params());
        }
    }
}
