package io.github.dl4jpruning.spi;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The mask operations of the training loop, behind a provider interface so that a backend module (such as
 * {@code dl4j-pruning-cuda}) can supply device-aware versions without forking the engine.
 *
 * <p>Call order: when a {@code PruningListener} binds to a network it takes the {@link #isAvailable() available}
 * provider with the highest {@link #priority()} (core's portable ND4J one has priority 0 and is always
 * available; others are found by {@link java.util.ServiceLoader}), calls {@link #allocateMask} once, then
 * {@link #prepare} once per network copy and {@link Multiply#run} twice per iteration (gradients, then
 * parameters), {@link #apply} on updater-state segments and
 * {@link #maskChanged} after every mask update, and {@link #countNonzero} for reports.
 *
 * <p>Rules for implementations: everything stays on the arrays' device; only scalars (counts) may be read back
 * to the host; {@link #apply} performs a fixed number of ND4J operations (one for the portable version) and
 * allocates nothing after the first call per device; implementations are thread-safe (ParallelWrapper calls one
 * listener from several workers).
 */
public interface MaskKernels {

    /**
     * Whether this provider can run here (for example: the ND4J backend is CUDA).
     *
     * @return true if it may be used
     */
    boolean isAvailable();

    /**
     * Preference among available providers: higher wins. The portable one is 0.
     *
     * @return the priority
     */
    int priority();

    /**
     * A short name for logs.
     *
     * @return the name
     */
    String name();

    /**
     * Allocates a rank-1 all-ones mask with the parameters' length and data type, on the parameters' device,
     * outside any workspace.
     *
     * @param params the network's flat parameter vector
     * @return the mask
     */
    INDArray allocateMask(INDArray params);

    /**
     * Multiplies {@code target} by {@code mask} in place ({@code target} is a parameter, gradient or
     * updater-state array or segment of the same length and rank as {@code mask}).
     *
     * @param target the array to mask
     * @param mask the 0/1 mask
     */
    void apply(INDArray target, INDArray mask);

    /**
     * Tells the provider that the values of {@code mask} changed (a mask update), so that any per-device copy
     * it keeps is refreshed before the next {@link #apply}.
     *
     * @param mask the mask whose values changed
     */
    default void maskChanged(INDArray mask) {
    }

    /**
     * Prepares the multiply of one target by one mask that the engine runs every iteration (the flat gradient and
     * the flat parameters of one network copy): {@link Multiply#run} then does what {@link #apply}{@code (target,
     * mask)} does, with whatever could be set up once (the portable provider builds its ND4J op and native context
     * here instead of on every call). The engine prepares again when either array changes (a re-initialised
     * network) and runs one prepared multiply from one thread at a time. The default runs {@link #apply}.
     *
     * @param target the array multiplied in place
     * @param mask the mask, broadcastable to the target as for {@link #apply}
     * @return the prepared multiply
     */
    default Multiply prepare(INDArray target, INDArray mask) {
        return () -> apply(target, mask);
    }

    /** A multiply prepared by {@link #prepare}: one call per iteration. */
    @FunctionalInterface
    interface Multiply {
        /** Multiplies the prepared target by the prepared mask, in place. */
        void run();
    }

    /**
     * Counts the entries that are not exactly zero, exactly at any length, on the device; only the count is
     * read back.
     *
     * @param a any array
     * @return the number of non-zero entries
     */
    long countNonzero(INDArray a);
}
