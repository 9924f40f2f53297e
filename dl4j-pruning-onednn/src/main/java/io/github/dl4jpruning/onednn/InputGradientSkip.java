package io.github.dl4jpruning.onednn;

/**
 * What {@link OneDnn#skipInputGradients(org.deeplearning4j.nn.api.Model)} did with one convolution layer.
 *
 * @param layer the layer's name in its network ({@code "layer0"}... in a MultiLayerNetwork, the vertex name in a
 *        ComputationGraph)
 * @param switched true if the layer now skips the gradient with respect to the network input during training (also
 *        when an earlier call switched it)
 * @param reason why it was switched or left as it is, one sentence
 */
public record InputGradientSkip(String layer, boolean switched, String reason) {
}
