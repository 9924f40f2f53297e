package io.github.dl4jpruning.engine;

import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.mask.MaskUpdater;
import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.network.ParamDiscovery;
import io.github.dl4jpruning.nn.layers.PrunedLayerImpl;
import io.github.dl4jpruning.spi.MaskKernels;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The masks an engine starts from: 0 where a prunable weight is exactly zero when the engine binds (none in a fresh
 * network, the pruned ones in a loaded pruned model), after the masks that {@code PrunedLayer} wrappers kept on their
 * own have been applied; the measured density becomes the state's current density. A tensor whose weights are
 * <em>all</em> zero is the exception: it was initialised that way ({@code WeightInit.ZERO}), since pruning always
 * keeps at least one weight per tensor, so its mask starts open and the layer trains.
 */
final class InitialMasks {

    private static final Logger log = LoggerFactory.getLogger(InitialMasks.class);

    private InitialMasks() {
    }

    /**
     * Builds the initial mask state.
     *
     * @param net the network
     * @param found the prunable parameters and wrapped layers
     * @param k the mask kernels (they allocate the mask on the parameters' device)
     * @return the state
     */
    static MaskState fromZeros(NetworkAdapter net, ParamDiscovery.Discovered found, MaskKernels k) {
        INDArray flat = net.params();
        MaskState s = MaskState.wrap(found.params(), k.allocateMask(NetworkAdapter.flat(flat)));
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (PrunedLayerImpl w : found.wrapped().keySet()) {
                w.applyMasks();     // masks the wrapper kept on its own become zeros, hence flat-mask zeros
            }
            long kept = 0;
            for (PrunableParam p : s.params()) {
                long nonzero = MaskUpdater.nonzeroCount(flat, p);
                if (nonzero == 0) {
                    // an all-zero tensor was initialised that way (WeightInit.ZERO), not pruned: pruning always keeps
                    // at least one weight per tensor; masking it would freeze the layer forever
                    log.warn("{} is all zeros (zero initialisation?): its mask starts open so that it can train",
                            p.id());
                    kept += p.length();
                    continue;
                }
                MaskState.segment(s.mask(), p).assign(MaskState.segment(flat, p).neq(0.0).castTo(flat.dataType()));
                kept += nonzero;
            }
            if (kept < s.prunableCount()) {
                s.setCurrentDensity(Math.max(Double.MIN_VALUE, (double) kept / s.prunableCount()));
                log.info("Masks initialised from existing zeros: density {} ({} of {} prunable weights are non-zero)",
                        s.currentDensity(), kept, s.prunableCount());
            }
        }
        return s;
    }

}
