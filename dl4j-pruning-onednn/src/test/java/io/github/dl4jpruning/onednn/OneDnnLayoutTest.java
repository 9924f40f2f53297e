package io.github.dl4jpruning.onednn;

import static io.github.dl4jpruning.onednn.OneDnnTestSupport.init;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * {@link OneDnn#requireSupported}: a channels-last convolution on the oneDNN path is refused with its layer named;
 * channels-first, or the built-in path, passes.
 */
class OneDnnLayoutTest {

    @BeforeAll
    static void enable() {
        assertTrue(OneDnn.enable().engaged(), "these tests need the oneDNN build on the class path");
    }

    private static MultiLayerConfiguration conv(CNN2DFormat format) {
        return new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).dataFormat(format).name("conv")
                        .activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 1, format))
                .build();
    }

    @Test
    void channelsLastOnTheOneDnnPathIsRefusedNamingTheLayer() {
        MultiLayerNetwork net = init(true, conv(CNN2DFormat.NHWC));
        assertEquals(ConvolutionPath.ONEDNN_HELPER, net.getLayer(0).getHelper().getClass().getSimpleName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OneDnn.requireSupported(net));
        assertTrue(e.getMessage().startsWith("layer 'conv' runs through oneDNN with dataFormat NHWC"), e.getMessage());
        assertTrue(e.getMessage().contains("CNN2DFormat.NCHW"), e.getMessage());
    }

    @Test
    void channelsFirstOrTheBuiltInPathPasses() {
        assertDoesNotThrow(() -> OneDnn.requireSupported(init(true, conv(CNN2DFormat.NCHW))));
        assertDoesNotThrow(() -> OneDnn.requireSupported(init(false, conv(CNN2DFormat.NHWC))));
    }

    @Test
    void otherModelsAndUninitialisedNetworksAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> OneDnn.requireSupported(null));
        assertThrows(IllegalStateException.class,
                () -> OneDnn.requireSupported(new MultiLayerNetwork(conv(CNN2DFormat.NCHW))));
    }
}
