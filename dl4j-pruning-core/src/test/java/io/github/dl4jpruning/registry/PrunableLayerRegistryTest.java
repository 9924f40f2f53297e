package io.github.dl4jpruning.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GravesBidirectionalLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.junit.jupiter.api.Test;

class PrunableLayerRegistryTest {

    private final PrunableLayerRegistry r = PrunableLayerRegistry.defaults();

    @Test
    void weightsOfDenseConvolutionOutputAndRecurrentLayers() {
        assertEquals(new LayerSupport(LayerSupport.Status.PRUNABLE, List.of("W")),
                r.support(new DenseLayer.Builder().nIn(2).nOut(2).build()));
        assertEquals(List.of("W"), r.support(new OutputLayer.Builder().nIn(2).nOut(2).build()).paramKeys());
        assertEquals(List.of("W"), r.support(new ConvolutionLayer.Builder(3, 3).nOut(2).build()).paramKeys());
        assertEquals(List.of("W"), r.support(new Convolution1DLayer.Builder(3).nOut(2).build()).paramKeys(),
                "subclasses share their parent's entry");
        assertEquals(List.of("W", "RW"), r.support(new LSTM.Builder().nIn(2).nOut(2).build()).paramKeys());
    }

    @Test
    void bidirectionalLayersPruneTheInputAndRecurrentWeightsOfBothDirectionsNeverTheBiases() {
        // keys as in a network's paramTable(): Bidirectional prefixes the wrapped layer's keys with f and b
        assertEquals(List.of("fW", "fRW", "bW", "bRW"),
                r.support(new Bidirectional(new LSTM.Builder().nIn(2).nOut(2).build())).paramKeys());
        assertEquals(List.of("fW", "fRW", "bW", "bRW"), r.support(new Bidirectional(Bidirectional.Mode.ADD,
                new SimpleRnn.Builder().nIn(2).nOut(2).build())).paramKeys());
        assertEquals(List.of("WF", "RWF", "WB", "RWB"),
                r.support(new GravesBidirectionalLSTM.Builder().nIn(2).nOut(2).build()).paramKeys());
        assertEquals(LayerSupport.Status.UNSUPPORTED, r.support(new Bidirectional(new LastTimeStep(
                new LSTM.Builder().nIn(2).nOut(2).build()))).status(),
                "a Bidirectional of an unsupported layer (LastTimeStep) is unsupported");
        PrunableLayerRegistry own = r.toBuilder().prunable(Bidirectional.class, "fW").build();
        assertEquals(List.of("fW"), own.support(new Bidirectional(new LSTM.Builder().nIn(2).nOut(2).build()))
                .paramKeys(), "an explicit entry wins");
        assertTrue(r.describePrunable().contains("GravesBidirectionalLSTM[WF, RWF, WB, RWB]"));
        assertTrue(r.describePrunable().contains("Bidirectional (the wrapped layer's keys, prefixed f and b)"));
    }

    @Test
    void parameterlessOutputLayersHaveNothingToPrune() {
        assertEquals(LayerSupport.Status.NOTHING_TO_PRUNE, r.support(new Cnn3DLossLayer.Builder(
                Convolution3D.DataFormat.NCDHW).build()).status());
        assertEquals(LayerSupport.Status.NOTHING_TO_PRUNE, r.support(new Yolo2OutputLayer.Builder()
                .boundingBoxPriors(org.nd4j.linalg.factory.Nd4j.create(new double[][] {{1, 1}})).build()).status());
    }

    @Test
    void nothingToPruneDiffersFromUnsupported() {
        assertEquals(LayerSupport.Status.NOTHING_TO_PRUNE, r.support(new BatchNormalization.Builder().build()).status());
        assertEquals(LayerSupport.Status.NOTHING_TO_PRUNE, r.support(new SubsamplingLayer.Builder().build()).status());
        assertEquals(LayerSupport.Status.UNSUPPORTED, r.support(new PReLULayer.Builder().build()).status());
    }

    @Test
    void customLayersOptInAndRegistriesExtend() {
        PrunableLayerRegistry ext = r.toBuilder().prunable(PReLULayer.class, "W").build();
        assertEquals(List.of("W"), ext.support(new PReLULayer.Builder().build()).paramKeys());
        assertEquals(LayerSupport.Status.UNSUPPORTED, r.support(new PReLULayer.Builder().build()).status(),
                "the default registry is unchanged");
        assertTrue(r.describePrunable().startsWith("DenseLayer[W], OutputLayer[W], ConvolutionLayer[W]"));
    }

    @Test
    void rejectsBadEntries() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> PrunableLayerRegistry.builder().prunable(DenseLayer.class)).getMessage()
                .startsWith("paramKeys ([]) for DenseLayer must name at least one parameter"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> PrunableLayerRegistry.builder().prunable(DenseLayer.class, "b")).getMessage()
                .contains("biases are never pruned"));
        assertEquals("layer must not be null", assertThrows(IllegalArgumentException.class,
                () -> r.support(null)).getMessage());
    }
}
