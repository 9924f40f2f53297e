package io.github.dl4jpruning.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.persist.PrunedModels;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.schedule.OneShotSchedule;
import io.github.dl4jpruning.testing.TestNets;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * DL4J's TransferLearning on pruned networks: a new head on a pruned body (the body keeps its exact zeros through
 * fine-tuning when a PruningListener is attached, and only then; the head stays dense or is pruned as configured), and
 * pruning a network whose first layers are frozen by {@code setFeatureExtractor} (frozen layers are not pruned and keep
 * their weights bit for bit; naming one in {@code includeLayers} is refused).
 */
class TransferLearningTest {

    private static DataSetIterator data(int epoch) {
        return TestNets.data().trainIterator(100, 9, epoch);
    }

    /** 784-32-16-10 pruned to density 0.25 in every layer (LOCAL), then fine-tuned one epoch. */
    private static MultiLayerNetwork prunedBody() {
        MultiLayerNetwork net = TestNets.mlp(3, 32, 16);
        net.addListeners(new PruningListener(PruningConfig.builder().schedule(new OneShotSchedule(1, 0.25))
                .scope(Scope.LOCAL).build()));
        net.fit(data(0), 2);
        net.setListeners();            // the source network is done; its listener stays with it
        return net;
    }

    private static FineTuneConfiguration fineTune() {
        return new FineTuneConfiguration.Builder().updater(new Adam(1e-3)).seed(11).build();
    }

