package io.github.dl4jpruning.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.nn.conf.PrunedLayer;
import io.github.dl4jpruning.registry.LayerSelection;
import io.github.dl4jpruning.registry.PrunableLayerRegistry;
import io.github.dl4jpruning.testing.TestNets;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GravesBidirectionalLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.ElementWiseMultiplicationLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ParamDiscoveryTest {

    private static final PrunableLayerRegistry REG = PrunableLayerRegistry.defaults();

    private static LayerSelection sel(List<String> in, List<Integer> inIdx, List<String> ex, List<Integer> exIdx) {
        return new LayerSelection(in, inIdx, ex, exIdx);
    }

    /** conv(W,b) → BN → pool → dense(W,b) → element-wise multiplication(W,b; unsupported) → output(W,b). */
    private static MultiLayerNetwork mixed() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(8).build())
                .layer(new ElementWiseMultiplicationLayer.Builder().nIn(8).nOut(8).build())
                .layer(new OutputLayer.Builder().nOut(3).build())
                .setInputType(InputType.convolutional(8, 8, 1)).build());
        net.init();
        return net;
    }

    @Test
    void defaultsToWeightsOfSupportedLayersWithFlatOffsets() {
        MultiLayerNetwork net = mixed();
        List<PrunableParam> ps = ParamDiscovery.discover(NetworkAdapter.of(net), REG, LayerSelection.ALL);
        assertEquals(List.of("layer0_W", "layer3_W", "layer5_W"), ps.stream().map(PrunableParam::id).toList());
        for (PrunableParam p : ps) {
            String key = p.layerIndex() + "_" + p.paramKey();
            INDArray w = net.getParam(key);
            assertEquals(w.ordering(), p.order());
            assertEquals(w.reshape(w.ordering(), new long[] {w.length()}),
                    net.params().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(p.offset(), p.offset() + p.length())),
                    key + " offset");
        }
    }

    @Test
    void includeAndExcludeByNameAndIndex() {
        NetworkAdapter a = NetworkAdapter.of(mixed());
        assertEquals(List.of("layer3_W"), ParamDiscovery.discover(a, REG, sel(List.of("layer3"), List.of(), List.of(),
                List.of())).stream().map(PrunableParam::id).toList());
        assertEquals(List.of("layer0_W", "layer5_W"), ParamDiscovery.discover(a, REG, sel(List.of(), List.of(),
                List.of(), List.of(3))).stream().map(PrunableParam::id).toList());
    }

    @Test
    void explicitlyIncludingAnUnsupportedLayerListsWhatIsSupported() {
        NetworkAdapter a = NetworkAdapter.of(mixed());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParamDiscovery.discover(a, REG, sel(List.of("layer4"), List.of(), List.of(), List.of())));
        assertTrue(e.getMessage().startsWith("layer 4 (\"layer4\", ElementWiseMultiplicationLayer) is not a supported layer type for "
                + "pruning. Supported: DenseLayer[W], OutputLayer[W]"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> ParamDiscovery.discover(a, REG, sel(List.of(), List.of(1), List.of(), List.of())));
        assertTrue(e2.getMessage().startsWith("layer 1 (\"layer1\", BatchNormalization) has nothing to prune"),
                e2.getMessage());
    }

    @Test
    void unknownNamesAndIndicesAreErrors() {
        NetworkAdapter a = NetworkAdapter.of(TestNets.mlp(1, 4));
        assertEquals("layer index (5) is not a layer of this MultiLayerNetwork; its layers are "
                + "[0:layer0(DenseLayer), 1:layer1(OutputLayer)]", assertThrows(IllegalArgumentException.class,
                () -> ParamDiscovery.discover(a, REG, sel(List.of(), List.of(), List.of(), List.of(5)))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ParamDiscovery.discover(a, REG,
                sel(List.of(), List.of(), List.of("layer0", "layer1"), List.of()))).getMessage()
                .startsWith("no prunable parameters in this MultiLayerNetwork"));
    }

    @Test
    void bidirectionalLayersHaveTheirRecurrentAndInputWeightsAtTheirFlatOffsetsAndNoBias() {
        // Bidirectional(LSTM) -> GravesBidirectionalLSTM -> wrapped Bidirectional(SimpleRnn) -> RnnOutputLayer
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new Bidirectional(new LSTM.Builder().nOut(3).build()))
                .layer(new GravesBidirectionalLSTM.Builder().nOut(4).build())
                .layer(new PrunedLayer.Builder().layer(new Bidirectional(Bidirectional.Mode.ADD,
                        new SimpleRnn.Builder().nOut(5).build())).build())
                .layer(new RnnOutputLayer.Builder().nOut(2).build())
                .setInputType(InputType.recurrent(2)).build());
        net.init();
        // the keys DL4J gives these layers, read from the network itself
        assertEquals(List.of("0_fW", "0_fRW", "0_fb", "0_bW", "0_bRW", "0_bb", "1_WF", "1_RWF", "1_bF", "1_WB",
                "1_RWB", "1_bB", "2_fW", "2_fRW", "2_fb", "2_bW", "2_bRW", "2_bb", "3_W", "3_b"),
                List.copyOf(net.paramTable().keySet()));
        List<PrunableParam> ps = ParamDiscovery.discover(NetworkAdapter.of(net), REG, LayerSelection.ALL);
        assertEquals(List.of("layer0_fW", "layer0_fRW", "layer0_bW", "layer0_bRW", "layer1_WF", "layer1_RWF",
                "layer1_WB", "layer1_RWB", "layer2_fW", "layer2_fRW", "layer2_bW", "layer2_bRW", "layer3_W"),
                ps.stream().map(PrunableParam::id).toList());
        for (PrunableParam p : ps) {
            String key = p.layerIndex() + "_" + p.paramKey();
            INDArray w = net.getParam(key);
            assertEquals(w.ordering(), p.order());
            assertEquals(w.reshape(w.ordering(), new long[] {w.length()}),
                    net.params().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(p.offset(), p.offset() + p.length())),
                    key + " offset");
        }
    }

    @Test
    void computationGraphUsesVertexNamesAndIndices() {
        NetworkAdapter a = NetworkAdapter.of(TestNets.graph(1, 8));
        assertEquals(List.of("d1_W", "d2_W", "out_W"), ParamDiscovery.discover(a, REG, LayerSelection.ALL).stream()
                .map(PrunableParam::id).toList());
        assertEquals(List.of("d2_W"), ParamDiscovery.discover(a, REG, sel(List.of(), List.of(2), List.of(), List.of()))
                .stream().map(PrunableParam::id).toList());
    }
}
