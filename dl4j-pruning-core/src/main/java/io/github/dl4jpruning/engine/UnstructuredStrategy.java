package io.github.dl4jpruning.engine;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.mask.MaskUpdater;
import io.github.dl4jpruning.mask.ParamRule;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Single weights ({@link MaskUpdater}): the configuration's criterion, scope and floor, with per-layer overrides
 * (criterion, floor, own final density followed geometrically along the schedule, {@link ParamRule#layerDensity}).
 */
final class UnstructuredStrategy implements MaskStrategy {

    private final PruningConfig config;
    private final Map<String, LayerPruning> settings;

    /**
     * Creates the strategy.
     *
     * @param config the configuration
     * @param settings per-layer settings by parameter id
     */
    UnstructuredStrategy(PruningConfig config, Map<String, LayerPruning> settings) {
        this.config = config;
        this.settings = Map.copyOf(settings);
    }

    @Override
    public List<String> update(INDArray params, MaskState state, GradientAccumulator gradients, double targetDensity) {
        return MaskUpdater.update(params, gradients == null ? null : gradients.sum(),
                gradients == null ? 0 : gradients.batches(), state, config.criterion(), config.scope(),
                config.minLayerDensity(), targetDensity, rules(targetDensity), config.seed()).floorEngaged();
    }

    private Map<String, ParamRule> rules(double targetDensity) {
        Map<String, ParamRule> rules = new LinkedHashMap<>();
        for (Map.Entry<String, LayerPruning> e : settings.entrySet()) {
            LayerPruning lp = e.getValue();
            OptionalDouble own = lp.targetDensity().isPresent()
                    ? OptionalDouble.of(ParamRule.layerDensity(lp.targetDensity().getAsDouble(), targetDensity,
                            config.schedule().finalDensity()))
                    : OptionalDouble.empty();
            rules.put(e.getKey(), new ParamRule(lp.criterion(), lp.minDensity(), own));
        }
        return rules;
    }
}
