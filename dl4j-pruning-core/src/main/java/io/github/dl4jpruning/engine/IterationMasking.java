package io.github.dl4jpruning.engine;

import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.spi.MaskKernels;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The per-iteration work of an engine, for the main network and for ParallelWrapper replicas: the flat gradient is
 * multiplied by the flat mask and the regularizers' terms are added (before the updater), and after the update the
 * flat parameters are multiplied by the mask. One element-wise multiply each for the whole network; nothing
 * allocated after the first iteration of each network copy; nothing read back to the host.
 *
 * <p>On the main network the multiply after the update is skipped when the {@link ParamMaskDecision} taken at bind
 * proves it a no-op, except on the first iteration after binding and after every mask change ({@link #maskChanged}):
 * that iteration multiplies the parameters and zeroes the optimizer state at pruned positions, which the proof needs
 * (a mask restored from a checkpoint, or one taken from a loaded model's zeros, comes with state that was never
 * masked; an update may land while the updater runs). Replicas multiply after every update.
 */
final class IterationMasking {

    private final NetworkAdapter net;
    private final MaskState state;
    private final MaskKernels kernels;
    private final INDArray maskRow;
    private final GradientRegularizer groupLasso;
    private final L1Regularizer l1;
    private final Thread bindingThread;
    private final ReplicaMasking replicas = new ReplicaMasking();
    private final Scratch scratch = new Scratch();
    private final ParamMaskDecision decision;
    private boolean maskChanged = true;

    /**
     * Creates the masking.
     *
     * @param net the bound network
     * @param state its mask state
     * @param kernels the mask kernels
     * @param groupLasso the strategy's gradient term, or null
     * @param l1 the L1 term (off while its strength is 0)
     * @param bindingThread the thread that bound the engine (replicas train on other threads)
     * @param decision whether the main network's parameters are multiplied after every update
     */
    IterationMasking(NetworkAdapter net, MaskState state, MaskKernels kernels, GradientRegularizer groupLasso,
            L1Regularizer l1, Thread bindingThread, ParamMaskDecision decision) {
        this.net = net;
        this.state = state;
        this.kernels = kernels;
        this.maskRow = state.mask().reshape(1, state.mask().length());
        this.groupLasso = groupLasso;
        this.l1 = l1;
        this.bindingThread = bindingThread;
        this.decision = decision;
    }

    /**
     * Masks the main network's gradient (after adding it to the accumulator, if any) and adds the terms.
     *
     * @param gradients the accumulator of gradient-based criteria, or null
     */
    void mainGradient(GradientAccumulator gradients) {
        INDArray g = net.flatGradients();
        if (g == null) {
            return;
        }
        if (gradients != null) {
            gradients.add(g);
        }
        maskAndRegularize(g, net.params(), scratch);
    }

    /**
     * Masks a replica's gradient and adds the terms.
     *
     * @param model the replica
     * @throws IllegalStateException if {@code model} is not a replica of the bound network
     */
    void replicaGradient(Model model) {
        ReplicaMasking.Replica r = replicas.of(model, net, bindingThread);
        INDArray g = r.net.flatGradients();
        if (g != null) {
            maskAndRegularize(g, r.net.params(), r.scratch);
        }
    }

    /**
     * Masks a replica's parameters, and its optimizer state once after every mask update.
     *
     * @param model the replica
     * @param maskVersion the engine's count of mask updates
     */
    void replicaAfterIteration(Model model, long maskVersion) {
        ReplicaMasking.Replica r = replicas.of(model, net, bindingThread);
        INDArray p = r.net.params();
        r.scratch.maskParams(kernels, p, maskFor(p));
        if (r.seenVersion != maskVersion) {
            r.net.maskUpdaterState(state.mask(), kernels);
            r.seenVersion = maskVersion;
        }
    }

    private void maskAndRegularize(INDArray g, INDArray params, Scratch s) {
        s.maskGradient(kernels, g, maskFor(g));
        if (groupLasso != null) {
            groupLasso.addGradient(params, g, s);
        }
        l1.addGradient(params, g, s);
    }

    /**
     * Multiplies the main network's flat parameters by the mask after an iteration (prepared multiply), unless the
     * decision proves it a no-op; on the first iteration after a mask change also zeroes the optimizer state at
     * pruned positions. Call with the engine's lock held, as {@link #maskChanged}.
     */
    void mainAfterIteration() {
        if (decision.everyIteration() || maskChanged) {
            INDArray p = net.params();
            scratch.maskParams(kernels, p, maskFor(p));
        }
        if (maskChanged) {
            net.maskUpdaterState(state.mask(), kernels);
            maskChanged = false;
        }
    }

    /**
     * Records that the mask, the parameters or the optimizer state were changed outside the per-iteration path (mask
     * update, restore), so that the next {@link #mainAfterIteration} multiplies and zeroes the state again.
     */
    void maskChanged() {
        maskChanged = true;
    }

    /** @return the decision taken at bind */
    ParamMaskDecision decision() {
        return decision;
    }

    /**
     * Multiplies flat parameters ({@code [n]} or {@code [1, n]}) by the mask.
     *
     * @param p the parameters
     */
    void applyTo(INDArray p) {
        kernels.apply(p, maskFor(p));
    }

    /** @return how many replicas have been masked so far */
    int replicasSeen() {
        return replicas.seen();
    }

    /** The mask in the shape of a flat vector: {@code [n]} for rank 1, else the {@code [1, n]} row view. */
    private INDArray maskFor(INDArray flat) {
        return flat.rank() == 1 ? state.mask() : maskRow;
    }
}
