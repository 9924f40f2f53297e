package io.github.dl4jpruning.engine;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.mask.PatternMaskUpdater;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code b x b} tiles of the 2-D weight matrices ({@link PatternMaskUpdater#blocks}), scope and floor of the config. */
final class BlockStrategy implements MaskStrategy {

    private final PruningConfig config;
    private final int size;

    /**
     * Creates the strategy.
     *
     * @param config the configuration
     * @param size the tile size
     */
    BlockStrategy(PruningConfig config, int size) {
        this.config = config;
        this.size = size;
    }

    @Override
    public List<String> update(INDArray params, MaskState state, GradientAccumulator gradients, double targetDensity) {
        PatternMaskUpdater.blocks(params, state, size, config.scope(), config.minLayerDensity(), targetDensity);
        return List.of();
    }
}
