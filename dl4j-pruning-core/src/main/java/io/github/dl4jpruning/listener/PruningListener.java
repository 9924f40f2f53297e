package io.github.dl4jpruning.listener;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.engine.ParamMaskDecision;
import io.github.dl4jpruning.engine.PruningCheckpoint;
import io.github.dl4jpruning.engine.PruningEngine;
import io.github.dl4jpruning.internal.Checks;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.registry.PrunableLayerRegistry;
import io.github.dl4jpruning.report.PruningReport;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Prunes a {@code MultiLayerNetwork} or {@code ComputationGraph} while it trains: DL4J's hooks, handed to one
 * {@link PruningEngine} bound to the network.
 *
 * <p>Per iteration (two element-wise multiplies for the whole network, three more with L1; no allocation, nothing
 * copied to the Java heap): {@link #onGradientCalculation} masks the flat gradient before the updater runs (and adds
 * the L1 and group-lasso terms); {@link #iterationDone} multiplies the flat parameters by the mask, so every pruned
 * weight is exactly 0.0 after every iteration. {@link #onEpochStart} asks the schedule whether to recompute the masks
 * (DL4J fires epoch events only for {@code fit(DataSetIterator)}: with {@code fit(DataSet)} or your own loop call
 * {@link #step} or {@link #prune}). A mask update also zeroes the optimizer state at pruned positions, so momentum
 * cannot revive them. Layers wrapped in {@code PrunedLayer} (or named in {@code PruningConfig.layer(name, ...)}) are
 * pruned with their own settings; the engine takes their masking over.
 *
 * <p>Call order: construct, add to the network ({@code net.addListeners(listener)} or {@code Pruning.attach}), then
 * {@code fit}. The listener binds to the first network it sees (or to the one given to {@link #bind}); masks start
 * from the weights that are exactly zero then. One listener serves one network.
 *
 * <p>Threads: mask updates, reports and checkpoints may be made from another thread while the network trains (see
 * {@link PruningEngine} for what that guarantees). ParallelWrapper: {@link #bind} the main network, then
 * {@code wrapper.setListeners(listener)}: every worker's replica is masked with the same mask; call
 * {@link #step} between {@code wrapper.fit(...)} calls (ParallelWrapper fires no epoch events).
 */
public final class PruningListener extends BaseTrainingListener {

    private final PruningConfig config;
    private final PrunableLayerRegistry registry;
    private DataSet ablationData;
    private volatile PruningEngine engine;

    /** @param config the pruning configuration (default layer registry) */
    public PruningListener(PruningConfig config) {
        this(config, PrunableLayerRegistry.defaults());
    }

    /**
     * @param config the pruning configuration
     * @param registry which layer types are prunable
     */
    public PruningListener(PruningConfig config, PrunableLayerRegistry registry) {
        this.config = Checks.notNull("config", config);
        this.registry = Checks.notNull("registry", registry);
    }

    /** @return the configuration */
    public PruningConfig config() {
        return config;
    }

    /**
     * Binds the listener to a network now (it otherwise binds on the first hook), so that configuration errors such
     * as unknown layer names surface before training.
     *
     * @param model a MultiLayerNetwork or ComputationGraph, initialized
     * @return the mask state
     * @throws IllegalArgumentException if the model type or layer selection is invalid
     * @throws IllegalStateException if the listener is bound to another network
     */
    public MaskState bind(Model model) {
        return engine(model).state();
    }

    private PruningEngine engine(Model model) {
        PruningEngine e = engine;
        if (e == null) {
            synchronized (this) {
                if (engine == null) {
                    engine = PruningEngine.bind(model, config, registry);
                    if (ablationData != null) {
                        engine.ablationData(ablationData);
                    }
                }
                e = engine;
            }
        }
        if (e.model() != model) {
            throw new IllegalStateException("this PruningListener is bound to another network: create one "
                    + "PruningListener per network");
        }
        return e;
    }

    /**
     * Binds to a network and installs a checkpoint (saved masks, schedule position, history, gradient accumulator,
     * rewind weights) instead of deriving the masks from the weights' zeros. Used by {@code PrunedModels.load}.
     *
     * @param model the restored network
     * @param checkpoint the saved pruning state
     * @return the state
     * @throws IllegalArgumentException if the checkpoint does not fit the network
     * @throws IllegalStateException if the listener is bound to another network
     */
    public MaskState restore(Model model, PruningCheckpoint checkpoint) {
        PruningEngine e = engine(model);
        e.restore(Checks.notNull("checkpoint", checkpoint));
        return e.state();
    }

    /**
     * @return everything needed to continue this run later (masks, schedule position, history, gradient accumulator,
     *         rewind weights; copies)
     * @throws IllegalStateException before the listener is bound
     */
    public PruningCheckpoint checkpoint() {
        return bound().checkpoint();
    }

    private PruningEngine bound() {
        PruningEngine e = engine;
        if (e == null) {
            throw new IllegalStateException("the PruningListener has not seen a network yet: call bind(model) first");
        }
        return e;
    }

    /**
     * @param model a network
     * @return true if this listener is bound to {@code model}
     */
    public boolean isBoundTo(Model model) {
        PruningEngine e = engine;
        return e != null && e.model() == model;
    }

    /** @return the mask state, or empty before the listener has seen its network */
    public Optional<MaskState> state() {
        return Optional.ofNullable(engine).map(PruningEngine::state);
    }

    /** @return the L1 strength in force for prunable weights (0 when L1 is off or before binding) */
    public double currentL1() {
        PruningEngine e = engine;
        return e == null ? 0.0 : e.currentL1();
    }

    /**
     * Asks the schedule what to do after {@code epochsCompleted} epochs and does it; updates the L1 strength for the
     * epoch. Called by {@link #onEpochStart}; call it yourself at epoch boundaries when training with
     * {@code fit(DataSet)} or your own loop.
     *
     * @param model the network
     * @param epochsCompleted number of finished epochs
     * @return the report if the masks were recomputed
     */
    public Optional<PruningReport> step(Model model, int epochsCompleted) {
        return engine(model).step(epochsCompleted);
    }

    /**
     * Recomputes the masks now for a target density, applies them to the weights and zeroes the optimizer state at
     * pruned positions.
     *
     * @param model the network
     * @param targetDensity share of prunable weights to keep, in (0, 1]
     * @return what the update did
     * @throws IllegalArgumentException if the density is out of range or a prunable weight is NaN
     */
    public PruningReport prune(Model model, double targetDensity) {
        Checks.density("targetDensity", targetDensity);
        return engine(model).prune(targetDensity);
    }

    /**
     * @param model the network
     * @return the current non-zero counts (round = rounds completed so far), without changing anything
     */
    public PruningReport report(Model model) {
        return engine(model).report();
    }

    /**
     * Adds the raw gradients of up to {@code batches} minibatches to the accumulator that gradient-based criteria
     * read at the next mask update, without training. Use it before {@link #prune} to prune at initialization (SNIP)
     * or after training outside {@code fit}.
     *
     * @param model the network
     * @param data minibatches (features and labels); read from its current position, not reset
     * @param batches how many minibatches to use, {@code >= 1}
     * @return the number of minibatches used (fewer if {@code data} ran out)
     * @throws IllegalArgumentException if {@code batches < 1} or {@code data} has no minibatch
     * @throws IllegalStateException if no criterion of this configuration uses gradients
     */
    public int collectGradients(Model model, DataSetIterator data, int batches) {
        Checks.atLeast("batches", batches, 1);
        return engine(model).collectGradients(data, batches);
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
    public PruningReport pruneAtInitialization(Model model, DataSetIterator data, int batches,
            double targetDensity) {
        Checks.density("targetDensity", targetDensity);
        collectGradients(model, data, batches);
        return prune(model, targetDensity);
    }

    /**
     * @param heldOut the data {@code GroupScore.ABLATION} measures loss deltas on at every mask update (one forward
     *        pass per unit), e.g. a few thousand validation examples
     * @return this listener
     */
    public synchronized PruningListener ablationData(DataSet heldOut) {
        this.ablationData = Checks.notNull("heldOut", heldOut);
        if (engine != null) {
            engine.ablationData(heldOut);
        }
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
        return new MaskingListener(bound().state().mask());
    }

    /**
     * Whether the parameters are multiplied by the mask after every update, as decided when the listener bound its
     * network ({@link io.github.dl4jpruning.config.ParamMasking}).
     *
     * @return the decision and its reason, or empty before the listener has seen its network
     */
    public Optional<ParamMaskDecision> paramMasking() {
        return Optional.ofNullable(engine).map(PruningEngine::paramMasking);
    }

    /** @return how many worker replicas of the network (ParallelWrapper) this listener has masked so far */
    public int replicasSeen() {
        PruningEngine e = engine;
        return e == null ? 0 : e.replicasSeen();
    }

    /** @param model the network or a ParallelWrapper replica of it: its gradient is masked before the updater */
    @Override
    public void onGradientCalculation(Model model) {
        PruningEngine e = engine;
        (e == null ? engine(model) : e).onGradient(model);
    }

    /**
     * Re-applies the mask to the weights after the update (skipped where {@link #paramMasking()} proves it a no-op):
     * every pruned weight is exactly 0.0.
     *
     * @param model the network or a ParallelWrapper replica of it
     * @param iteration the iteration count
     * @param epoch the epoch count
     */
    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        PruningEngine e = engine;
        (e == null ? engine(model) : e).afterIteration(model, iteration, epoch);
    }

    /** @param model the network: the schedule runs for the epoch about to start */
    @Override
    public void onEpochStart(Model model) {
        engine(model).onEpochStart();
    }

    /** Does nothing: masks change at the next epoch start, so a model evaluated between fits is the one trained. */
    @Override
    public void onEpochEnd(Model model) {
        // nothing: see javadoc
    }

    @Override
    public String toString() {
        return "PruningListener(" + config + ")";
    }
}
