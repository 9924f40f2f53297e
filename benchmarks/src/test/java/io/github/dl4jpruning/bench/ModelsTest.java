package io.github.dl4jpruning.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * {@link Models}: the architectures of docs/BENCHMARK.md. Expected parameter counts are computed by hand from the
 * layer shapes (weights + biases).
 */
class ModelsTest {

    @Test
    void lenet300100HasTheProtocolsLayersAndParameterCount() {
        MultiLayerNetwork net = Models.lenet300100(42);
        assertEquals(3, net.getnLayers());
        assertInstanceOf(DenseLayer.class, net.getLayer(0).conf().getLayer());
        assertInstanceOf(DenseLayer.class, net.getLayer(1).conf().getLayer());
        assertInstanceOf(OutputLayer.class, net.getLayer(2).conf().getLayer());
        // 784*300 + 300 + 300*100 + 100 + 100*10 + 10
        assertEquals(266_610, net.numParams());
        assertArrayEquals(new long[] {784, 300}, net.getParam("0_W").shape());
        assertArrayEquals(new long[] {300, 100}, net.getParam("1_W").shape());
        assertArrayEquals(new long[] {100, 10}, net.getParam("2_W").shape());
        assertEquals(DataType.FLOAT, net.params().dataType());
        assertEquals(new Adam(Models.LEARNING_RATE), ((org.deeplearning4j.nn.conf.layers.BaseLayer)
                net.getLayer(0).conf().getLayer()).getIUpdater());
        assertSoftmaxOutput(net);
    }

    @Test
    void lenet5HasTheProtocolsLayersAndParameterCount() {
        MultiLayerNetwork net = Models.lenet5(42);
        assertEquals(6, net.getnLayers());
        assertInstanceOf(ConvolutionLayer.class, net.getLayer(0).conf().getLayer());
        assertInstanceOf(SubsamplingLayer.class, net.getLayer(1).conf().getLayer());
        assertInstanceOf(ConvolutionLayer.class, net.getLayer(2).conf().getLayer());
        assertInstanceOf(SubsamplingLayer.class, net.getLayer(3).conf().getLayer());
        assertInstanceOf(DenseLayer.class, net.getLayer(4).conf().getLayer());
        assertInstanceOf(OutputLayer.class, net.getLayer(5).conf().getLayer());
        // conv 1->20 5x5: 500+20; conv 20->50 5x5: 25,000+50; dense 4*4*50=800->500: 400,000+500; 500->10: 5,000+10
        assertEquals(431_080, net.numParams());
        assertArrayEquals(new long[] {20, 1, 5, 5}, net.getParam("0_W").shape());
        assertArrayEquals(new long[] {50, 20, 5, 5}, net.getParam("2_W").shape());
        assertArrayEquals(new long[] {800, 500}, net.getParam("4_W").shape());
        assertEquals(DataType.FLOAT, net.params().dataType());
        assertSoftmaxOutput(net);
    }

    @Test
    void theSeedDecidesTheInitialWeights() {
        assertEquals(Models.lenet300100(42).params(), Models.lenet300100(42).params());
        assertNotEquals(Models.lenet300100(42).params(), Models.lenet300100(43).params());
        assertEquals(Models.lenet5(1).params(), ModelKind.LENET_5.build(1).params());
    }

    private static void assertSoftmaxOutput(MultiLayerNetwork net) {
        INDArray out = net.output(Nd4j.rand(DataType.FLOAT, 3, 784));
        assertArrayEquals(new long[] {3, 10}, out.shape());
        for (int i = 0; i < 3; i++) {
            assertEquals(1.0, out.getRow(i).sumNumber().doubleValue(), 1e-5);
        }
    }
}
