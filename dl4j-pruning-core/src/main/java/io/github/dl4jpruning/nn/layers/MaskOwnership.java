package io.github.dl4jpruning.nn.layers;

/**
 * The handshake by which a training listener takes the masking over from {@link PrunedLayerImpl}s:
 * the listener calls {@link #iterationDone()} at the end of every iteration it masks; a layer that sees
 * an iteration end ({@code applyConstraints}) without it concludes that the listener is gone and masks
 * on its own again. Costs no ND4J op. Not thread-safe: one per network, like the listener.
 */
public final class MaskOwnership {

    private long iterations;

    /** Creates a handshake with no iteration done. */
    public MaskOwnership() {
    }

    /** Records that the owner masked the whole network for this iteration. */
    public void iterationDone() {
        iterations++;
    }

    /**
     * The number of iterations the owner has masked.
     *
     * @return the count
     */
    long iterations() {
        return iterations;
    }
}
