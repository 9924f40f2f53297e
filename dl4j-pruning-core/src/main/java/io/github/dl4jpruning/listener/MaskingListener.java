package io.github.dl4jpruning.listener;

import io.github.dl4jpruning.internal.Checks;
import io.github.dl4jpruning.network.NetworkAdapter;
import java.io.Serializable;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A serializable, decision-free copy of a {@link PruningListener}'s masks, for training that runs on copies of the
 * network elsewhere (Spark executors, which receive listeners by serialization): it masks the gradients before the
 * updater and the parameters after every iteration of whatever network copy calls it, and zeroes that copy's
 * optimizer state at pruned positions on its first iteration. It never changes the masks: prune on the driver
 * with the {@code PruningListener} between {@code fit} calls and hand the executors a fresh
 * {@link PruningListener#maskingListener()}.
 *
 * <p>Thread-confined per network copy, like DL4J's listeners on executors. Only the gradient and iteration hooks
 * act; the others are DL4J's no-ops.
 */
public final class MaskingListener extends BaseTrainingListener implements Serializable {

    private static final long serialVersionUID = 1L;

    private final INDArray mask;
    private transient Model seen;
    private transient INDArray maskRow;

    /**
     * Creates the listener.
     *
     * @param mask the flat 0/1 mask over the network's parameter vector (copied)
     */
    public MaskingListener(INDArray mask) {
        this.mask = NetworkAdapter.flat(Checks.notNull("mask", mask)).dup();
    }

    /**
     * The mask this listener applies.
     *
     * @return the flat mask
     */
    public INDArray mask() {
        return mask;
    }

    private NetworkAdapter check(Model model) {
        NetworkAdapter a = NetworkAdapter.of(model);
        if (model.numParams() != mask.length()) {
            throw new IllegalStateException("mask length (" + mask.length() + ") must equal the network's parameter "
                    + "count (" + model.numParams() + "): this MaskingListener belongs to another network");
        }
        if (seen != model) {
            seen = model;
            maskRow = mask.reshape(1, mask.length());
            a.maskUpdaterState(mask);
        }
        return a;
    }

    @Override
    public void onGradientCalculation(Model model) {
        INDArray g = check(model).flatGradients();
        if (g != null) {
            g.muli(g.rank() == 1 ? mask : maskRow);
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        INDArray p = check(model).params();
        p.muli(p.rank() == 1 ? mask : maskRow);
    }
}
