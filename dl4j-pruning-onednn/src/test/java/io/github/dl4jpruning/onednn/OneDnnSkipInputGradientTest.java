package io.github.dl4jpruning.onednn;

import static io.github.dl4jpruning.onednn.OneDnnTestSupport.init;
import static io.github.dl4jpruning.onednn.OneDnnTestSupport.lenet5;
import static io.github.dl4jpruning.onednn.OneDnnTestSupport.withHelpers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * {@link OneDnn#skipInputGradients(Model)} changes nothing but the work done: weight and bias gradients of the
 * switched layer equal oneDNN's (im2col + GEMM sums the same products in another order), every other gradient, the
 * score and {@code calculateGradients}' input gradient are bit-identical, training follows the same path; layers it
 * must not touch keep DL4J's helper and say why.
 *
 * <p>Tolerance: relative L2 difference {@value #REL_TOLERANCE} on the switched layer's gradients and on the
 * parameters after a few Adam steps. The weight gradient sums N·oH·oW products per entry (73,728 for LeNet-5 with
 * batch 128); reordered float32 sums of K terms differ typically by about √K·2^-24 ≈ 1.6e-5 relative per entry, far
 * less on the L2 norm of the whole tensor. The measured differences are printed.
 */
class OneDnnSkipInputGradientTest {

    private static final double REL_TOLERANCE = 1e-5;

    private static final long SEED = 7;

    @BeforeAll
    static void enable() {
        assertTrue(OneDnn.enable().engaged(), "oneDNN must engage in this module's tests");
    }

    @AfterEach
    void helpersStayOn() {
        System.setProperty(OneDnn.HELPERS_DISABLE_PROPERTY, "false");
    }

    @Test
    void lenet5GradientsEqualTheUnswitchedNetwork() {
        MultiLayerNetwork plain = init(true, lenet5(SEED));
        MultiLayerNetwork switched = twin(plain);
        List<InputGradientSkip> result = OneDnn.skipInputGradients(switched);
        assertEquals(2, result.size(), result.toString());
        assertTrue(result.get(0).switched(), result.toString());
        assertFalse(result.get(1).switched());
        assertTrue(result.get(1).reason().contains("not fed by the network input"), result.get(1).reason());
        assertTrue(OneDnn.isEngaged(switched), "still oneDNN: " + OneDnn.convolutionPaths(switched));

        INDArray x = Nd4j.rand(DataType.FLOAT, 32, 784);
        INDArray y = oneHot(32, 10);
        assertGradientsMatch(plain, switched, x, y, "0_");
        assertEquals(1, helper(switched.getLayer(0)).skippedCount());
        assertEquals(1, helper(switched.getLayer(0)).convolutionCount(), "weight gradient as one convolution");
        assertEquals(0, helper(switched.getLayer(0)).delegatedCount());
    }

    @Test
    void stridePaddingAndAsymmetricSameModeGradientsMatch() {
        ConvolutionLayer.Builder same = new ConvolutionLayer.Builder(3, 4).stride(2, 2)
                .convolutionMode(ConvolutionMode.Same);
        // input 10x9: Same mode pads 0 above and 1 below, 1 left and 2 right (asymmetric)
        ConvolutionLayer.Builder padded = new ConvolutionLayer.Builder(3, 4).stride(2, 2).padding(1, 2)
                .convolutionMode(ConvolutionMode.Truncate);
        ConvolutionLayer.Builder strideOne = new ConvolutionLayer.Builder(3, 4).stride(1, 1).padding(1, 2)
                .convolutionMode(ConvolutionMode.Truncate);
        for (ConvolutionLayer.Builder conv : List.of(same, padded, strideOne)) {
            // stride 2: im2col + GEMM; stride 1 with explicit padding: one convolution
            long expectedConvolutions = conv == strideOne ? 1 : 0;
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                    .seed(SEED).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).updater(new Adam(1e-3)).list()
                    .layer(conv.nOut(5).activation(Activation.TANH).build())
                    .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
                    .setInputType(InputType.convolutional(10, 9, 3))
                    .build();
            MultiLayerNetwork plain = init(true, conf);
            MultiLayerNetwork switched = twin(plain);
            assertTrue(OneDnn.skipInputGradients(switched).get(0).switched());
            assertGradientsMatch(plain, switched, Nd4j.randn(DataType.FLOAT, 6, 3, 10, 9), oneHot(6, 4), "0_");
            assertEquals(1, helper(switched.getLayer(0)).skippedCount());
            assertEquals(expectedConvolutions, helper(switched.getLayer(0)).convolutionCount());
            assertTrue(OneDnn.isEngaged(plain) && OneDnn.isEngaged(switched), "oneDNN ran, no fallback");
        }
    }

    @Test
    void calculateGradientsStillReturnsTheTrueInputGradient() {
        MultiLayerNetwork plain = init(true, lenet5(SEED));
        MultiLayerNetwork switched = twin(plain);
        OneDnn.skipInputGradients(switched);
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 784);
        INDArray y = oneHot(16, 10);
        Pair<org.deeplearning4j.nn.gradient.Gradient, INDArray> p = plain.calculateGradients(x, y, null, null);
        INDArray plainInput = p.getSecond().dup();
        Map<String, INDArray> plainGradients = copy(p.getFirst().gradientForVariable());
        Pair<org.deeplearning4j.nn.gradient.Gradient, INDArray> s = switched.calculateGradients(x, y, null, null);
        assertTrue(plainInput.amaxNumber().doubleValue() > 0, "the input gradient is not trivially zero");
        assertEquals(plainInput, s.getSecond(), "input gradient");
        assertEquals(plainGradients, copy(s.getFirst().gradientForVariable()));
        assertEquals(1, helper(switched.getLayer(0)).delegatedCount());
        assertEquals(0, helper(switched.getLayer(0)).skippedCount());
    }

    @Test
    void fitFollowsTheSameParameters() {
        MultiLayerNetwork plain = init(true, lenet5(SEED));
        MultiLayerNetwork switched = twin(plain);
        OneDnn.skipInputGradients(switched);
        for (int i = 0; i < 3; i++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 32, 784);
            INDArray y = oneHot(32, 10);
            plain.fit(x, y);
            switched.fit(x, y);
        }
        assertParamsClose(plain, switched);
        assertEquals(3, helper(switched.getLayer(0)).skippedCount());
    }

    @Test
    void computationGraphSwitchesOnlyTheLayerFedByTheInput() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(SEED).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).updater(new Adam(1e-3))
                .graphBuilder().addInputs("in")
                .addLayer("c1", new ConvolutionLayer.Builder(5, 5).nOut(6).activation(Activation.RELU).build(), "in")
                .addLayer("c2", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build(), "c1")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX)
                        .build(), "c2")
                .setOutputs("out").setInputTypes(InputType.convolutionalFlat(28, 28, 1)).build();
        ComputationGraph plain = withHelpers(true, () -> {
            ComputationGraph g = new ComputationGraph(conf.clone());
            g.init();
            return g;
        });
        ComputationGraph switched = withHelpers(true, () -> {
            ComputationGraph g = new ComputationGraph(conf.clone());
            g.init(plain.params().dup(), true);
            return g;
        });
        List<InputGradientSkip> result = OneDnn.skipInputGradients(switched);
        assertEquals(List.of("c1", "c2"), result.stream().map(InputGradientSkip::layer).toList());
        assertTrue(result.get(0).switched(), result.toString());
        assertFalse(result.get(1).switched(), result.toString());
        assertTrue(result.get(1).reason().contains("not fed by the network input"));

        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 784);
        INDArray y = oneHot(16, 10);
        for (ComputationGraph g : List.of(plain, switched)) {
            g.setInputs(x);
            g.setLabels(y);
            g.computeGradientAndScore();
        }
        assertEquals(plain.score(), switched.score(), 0.0);
        compareGradients(copy(plain.gradient().gradientForVariable()), copy(switched.gradient().gradientForVariable()),
                "c1_");
        assertEquals(1, helper(switched.getLayer("c1")).skippedCount());
        for (int i = 0; i < 2; i++) {
            plain.fit(new INDArray[] {x}, new INDArray[] {y});
            switched.fit(new INDArray[] {x}, new INDArray[] {y});
        }
        assertParamsClose(plain, switched);
    }

    @Test
    void refusesNhwcSubclassesWeightNoiseAndTheBuiltInPath() {
        MultiLayerNetwork nhwc = init(true, oneConv(new ConvolutionLayer.Builder(3, 3).nOut(2)
                .dataFormat(CNN2DFormat.NHWC), InputType.convolutional(6, 6, 1, CNN2DFormat.NHWC)));
        assertRefused(nhwc, "NHWC");
        MultiLayerNetwork noisy = init(true, oneConv(new ConvolutionLayer.Builder(3, 3).nOut(2)
                .weightNoise(new DropConnect(0.5)), InputType.convolutional(6, 6, 1)));
        assertRefused(noisy, "weight noise");
        MultiLayerNetwork builtIn = init(false, lenet5(SEED));
        assertRefused(builtIn, "not MKLDNNConvHelper");

        MultiLayerConfiguration conv1d = new NeuralNetConfiguration.Builder().seed(SEED).dataType(DataType.FLOAT)
                .list()
                .layer(new Convolution1DLayer.Builder(3).nOut(2).build())
                .layer(new RnnOutputLayer.Builder(LossFunction.MSE).nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(2, 8)).build();
        assertRefused(init(true, conv1d), "Convolution1DLayer is not exactly ConvolutionLayer");
    }

    @Test
    void secondCallIsHarmless() {
        MultiLayerNetwork net = init(true, lenet5(SEED));
        assertTrue(OneDnn.skipInputGradients(net).get(0).switched());
        InputGradientSkip again = OneDnn.skipInputGradients(net).get(0);
        assertTrue(again.switched());
        assertEquals("already switched", again.reason());
        assertInstanceOf(WeightGradientOnlyHelper.class, net.getLayer(0).getHelper());
        assertFalse(((WeightGradientOnlyHelper) net.getLayer(0).getHelper()).delegate()
                instanceof WeightGradientOnlyHelper);
    }

    private static void assertRefused(Model net, String reasonPart) {
        Layer first = net instanceof MultiLayerNetwork m ? m.getLayer(0) : null;
        Object before = first == null ? null : first.getHelper();
        InputGradientSkip s = OneDnn.skipInputGradients(net).get(0);
        assertFalse(s.switched(), s.toString());
        assertTrue(s.reason().contains(reasonPart), s.reason());
        if (first != null) {
            assertTrue(before == first.getHelper(), "helper must stay as it was");
        }
    }

    private static MultiLayerConfiguration oneConv(ConvolutionLayer.Builder conv, InputType type) {
        return new NeuralNetConfiguration.Builder().seed(SEED).dataType(DataType.FLOAT).list()
                .layer(conv.activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build())
                .setInputType(type).build();
    }

    private static MultiLayerNetwork twin(MultiLayerNetwork net) {
        MultiLayerNetwork copy = init(true, net.getLayerWiseConfigurations());
        copy.setParams(net.params().dup());
        return copy;
    }

    private static WeightGradientOnlyHelper helper(Layer layer) {
        return assertInstanceOf(WeightGradientOnlyHelper.class, layer.getHelper());
    }

    private static INDArray oneHot(int rows, int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, (i * 7) % classes, 1.0);
        }
        return y;
    }

    private static void assertGradientsMatch(MultiLayerNetwork plain, MultiLayerNetwork switched, INDArray x,
            INDArray y, String switchedPrefix) {
        Map<String, INDArray> gp = gradients(plain, x, y);
        Map<String, INDArray> gs = gradients(switched, x, y);
        assertEquals(plain.score(), switched.score(), 0.0, "score");
        compareGradients(gp, gs, switchedPrefix);
    }

    private static void compareGradients(Map<String, INDArray> plain, Map<String, INDArray> switched,
            String switchedPrefix) {
        assertEquals(plain.keySet(), switched.keySet());
        for (Map.Entry<String, INDArray> e : plain.entrySet()) {
            INDArray s = switched.get(e.getKey());
            if (e.getKey().startsWith(switchedPrefix)) {
                double rel = s.sub(e.getValue()).norm2Number().doubleValue()
                        / e.getValue().norm2Number().doubleValue();
                System.out.printf("%s: relative L2 difference %.3e%n", e.getKey(), rel);
                assertTrue(e.getValue().norm2Number().doubleValue() > 0, e.getKey() + " is not trivially zero");
                assertTrue(rel <= REL_TOLERANCE, e.getKey() + ": relative difference " + rel);
            } else {
                assertEquals(e.getValue(), s, e.getKey() + " must be identical");
            }
        }
    }

    private static void assertParamsClose(Model plain, Model switched) {
        double rel = switched.params().sub(plain.params()).norm2Number().doubleValue()
                / plain.params().norm2Number().doubleValue();
        System.out.printf("parameters after training: relative L2 difference %.3e%n", rel);
        assertTrue(rel <= REL_TOLERANCE, "relative parameter difference " + rel);
    }

    private static Map<String, INDArray> gradients(MultiLayerNetwork net, INDArray x, INDArray y) {
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        return copy(net.gradient().gradientForVariable());
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> m) {
        Map<String, INDArray> c = new TreeMap<>();
        m.forEach((k, v) -> c.put(k, v.dup()));
        return c;
    }
}