    private static OutputLayer newHead(int nIn) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(nIn).nOut(10)
                .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build();
    }

    private static MultiLayerNetwork withNewHead(MultiLayerNetwork body) {
        return new TransferLearning.Builder(body).fineTuneConfiguration(fineTune())
                .removeOutputLayer().addLayer(newHead(16)).build();
    }

    private static long zerosIn(INDArray a) {
        return a.length() - a.neq(0.0).castTo(org.nd4j.linalg.api.buffer.DataType.INT64).sumNumber().longValue();
    }

    /** Weights that were zero in {@code before} but are not in {@code after}. */
    private static long revived(INDArray before, INDArray after) {
        return TestNets.revivedCount(after, before.neq(0.0).castTo(after.dataType()));
    }

    @Test
    void aNewHeadOnAPrunedBodyKeepsTheBodysZerosThroughFineTuningWithAListener() {
        MultiLayerNetwork body = prunedBody();
        INDArray w0 = body.getLayer(0).getParam("W").dup();
        INDArray w1 = body.getLayer(1).getParam("W").dup();

        MultiLayerNetwork ft = withNewHead(body);
        assertTrue(NetworkAdapter.of(ft).listeners().isEmpty(), "TransferLearning copies no listener");
        assertArrayEquals(w0.dup().ravel().toFloatVector(), ft.getLayer(0).getParam("W").dup().ravel().toFloatVector(), 0f, "weights copied");
        PruningListener keep = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).build());
        ft.addListeners(keep);
        ft.fit(data(2), 2);
        assertEquals(0, revived(w0, ft.getLayer(0).getParam("W")), "layer0 keeps its zeros");
        assertEquals(0, revived(w1, ft.getLayer(1).getParam("W")), "layer1 keeps its zeros");
        assertEquals(zerosIn(w0), zerosIn(ft.getLayer(0).getParam("W")), "and gains none");
        assertNotEquals(w0, ft.getLayer(0).getParam("W"), "the body was fine-tuned");
        assertEquals(0, zerosIn(ft.getLayer(2).getParam("W")), "the new head stays dense");

        MultiLayerNetwork unguarded = withNewHead(body);        // the same without a listener: DL4J revives them
        unguarded.fit(data(2), 1);
        assertTrue(revived(w0, unguarded.getLayer(0).getParam("W")) > 0);
    }

    @Test
    void aNewHeadIsPrunedAsConfiguredWhileTheBodyKeepsItsMasks() {
        MultiLayerNetwork body = prunedBody();
        INDArray w0 = body.getLayer(0).getParam("W").dup();
        INDArray w1 = body.getLayer(1).getParam("W").dup();
        MultiLayerNetwork ft = withNewHead(body);
        PruningListener pruning = new PruningListener(PruningConfig.builder()
                .schedule(new OneShotSchedule(0, 0.25)).scope(Scope.LOCAL).build());
        ft.addListeners(pruning);
        ft.fit(data(2), 1);
        assertEquals(1, pruning.state().orElseThrow().roundsCompleted());
        assertEquals(160 - 40, zerosIn(ft.getLayer(2).getParam("W")), "head: round(0.25 * 160) weights kept");
        assertEquals(zerosIn(w0), zerosIn(ft.getLayer(0).getParam("W")), "body masks unchanged");
        assertEquals(zerosIn(w1), zerosIn(ft.getLayer(1).getParam("W")));
        assertEquals(0, revived(w0, ft.getLayer(0).getParam("W")));
        assertEquals(0, revived(w1, ft.getLayer(1).getParam("W")));
    }

    @Test
    void frozenLayersAreNotPrunedAndKeepTheirWeightsWhileTheOthersArePruned() {
        MultiLayerNetwork body = prunedBody();
        INDArray w0 = body.getLayer(0).getParam("W").dup();
        MultiLayerNetwork ft = new TransferLearning.Builder(body).fineTuneConfiguration(fineTune())
                .setFeatureExtractor(0).build();
        assertInstanceOf(FrozenLayer.class, ft.getLayer(0));
        PruningListener pruning = new PruningListener(PruningConfig.builder()
                .schedule(new OneShotSchedule(0, 0.1)).scope(Scope.LOCAL).build());
        ft.addListeners(pruning);
        ft.fit(data(2), 1);
        List<String> pruned = pruning.state().orElseThrow().params().stream().map(PrunableParam::id).toList();
        assertEquals(List.of("layer1_W", "layer2_W"), pruned, "the frozen layer0 is not pruned");
        assertArrayEquals(w0.dup().ravel().toFloatVector(), ft.getLayer(0).getParam("W").dup().ravel().toFloatVector(), 0f,
                "frozen: bit for bit, zeros included");
        assertEquals(512 - 51, zerosIn(ft.getLayer(1).getParam("W")), "layer1: round(0.1 * 512) kept");

        MultiLayerNetwork ft2 = new TransferLearning.Builder(body).fineTuneConfiguration(fineTune())
                .setFeatureExtractor(0).build();
        PruningListener frozenOnly = new PruningListener(PruningConfig.builder()
                .schedule(new OneShotSchedule(0, 0.1)).includeLayers("layer0").build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> frozenOnly.bind(ft2));
        assertTrue(e.getMessage().contains("layer0") && e.getMessage().contains("FrozenLayer"), e.getMessage());
        assertTrue(frozenOnly.state().isEmpty(), "nothing bound");
    }

    @Test
    void aGraphWithAFrozenFirstLayerAndANewHeadKeepsEveryZero() {
        ComputationGraph source = TestNets.graph(3, 32);
        source.addListeners(new PruningListener(PruningConfig.builder().schedule(new OneShotSchedule(1, 0.25))
                .scope(Scope.LOCAL).build()));
        source.fit(data(0), 2);
        source.setListeners();
        INDArray d1 = source.getLayer("d1").getParam("W").dup();
        INDArray d2 = source.getLayer("d2").getParam("W").dup();
        ComputationGraph ft = new TransferLearning.GraphBuilder(source).fineTuneConfiguration(fineTune())
                .setFeatureExtractor("d1").removeVertexAndConnections("out")
                .addLayer("head", newHead(16), "d2").setOutputs("head").build();
        PruningListener keep = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).build());
        ft.addListeners(keep);
        ft.fit(data(2), 1);
        List<String> pruned = keep.state().orElseThrow().params().stream().map(PrunableParam::id).toList();
        assertEquals(List.of("d2_W", "head_W"), pruned);
        assertArrayEquals(d1.dup().ravel().toFloatVector(), ft.getLayer("d1").getParam("W").dup().ravel().toFloatVector(), 0f, "frozen d1");
        assertEquals(0, revived(d2, ft.getLayer("d2").getParam("W")), "d2 keeps its zeros");
        assertNotEquals(d2, ft.getLayer("d2").getParam("W"), "d2 was fine-tuned");
        assertEquals(0, zerosIn(ft.getLayer("head").getParam("W")), "dense head");
    }

    @Test
    void wrappedLayersAreStrippedBeforeSetFeatureExtractorAndKeepTheirZeros() {
        MultiLayerNetwork source = TestNets.wrappedMlp(3, LayerPruning.builder().targetDensity(0.2).build(), 32, 16);
        PruningListener p = new PruningListener(PruningConfig.builder().schedule(new OneShotSchedule(1, 0.2)).build());
        source.addListeners(p);
        source.fit(data(0), 2);
        source.setListeners();
        INDArray w0 = source.getLayer(0).getParam("W").dup();
        INDArray w1 = source.getLayer(1).getParam("W").dup();

        MultiLayerNetwork wrappedFrozen = new TransferLearning.Builder(source).fineTuneConfiguration(fineTune())
                .setFeatureExtractor(0).build();                // DL4J's FrozenLayer around a PrunedLayer: fails
        assertThrows(ClassCastException.class, () -> wrappedFrozen.fit(data(2).next()));

        MultiLayerNetwork ft = new TransferLearning.Builder(PrunedModels.strip(source)).fineTuneConfiguration(fineTune())
                .setFeatureExtractor(0).removeOutputLayer().addLayer(newHead(16)).build();
        PruningListener keep = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).build());
        ft.addListeners(keep);
        ft.fit(data(2), 1);
        assertArrayEquals(w0.dup().ravel().toFloatVector(), ft.getLayer(0).getParam("W").dup().ravel().toFloatVector(),
                0f, "frozen");
        assertEquals(0, revived(w1, ft.getLayer(1).getParam("W")), "layer1 keeps its zeros");
        assertNotEquals(w1, ft.getLayer(1).getParam("W"), "and was fine-tuned");
    }

    /** Keeps the helper's generic signature honest for both network kinds. */
    @SuppressWarnings("unused")
    private static Model any(Model m) {
        return m;
    }
}
