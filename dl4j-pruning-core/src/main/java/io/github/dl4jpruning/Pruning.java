package io.github.dl4jpruning;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.engine.Measurement;
import io.github.dl4jpruning.engine.PruningEngine;
import io.github.dl4jpruning.registry.PrunableLayerRegistry;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.persist.PrunedModels;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.structured.Thinning;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.TrainingListener;

/**
 * Entry points for the common cases.
 *
 * <pre>{@code
 * PruningListener pruning = Pruning.attach(net, PruningConfig.builder()
 *         .schedule(new IterativeSchedule(5, 0.5, 1, 0.02)).build());
 * net.fit(trainIterator, 11);                 // 5 dense epochs, then 6 rounds of prune + fine-tune
 * System.out.println(pruning.report(net).summary());
 * }</pre>
 */
public final class Pruning {

    private Pruning() {
    }

    /**
     * Creates a listener for {@code config}, binds it to the network (so that configuration errors
     * surface now) and adds it to the network's listeners.
     *
     * @param model an initialized MultiLayerNetwork or ComputationGraph
     * @param config the pruning configuration
     * @return the attached listener
     * @throws IllegalArgumentException if the model type or layer selection is invalid
     */
    public static PruningListener attach(Model model, PruningConfig config) {
        PruningListener listener = new PruningListener(config);
        listener.bind(model);
        NetworkAdapter.of(model).addListener(listener);
        return listener;
    }

    /**
     * Prunes a trained network once (after training), globally by magnitude: the pruned weights become exactly zero.
     * If a {@link PruningListener} is attached to the network, the update goes through it (so its masks keep the new
     * zeros during further training); otherwise keep training with a listener and a {@link ConstantSchedule} to keep
     * them zero. Weights that are already zero are never revived.
     *
     * @param model an initialized MultiLayerNetwork or ComputationGraph
     * @param targetDensity share of prunable weights to keep, in (0, 1]
     * @return what was pruned
     * @throws IllegalArgumentException if the density is out of range, the model type is unsupported or a parameter
     *         is NaN
     */
    public static PruningReport prune(Model model, double targetDensity) {
        for (TrainingListener t : NetworkAdapter.of(model).listeners()) {
            if (t instanceof PruningListener attached && (attached.state().isEmpty() || attached.isBoundTo(model))) {
                return attached.prune(model, targetDensity);
            }
        }
        NetworkAdapter.of(model).requireFinite();         // before anything is bound
        PruningEngine once = PruningEngine.bind(model, PruningConfig.builder().schedule(new ConstantSchedule()).build(),
                PrunableLayerRegistry.defaults());
        try {
            return once.prune(targetDensity);
        } finally {
            once.release();
        }
    }

    /**
     * Counts the non-zero prunable weights of a network (default registry, all prunable layers), without changing or
     * binding anything.
     *
     * @param model an initialized MultiLayerNetwork or ComputationGraph
     * @return the counts, as a round-0 report
     */
    public static PruningReport measure(Model model) {
        return Measurement.of(model);
    }

    /**
     * Returns a plain DL4J copy of a pruned network for deployment: no {@code PrunedLayer} wrappers, same
     * parameters and outputs (see {@link PrunedModels#strip(Model)}).
     *
     * @param model an initialized MultiLayerNetwork or ComputationGraph
     * @param <M> the network type
     * @return a new network of the same type
     */
    @SuppressWarnings("unchecked")
    public static <M extends Model> M strip(M model) {
        return (M) PrunedModels.strip(model);
    }

    /**
     * Physically removes the units (neurons, filters) that structured pruning cut off: a new, smaller network of
     * the same type with identical outputs (see {@link Thinning}).
     *
     * @param model an initialized MultiLayerNetwork or ComputationGraph
     * @param <M> the network type
     * @return the thinned network
     */
    public static <M extends Model> M thin(M model) {
        return Thinning.thin(model);
    }
}
