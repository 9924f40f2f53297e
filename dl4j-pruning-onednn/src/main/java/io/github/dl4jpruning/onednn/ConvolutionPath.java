package io.github.dl4jpruning.onednn;

/**
 * How one convolution layer of a network computes: through a helper (oneDNN's {@code MKLDNNConvHelper}) or DL4J's
 * built-in im2col + GEMM.
 *
 * @param layer the layer's name in its network ({@code "layer0"}... in a MultiLayerNetwork, the vertex name in a
 *        ComputationGraph)
 * @param layerClass the simple name of the runtime layer class, e.g. {@code "ConvolutionLayer"} (inside any wrapper,
 *        such as a {@code PrunedLayer} or {@code FrozenLayer})
 * @param helperClass the simple name of the layer's helper, or {@code null} when it has none (built-in path)
 * @param helperFailures how many times the helper threw and DL4J fell back to the built-in path for that call
 *        (the layer's {@code helperCountFail}; after a failure DL4J uses the built-in path for good), or -1 if it
 *        cannot be read
 */
public record ConvolutionPath(String layer, String layerClass, String helperClass, int helperFailures) {

    /** The simple name of DL4J M2.1's oneDNN convolution helper. */
    public static final String ONEDNN_HELPER = "MKLDNNConvHelper";

    /**
     * Whether this layer runs through oneDNN: its helper is {@value #ONEDNN_HELPER} and has not failed (or its
     * failure count cannot be read).
     *
     * @return true on the oneDNN path
     */
    public boolean oneDnn() {
        return ONEDNN_HELPER.equals(helperClass) && helperFailures <= 0;
    }
}
