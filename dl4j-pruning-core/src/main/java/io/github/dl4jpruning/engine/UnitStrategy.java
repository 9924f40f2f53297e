package io.github.dl4jpruning.engine;

import io.github.dl4jpruning.analysis.Ablation;
import io.github.dl4jpruning.config.GranularitySpec;
import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.report.UnitStats;
import io.github.dl4jpruning.graph.DependencyGroup;
import io.github.dl4jpruning.structured.GroupMaskUpdater;
import io.github.dl4jpruning.structured.GroupSelection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whole units (neurons, filters, channels; {@link GroupMaskUpdater}) of the dependency groups {@link GroupSelection}
 * finds, scored by the group score's criterion, with the group-lasso term when configured. Ablation scores are
 * measured on the held-out data given to the engine ({@link Ablation#groupLossDeltas}: each unit zeroed in every
 * layer of its group at once, as pruning it would).
 */
final class UnitStrategy implements MaskStrategy {

    private final PruningConfig config;
    private final GranularitySpec.Units units;
    private final NetworkAdapter net;
    private final List<DependencyGroup> layers;
    private final GradientRegularizer lasso;
    private volatile DataSet heldOut;

    /**
     * Finds the prunable groups.
     *
     * @param config the configuration
     * @param units the unit granularity
     * @param net the network
     * @throws IllegalArgumentException if the network has no prunable group
     */
    UnitStrategy(PruningConfig config, GranularitySpec.Units units, NetworkAdapter net) {
        this.config = config;
        this.units = units;
        this.net = net;
        this.layers = GroupSelection.of(net, units.kind());
        this.lasso = units.groupLasso() > 0 ? new GroupLassoRegularizer(layers, units.groupLasso()) : null;
    }

    /**
     * Sets the held-out data ablation scores are measured on.
     *
     * @param data features and labels
     */
    void heldOut(DataSet data) {
        this.heldOut = data;
    }

    @Override
    public List<String> update(INDArray params, MaskState state, GradientAccumulator gradients, double targetDensity) {
        DataSet data = heldOut;
        GroupMaskUpdater.update(params, gradients == null ? null : gradients.sum(),
                gradients == null ? 0 : gradients.batches(), state, layers, units.score(), config.scope(),
                config.minLayerDensity(), targetDensity, units.kind() == Granularity.CHANNEL,
                l -> data == null ? Optional.empty() : Optional.of(lossDeltas(l, data)), config.seed());
        return List.of();
    }

    private Supplier<INDArray> lossDeltas(DependencyGroup g, DataSet data) {
        return () -> Nd4j.createFromArray(Ablation.groupLossDeltas(net.model(), g, data));
    }

    @Override
    public List<UnitStats> units(INDArray mask) {
        return GroupMaskUpdater.keptUnits(mask, layers);
    }

    @Override
    public GradientRegularizer regularizer() {
        return lasso;
    }
}
