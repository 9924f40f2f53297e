package io.github.dl4jpruning.onednn;

import static io.github.dl4jpruning.onednn.OneDnnTestSupport.init;
import static io.github.dl4jpruning.onednn.OneDnnTestSupport.lenet5;
import static io.github.dl4jpruning.onednn.OneDnnTestSupport.withHelpers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.data.FashionMnistFixture;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The oneDNN helper really engages on this module's test class path (the {@code -onednn-avx2} build of nd4j-native
 * 1.0.0-M2.1 and the compatibility class): these tests check the helper objects DL4J creates, not timings, so that
 * they fail when a DL4J or ND4J upgrade silently stops the helper from engaging.
 */
class OneDnnTest {

    private static OneDnnStatus enabled;

    @BeforeAll
    static void enable() {
        enabled = OneDnn.enable();
    }

    @AfterEach
    void helpersStayOn() {
        System.setProperty(OneDnn.HELPERS_DISABLE_PROPERTY, "false");
    }

    @Test
    void enableReportsEngagedWithTheOneDnnBuild() {
        assertTrue(enabled.engaged(), enabled.summary());
        assertTrue(enabled.nativeHasOneDnn());
        assertTrue(enabled.helpersAllowed());
        assertTrue(enabled.nativeBuild().contains("-onednn-"), enabled.nativeBuild());
        assertEquals(List.of(), enabled.missing());
        assertEquals("false", System.getProperty(OneDnn.HELPERS_DISABLE_PROPERTY));
        assertTrue(BaseMKLDNNHelper.mklDnnEnabled(), "DL4J's own check must pass");
    }

    @Test
    void lenet5ConvolutionsRunThroughMkldnnConvHelper() {
        MultiLayerNetwork net = init(true, lenet5(1));
        assertInstanceOf(MKLDNNConvHelper.class, net.getLayer(0).getHelper());
        assertInstanceOf(MKLDNNSubsamplingHelper.class, net.getLayer(1).getHelper());
        assertInstanceOf(MKLDNNConvHelper.class, net.getLayer(2).getHelper());
        net.fit(FashionMnistFixture.load().trainIterator(128, 1).next());
        List<ConvolutionPath> paths = OneDnn.convolutionPaths(net);
        assertEquals(List.of(new ConvolutionPath("layer0", "ConvolutionLayer", "MKLDNNConvHelper", 0),
                new ConvolutionPath("layer2", "ConvolutionLayer", "MKLDNNConvHelper", 0)), paths);
        assertTrue(OneDnn.isEngaged(net));
    }

    @Test
    void withHelpersDisabledConvolutionsUseTheBuiltInPath() {
        MultiLayerNetwork net = init(false, lenet5(1));
        assertNull(net.getLayer(0).getHelper());
        assertFalse(OneDnn.isEngaged(net));
        assertEquals(List.of(new ConvolutionPath("layer0", "ConvolutionLayer", null, 0),
                new ConvolutionPath("layer2", "ConvolutionLayer", null, 0)), OneDnn.convolutionPaths(net));
    }

    @Test
    void disableThenStatusNamesTheProperty() {
        OneDnn.disable();
        assertEquals("true", System.getProperty(OneDnn.HELPERS_DISABLE_PROPERTY));
        OneDnnStatus s = OneDnn.status();
        assertFalse(s.engaged());
        assertTrue(s.nativeHasOneDnn());
        assertFalse(s.helpersAllowed());
        assertEquals(1, s.missing().size(), s.missing().toString());
        assertTrue(s.missing().get(0).contains(OneDnn.HELPERS_DISABLE_PROPERTY + " is true"), s.missing().get(0));
        assertTrue(s.summary().startsWith("oneDNN convolutions NOT engaged"), s.summary());
        assertTrue(OneDnn.enable().engaged());
    }

    @Test
    void layersInsideWrappersAndGraphsAreFound() {
        MultiLayerNetwork frozen = withHelpers(true, () -> {
            MultiLayerNetwork n = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                    .layer(new FrozenLayerWithBackprop(new ConvolutionLayer.Builder(3, 3).nOut(2).build()))
                    .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build())
                    .setInputType(InputType.convolutional(6, 6, 1)).build());
            n.init();
            return n;
        });
        assertEquals(List.of(new ConvolutionPath("layer0", "ConvolutionLayer", "MKLDNNConvHelper", 0)),
                OneDnn.convolutionPaths(frozen));
        ComputationGraph graph = withHelpers(true, () -> {
            ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder()
                    .addInputs("in")
                    .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(2).build(), "in")
                    .addLayer("out", new OutputLayer.Builder(LossFunction.MSE).nOut(2).activation(Activation.IDENTITY)
                            .build(), "conv")
                    .setOutputs("out").setInputTypes(InputType.convolutional(6, 6, 1)).build());
            g.init();
            return g;
        });
        assertEquals(List.of(new ConvolutionPath("conv", "ConvolutionLayer", "MKLDNNConvHelper", 0)),
                OneDnn.convolutionPaths(graph));
        assertTrue(OneDnn.isEngaged(graph));
    }

    @Test
    void aNetworkWithoutConvolutionsIsNotEngaged() {
        MultiLayerNetwork mlp = withHelpers(true, () -> {
            MultiLayerNetwork n = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                    .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(3).nOut(2).build()).build());
            n.init();
            return n;
        });
        assertEquals(List.of(), OneDnn.convolutionPaths(mlp));
        assertFalse(OneDnn.isEngaged(mlp));
    }

    @Test
    void badNetworksAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OneDnn.isEngaged(null));
        assertEquals("network (null) must be a MultiLayerNetwork or ComputationGraph", e.getMessage());
        MultiLayerNetwork uninitialised = new MultiLayerNetwork(lenet5(1));
        IllegalStateException s = assertThrows(IllegalStateException.class,
                () -> OneDnn.convolutionPaths(uninitialised));
        assertTrue(s.getMessage().contains("call init()"), s.getMessage());
    }
}
