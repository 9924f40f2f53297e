package io.github.dl4jpruning.engine;

import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.schedule.Rewind;
import java.util.Optional;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lottery-ticket rewinding (Frankle and Carbin 2019; Frankle et al. 2020): the parameters seen after
 * {@link Rewind#iteration()} iterations are kept, and after every mask update all parameters go back to them and the
 * optimizer state is zeroed. One copy of the parameter vector, taken once.
 */
final class RewindPoint {

    private static final Logger log = LoggerFactory.getLogger(RewindPoint.class);

    private final Rewind rewind;
    private INDArray weights;

    /**
     * Creates the point and takes the copy now if the network is at the rewind iteration.
     *
     * @param rewind the policy
     * @param net the network
     */
    RewindPoint(Rewind rewind, NetworkAdapter net) {
        this.rewind = rewind;
        if (rewind.iteration() == net.iterationCount()) {
            take(net);
        } else if (rewind.iteration() < net.iterationCount()) {
            log.warn("Rewind to iteration {} asked, but the network has already trained {} iterations: its weights of "
                    + "then are gone, so mask updates will not rewind", rewind.iteration(), net.iterationCount());
        }
    }

    /**
     * Takes the copy if {@code iterationsDone} is the rewind iteration and none was taken yet.
     *
     * @param net the network
     * @param iterationsDone iterations finished
     */
    void afterIteration(NetworkAdapter net, long iterationsDone) {
        if (weights == null && rewind.iteration() == iterationsDone) {
            take(net);
        }
    }

    private void take(NetworkAdapter net) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            weights = net.params().dup();
        }
    }

    /**
     * Sets every parameter back to the kept copy and zeroes the optimizer state (a warning if no copy exists yet).
     *
     * @param net the network
     */
    void rewind(NetworkAdapter net) {
        if (weights == null) {
            log.warn("No rewind: the weights of iteration {} have not been seen yet (the network is at iteration {})",
                    rewind.iteration(), net.iterationCount());
            return;
        }
        NetworkAdapter.flat(net.params()).assign(weights);
        BaseMultiLayerUpdater<?> u = net.updater();
        if (u != null && u.getStateViewArray() != null) {
            u.getStateViewArray().assign(0.0);
        }
        log.info("Rewound all parameters to iteration {} and zeroed the optimizer state", rewind.iteration());
    }

    /**
     * The kept copy.
     *
     * @return the flat parameters at the rewind iteration (live: copy to keep), or empty if not seen yet
     */
    Optional<INDArray> weights() {
        return Optional.ofNullable(weights);
    }

    /**
     * Replaces the kept copy with saved values.
     *
     * @param saved the saved flat parameters
     * @param parameters the network's flat parameters (for the length and data type)
     * @throws IllegalArgumentException if the length differs from the network's parameter count
     */
    void restore(INDArray saved, INDArray parameters) {
        long parameterCount = parameters.length();
        if (saved.length() != parameterCount) {
            throw new IllegalArgumentException("rewind weights length (" + saved.length() + ") must equal the "
                    + "network's parameter count (" + parameterCount + ")");
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            weights = NetworkAdapter.flat(saved).castTo(parameters.dataType()).dup();
        }
    }
}
