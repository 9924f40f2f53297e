package io.github.dl4jpruning.htmlreport;

import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.MaskState;
import java.util.Objects;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Snapshots of the prunable weights' magnitudes for the report's histogram: take one before the first mask update
 * and one at the end, and pass both to {@link PruningHtmlReportBuilder#magnitudes(float[], float[])}.
 */
public final class WeightMagnitudes {

    private WeightMagnitudes() {
    }

    /**
     * Copies {@code |w|} of every prunable weight (exact zeros included) to the heap, in network order. Call it
     * between epochs, not inside the training loop.
     *
     * @param model the network the listener is bound to
     * @param listener the bound listener (it names the prunable parameters)
     * @return the magnitudes
     * @throws IllegalStateException if the listener is not bound to {@code model}
     */
    public static float[] of(Model model, PruningListener listener) {
        Objects.requireNonNull(model, "model (null) must be the network the listener is bound to");
        Objects.requireNonNull(listener, "listener (null) must be a PruningListener");
        if (!listener.isBoundTo(model)) {
            throw new IllegalStateException("listener is not bound to this model: pass the network it prunes, "
                    + "after training with it or pruning.bind(net)");
        }
        MaskState state = listener.state().orElseThrow();
        INDArray flat = model.params();
        INDArray all = Nd4j.concat(0, state.params().stream().map(p -> MaskState.segment(flat, p).dup())
                .toArray(INDArray[]::new));
        return Transforms.abs(all, false).toFloatVector();
    }
}
