package io.github.dl4jpruning.htmlreport;

import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.mask.PrunableParam;
import java.util.Arrays;
import java.util.Objects;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The first layer's kept connections per input: for every input {@code i}, how many of the layer's output units
 * still read it (the sum of the mask over the outputs). For an image model this is a picture of which pixels the
 * pruned network still looks at; the report draws it as a grey-scale image (black: no connection left, white:
 * the most connected input).
 *
 * @param paramId the parameter it was read from, e.g. {@code layer0_W}
 * @param outputs the layer's number of output units (the largest possible count)
 * @param keptPerInput kept connections per input, in input order
 */
public record InputConnections(String paramId, int outputs, int[] keptPerInput) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if there is no input, {@code outputs < 1}, or a count is outside
     *     [0, outputs]
     */
    public InputConnections {
        Objects.requireNonNull(paramId, "paramId (null) must be a parameter id such as layer0_W");
        if (outputs < 1) {
            throw new IllegalArgumentException("outputs (" + outputs + ") must be >= 1");
        }
        if (keptPerInput == null || keptPerInput.length == 0) {
            throw new IllegalArgumentException("keptPerInput (" + (keptPerInput == null ? "null" : "[]")
                    + ") must hold one count per input");
        }
        keptPerInput = keptPerInput.clone();
        for (int i = 0; i < keptPerInput.length; i++) {
            if (keptPerInput[i] < 0 || keptPerInput[i] > outputs) {
                throw new IllegalArgumentException("keptPerInput[" + i + "] (" + keptPerInput[i] + ") must be in [0, "
                        + outputs + "] (the layer's output units)");
            }
        }
    }

    /**
     * Reads the mask of the network's first prunable parameter (in network order), which must be a Dense-style
     * weight matrix of shape {@code [inputs, outputs]}. Call it after training, not inside the training loop (it
     * copies one count per input to the heap).
     *
     * @param model the network the listener is bound to
     * @param listener the bound listener
     * @return the counts
     * @throws IllegalStateException if the listener is not bound to {@code model}
     * @throws IllegalArgumentException if the first prunable parameter is not a matrix (e.g. a convolution kernel)
     */
    public static InputConnections of(Model model, PruningListener listener) {
        Objects.requireNonNull(model, "model (null) must be the network the listener is bound to");
        Objects.requireNonNull(listener, "listener (null) must be a PruningListener");
        if (!listener.isBoundTo(model)) {
            throw new IllegalStateException("listener is not bound to this model: pass the network it prunes, "
                    + "after training with it or pruning.bind(net)");
        }
        MaskState state = listener.state().orElseThrow();
        PrunableParam first = state.params().get(0);
        long[] shape = first.shape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("first prunable parameter " + first.id() + " (" + first.layerType()
                    + ", shape " + Arrays.toString(shape) + ") must be a weight matrix [inputs, outputs] for a "
                    + "per-input picture; convolution kernels have no single input per weight");
        }
        INDArray counts = state.maskOf(first).castTo(DataType.DOUBLE).sum(1);
        double[] values = counts.toDoubleVector();
        int[] kept = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            kept[i] = (int) Math.round(values[i]);
        }
        return new InputConnections(first.id(), Math.toIntExact(shape[1]), kept);
    }

    /**
     * Number of inputs.
     *
     * @return the length of {@link #keptPerInput()}
     */
    public int inputs() {
        return keptPerInput.length;
    }

    /**
     * Returns a copy of the counts.
     *
     * @return kept connections per input
     */
    @Override
    public int[] keptPerInput() {
        return keptPerInput.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputConnections c && c.outputs == outputs && c.paramId.equals(paramId)
                && Arrays.equals(c.keptPerInput, keptPerInput);
    }

    @Override
    public int hashCode() {
        return Objects.hash(paramId, outputs, Arrays.hashCode(keptPerInput));
    }

    @Override
    public String toString() {
        return "InputConnections[" + paramId + ", " + keptPerInput.length + " inputs x " + outputs + " outputs]";
    }
}
