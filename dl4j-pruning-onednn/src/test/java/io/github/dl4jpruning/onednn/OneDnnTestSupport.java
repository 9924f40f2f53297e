package io.github.dl4jpruning.onednn;

import java.util.function.Supplier;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Shared test fixtures: the benchmark's LeNet-5 (the definition of {@code benchmarks}' {@code Models.lenet5}, which
 * this module does not depend on) and a switch for DL4J's layer helpers that restores the previous setting.
 */
final class OneDnnTestSupport {

    private OneDnnTestSupport() {
    }

    /**
     * The configuration of LeNet-5 as {@code Models.lenet5} builds it: conv 5x5x20 ReLU, max pool 2x2/2, conv 5x5x50
     * ReLU, max pool 2x2/2, dense 500 ReLU, softmax 10 (MCXENT); float32, Xavier, Adam(1e-3); flat 784-column input.
     *
     * @param seed the weight-initialisation seed
     * @return the configuration
     */
    static MultiLayerConfiguration lenet5(long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).updater(new Adam(1e-3)).list()
                .layer(new ConvolutionLayer.Builder(5, 5).stride(1, 1).nOut(20).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new ConvolutionLayer.Builder(5, 5).stride(1, 1).nOut(50).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new DenseLayer.Builder().nOut(500).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build();
    }

    /**
     * Initialises a network with DL4J's layer helpers switched on or off ({@link OneDnn#HELPERS_DISABLE_PROPERTY}),
     * restoring the property afterwards.
     *
     * @param helpers true for the oneDNN helper path, false for the built-in im2col + GEMM path
     * @param conf the configuration
     * @return the initialised network
     */
    static MultiLayerNetwork init(boolean helpers, MultiLayerConfiguration conf) {
        return withHelpers(helpers, () -> {
            MultiLayerNetwork net = new MultiLayerNetwork(conf.clone());
            net.init();
            return net;
        });
    }

    /**
     * Runs {@code body} with DL4J's layer helpers on or off, then restores the property.
     *
     * @param helpers whether helpers are allowed
     * @param body what to run
     * @param <T> the result type
     * @return the body's result
     */
    static <T> T withHelpers(boolean helpers, Supplier<T> body) {
        String before = System.getProperty(OneDnn.HELPERS_DISABLE_PROPERTY);
        System.setProperty(OneDnn.HELPERS_DISABLE_PROPERTY, Boolean.toString(!helpers));
        try {
            return body.get();
        } finally {
            if (before == null) {
                System.clearProperty(OneDnn.HELPERS_DISABLE_PROPERTY);
            } else {
                System.setProperty(OneDnn.HELPERS_DISABLE_PROPERTY, before);
            }
        }
    }
}
