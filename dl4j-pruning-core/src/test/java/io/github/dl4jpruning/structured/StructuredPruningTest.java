package io.github.dl4jpruning.structured;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.criterion.GroupScore;
import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.criterion.TaylorCriterion;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.testing.TestNets;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Neuron and filter pruning: whole groups of exact zeros, unit counts, and thinning with identical outputs. */
class StructuredPruningTest {

    static MultiLayerNetwork smallLeNet(long seed, boolean batchNorm) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(8).activation(Activation.RELU).build());
        if (batchNorm) {
            b.layer(new BatchNormalization.Builder().build());
        }
        b.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(12).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(20).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1));
        MultiLayerConfiguration conf = b.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static PruningListener structured(Granularity g, Scope scope, double density) {
        return new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).granularity(g).scope(scope)
                .build());
    }

    @Test
    void neuronPruningZeroesWholeColumnsBiasesAndTheNextLayersRows() {
        MultiLayerNetwork net = TestNets.mlp(5, 40, 20);
        net.fit(TestNets.data().trainIterator(100, 1));
        PruningListener l = structured(Granularity.NEURON, Scope.LOCAL, 0.5);
        l.prune(net, 0.5);
        INDArray w0 = net.getLayer(0).getParam("W");
        INDArray b0 = net.getLayer(0).getParam("b");
        INDArray w1 = net.getLayer(1).getParam("W");
        INDArray aliveCols = Transforms.abs(w0, true).sum(0).gt(0.0).castTo(DataType.INT32);
        assertEquals(20, aliveCols.sumNumber().intValue(), "half of 40 neurons kept");
        for (int j = 0; j < 40; j++) {
            boolean alive = aliveCols.getInt(j) == 1;
            if (!alive) {
                assertEquals(0.0, b0.getDouble(0, j), 0.0, "bias of a pruned neuron");
                assertEquals(0.0, Transforms.abs(w1.getRow(j), true).sumNumber().doubleValue(), 0.0,
                        "next layer's row of a pruned neuron");
            }
        }
        assertEquals(10, Transforms.abs(net.getLayer(1).getParam("W"), true).sum(0).gt(0.0).castTo(DataType.INT32)
                .sumNumber().intValue(), "layer1: 10 of 20 neurons");
        // the output layer keeps all 10 classes: each column still has weights from the kept neurons
        assertEquals(10, Transforms.abs(net.getLayer(2).getParam("W"), true).sum(0).gt(0.0).castTo(DataType.INT32)
                .sumNumber().intValue());
        // training keeps the groups at exact zero
        net.addListeners(l);
        net.fit(TestNets.data().trainIterator(100, 2));
        assertEquals(20, Transforms.abs(net.getLayer(0).getParam("W"), true).sum(0).gt(0.0).castTo(DataType.INT32)
                .sumNumber().intValue());
        assertEquals(0, TestNets.revivedCount(net.params(), l.state().orElseThrow().mask()));
    }

    @Test
    void thinningAPrunedMlpGivesIdenticalOutputsAndCarriesTheOptimizerState() {
        MultiLayerNetwork net = TestNets.mlp(5, 40, 20);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new IterativeSchedule(1, 0.5, 1, 0.25))
                .granularity(Granularity.NEURON).scope(Scope.LOCAL).build());
        net.addListeners(l);
        net.fit(TestNets.data().trainIterator(100, 3), 3);      // dense epoch, then 50% and 25% of the neurons
        MultiLayerNetwork thin = Thinning.thin(net);
        assertEquals(10, thin.getLayer(0).getParam("W").size(1));
        assertEquals(5, thin.getLayer(1).getParam("W").size(1));
        assertEquals(10, thin.getLayer(1).getParam("W").size(0));
        assertTrue(thin.numParams() < net.numParams() / 3, thin.numParams() + " of " + net.numParams());
        INDArray x = TestNets.data().testSet().getFeatures();
        assertTrue(net.output(x).equalsWithEps(thin.output(x), 1e-5), "identical outputs");
        // one more step on both: the thinned one (no listener) follows the masked one, so the Adam state was sliced
        DataSet batch = TestNets.data().trainIterator(64, 9).next();
        net.fit(batch);
        thin.fit(batch);
        double diff = net.output(x).sub(thin.output(x)).amaxNumber().doubleValue();
        assertTrue(diff < 1e-4, "after a step: max diff " + diff);
    }

    @Test
    void filterPruningAndThinningOfASmallLeNetWithBatchNormalization() {
        for (boolean bn : new boolean[] {false, true}) {
            MultiLayerNetwork net = smallLeNet(7, bn);
            net.fit(TestNets.data().trainIterator(100, 1));
            PruningListener l = structured(Granularity.FILTER, Scope.LOCAL, 0.5);
            l.prune(net, 0.5);
            int conv1 = 0;
            int conv2 = bn ? 3 : 2;
            int dense = bn ? 5 : 4;
            INDArray f1 = Transforms.abs(net.getLayer(conv1).getParam("W"), true).reshape(8, -1).sum(1);
            assertEquals(4, f1.gt(0.0).castTo(DataType.INT32).sumNumber().intValue(), "4 of 8 filters");
            INDArray in2 = Transforms.abs(net.getLayer(conv2).getParam("W"), true).sum(0, 2, 3);
            assertEquals(4, in2.gt(0.0).castTo(DataType.INT32).sumNumber().intValue(), "conv2 reads 4 channels");
            MultiLayerNetwork thin = Thinning.thin(net);
            assertEquals(4, thin.getLayer(conv1).getParam("W").size(0));
            assertEquals(6, thin.getLayer(conv2).getParam("W").size(0));
            assertEquals(4, thin.getLayer(conv2).getParam("W").size(1));
            assertEquals(6L * 4 * 4, thin.getLayer(dense).getParam("W").size(0), "flattened 6 channels of 4x4");
            assertEquals(10, thin.getLayer(dense).getParam("W").size(1), "20 neurons -> 10");
            if (bn) {
                assertEquals(4, thin.getLayer(1).getParam("gamma").length());
            }
            INDArray x = TestNets.data().testSet().getFeatures();
            assertTrue(net.output(x).equalsWithEps(thin.output(x), 1e-5), "bn=" + bn + ": identical outputs");
        }
    }

    @Test
    void channelGranularityScoresUnitsByTheWeightsThatReadThem() {
        MultiLayerNetwork net = smallLeNet(7, false);
        net.fit(TestNets.data().trainIterator(100, 1));
        // consumer-side L2 norm of each of conv1's 8 output channels: conv2's W[:, j, :, :]
        INDArray readers = net.getLayer(2).getParam("W").permute(1, 0, 2, 3).dup('c').reshape('c', new long[] {8, -1})
                .norm2(1);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .granularity(Granularity.CHANNEL).scope(Scope.LOCAL).build());
        l.prune(net, 0.5);
        INDArray kept = Transforms.abs(net.getLayer(0).getParam("W"), true).reshape(8, -1).sum(1).gt(0.0)
                .castTo(DataType.FLOAT);
        double minKept = Double.MAX_VALUE;
        double maxPruned = -1;
        for (int j = 0; j < 8; j++) {
            double v = readers.getDouble(j);
            if (kept.getDouble(j) == 1.0) {
                minKept = Math.min(minKept, v);
            } else {
                maxPruned = Math.max(maxPruned, v);
            }
        }
        assertEquals(4, kept.sumNumber().intValue());
        assertTrue(minKept >= maxPruned, "kept channels are read hardest: " + minKept + " vs " + maxPruned);
        MultiLayerNetwork thin = Thinning.thin(net);
        assertEquals(4, thin.getLayer(0).getParam("W").size(0));
        INDArray x = TestNets.data().testSet().getFeatures();
        assertTrue(net.output(x).equalsWithEps(thin.output(x), 1e-5));
    }

    @Test
    void ablationScoresKeepTheUnitsWhoseRemovalHurtsMost() {
        MultiLayerNetwork net = TestNets.mlp(5, 12);
        net.fit(TestNets.data().trainIterator(100, 1));
        DataSet held = TestNets.data().testSet();
        double[] deltas = io.github.dl4jpruning.analysis.Ablation.unitLossDeltas(net, "layer0", held);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .granularity(Granularity.NEURON).groupScore(GroupScore.ABLATION).scope(Scope.LOCAL).build());
        l.bind(net);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> l.prune(net, 0.5)).getMessage()
                .startsWith("group score ABLATION needs held-out data"));
        l.ablationData(held).prune(net, 0.5);
        INDArray kept = Transforms.abs(net.getLayer(0).getParam("W"), true).sum(0).gt(0.0).castTo(DataType.FLOAT);
        double minKept = Double.MAX_VALUE;
        double maxPruned = -Double.MAX_VALUE;
        for (int j = 0; j < 12; j++) {
            if (kept.getDouble(j) == 1.0) {
                minKept = Math.min(minKept, deltas[j]);
            } else {
                maxPruned = Math.max(maxPruned, deltas[j]);
            }
        }
        assertEquals(6, kept.sumNumber().intValue());
        assertTrue(minKept >= maxPruned, "kept units hurt most when removed: " + minKept + " vs " + maxPruned);
    }

    @Test
    void aComputationGraphThatIsAChainIsPrunedAndThinnedLikeAMultiLayerNetwork() {
        org.deeplearning4j.nn.graph.ComputationGraph g = TestNets.graph(5, 40);     // in -> d1(40) -> d2(20) -> out
        g.fit(TestNets.data().trainIterator(100, 1));
        PruningListener l = structured(Granularity.NEURON, Scope.LOCAL, 0.5);
        l.prune(g, 0.5);
        g.addListeners(l);
        g.fit(TestNets.data().trainIterator(100, 2));
        org.deeplearning4j.nn.graph.ComputationGraph thin = Thinning.thin(g);
        assertEquals(20, thin.getLayer("d1").getParam("W").size(1));
        assertEquals(10, thin.getLayer("d2").getParam("W").size(1));
        assertEquals(10, thin.getLayer("out").getParam("W").size(0));
        INDArray x = TestNets.data().testSet().getFeatures();
        assertTrue(g.outputSingle(x).equalsWithEps(thin.outputSingle(x), 1e-5), "identical outputs");
        assertFalse(thin.getConfiguration().toJson().contains("dl4jpruning"));
    }

    @Test
    void thinningAnUnprunedNetworkIsTheIdentity() {
        MultiLayerNetwork net = TestNets.mlp(5, 16);
        MultiLayerNetwork thin = Thinning.thin(net);
        assertEquals(net.numParams(), thin.numParams());
        assertEquals(net.params(), thin.params());
        assertFalse(thin.getLayerWiseConfigurations().toJson().contains("dl4jpruning"));
    }

    @Test
    void globalRankingAndTaylorScoresAndFloors() {
        MultiLayerNetwork net = TestNets.mlp(5, 40, 20);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .criterion(new TaylorCriterion()).granularity(Granularity.NEURON).groupScore(GroupScore.TAYLOR)
                .scope(Scope.GLOBAL).minLayerDensity(0.25).build());
        l.collectGradients(net, TestNets.data().trainIterator(100, 1), 3);
        l.prune(net, 0.1);                         // 6 of 60 neurons, but every layer keeps at least 25%
        int k0 = Transforms.abs(net.getLayer(0).getParam("W"), true).sum(0).gt(0.0).castTo(DataType.INT32)
                .sumNumber().intValue();
        int k1 = Transforms.abs(net.getLayer(1).getParam("W"), true).sum(0).gt(0.0).castTo(DataType.INT32)
                .sumNumber().intValue();
        assertTrue(k0 >= 10 && k1 >= 5, k0 + ", " + k1);
    }

    @Test
    void globalRankingComparesEachUnitWithItsOwnLayer() {
        MultiLayerNetwork plain = smallLeNet(6, false);
        MultiLayerNetwork scaled = plain.clone();
        scaled.getLayer(0).getParam("W").muli(1e-3);         // raw norms would empty conv1 first
        PruningListener a = structured(Granularity.FILTER, Scope.GLOBAL, 0.5);
        PruningListener b = structured(Granularity.FILTER, Scope.GLOBAL, 0.5);
        io.github.dl4jpruning.report.PruningReport report = a.prune(plain, 0.5);
        b.prune(scaled, 0.5);
        assertEquals(a.state().orElseThrow().mask(), b.state().orElseThrow().mask(),
                "scaling one layer's weights must not change which units are kept");
        long[] kept = new long[3];
        int[] unitLayers = {0, 2, 4};
        for (int i = 0; i < 3; i++) {
            INDArray w = plain.getLayer(unitLayers[i]).getParam("W");
            INDArray perUnit = i < 2 ? Transforms.abs(w.reshape('c', new long[] {w.size(0), w.length() / w.size(0)}),
                    true).sum(1) : Transforms.abs(w, true).sum(0);
            kept[i] = perUnit.gt(0.0).castTo(DataType.INT64).sumNumber().longValue();
        }
        assertEquals(Math.round(0.5 * (8 + 12 + 20)), kept[0] + kept[1] + kept[2], java.util.Arrays.toString(kept));
        assertTrue(kept[0] > 1 && kept[1] > 1 && kept[2] > 1, java.util.Arrays.toString(kept));
        assertEquals(List.of(new io.github.dl4jpruning.report.UnitStats("layer0", kept[0], 8),
                new io.github.dl4jpruning.report.UnitStats("layer2", kept[1], 12),
                new io.github.dl4jpruning.report.UnitStats("layer4", kept[2], 20)), report.units());
        assertTrue(report.summary().endsWith("; units kept: layer0=" + kept[0] + "/8 layer2=" + kept[1] + "/12 layer4="
                + kept[2] + "/20"), report.summary());
        assertEquals(report, io.github.dl4jpruning.report.PruningReport.fromJson(report.toJson()));
    }

    @Test
    void structuredPruningFollowsMergesAndRefusesWhatItCannotFollow() {
        org.deeplearning4j.nn.graph.ComputationGraph merged = new org.deeplearning4j.nn.graph.ComputationGraph(
                new NeuralNetConfiguration.Builder().seed(1).graphBuilder().addInputs("in")
                        .addLayer("a", new DenseLayer.Builder().nIn(784).nOut(8).build(), "in")
                        .addLayer("b", new DenseLayer.Builder().nIn(784).nOut(8).build(), "in")
                        .addVertex("merge", new org.deeplearning4j.nn.conf.graph.MergeVertex(), "a", "b")
                        .addLayer("out", new OutputLayer.Builder().nIn(16).nOut(10).build(), "merge")
                        .setOutputs("out").build());
        merged.init();
        // a merge is followed now (dependency groups): both branches keep half of their neurons, the output layer's
        // rows follow with their offsets, and the thinned graph computes what the masked one does
        structured(Granularity.NEURON, Scope.LOCAL, 0.5).prune(merged, 0.5);
        org.deeplearning4j.nn.graph.ComputationGraph thinMerged = Thinning.thin(merged);
        assertEquals(4, thinMerged.getLayer("a").getParam("W").size(1));
        assertEquals(4, thinMerged.getLayer("b").getParam("W").size(1));
        assertEquals(8, thinMerged.getLayer("out").getParam("W").size(0));
        INDArray mx = TestNets.data().testSet().getFeatures();
        assertTrue(merged.outputSingle(mx).equalsWithEps(thinMerged.outputSingle(mx), 1e-5));
        // a layer that mixes channels stops the dependency: the producer keeps its units, and the refusal says why
        MultiLayerNetwork lrn = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).build())
                .layer(new org.deeplearning4j.nn.conf.layers.LocalResponseNormalization.Builder().build())
                .layer(new org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer.Builder().build())
                .layer(new OutputLayer.Builder().nOut(3).build())
                .setInputType(InputType.convolutional(6, 6, 1)).build());
        lrn.init();
        IllegalArgumentException stopped = assertThrows(IllegalArgumentException.class,
                () -> structured(Granularity.FILTER, Scope.LOCAL, 0.5).bind(lrn));
        assertEquals(lrn.params(), Thinning.thin(lrn).params(), "nothing is thinned behind the LRN");
        assertTrue(stopped.getMessage().contains("kept: layer0 (layer \"layer1\" (LocalResponseNormalization) normalizes each channel by its neighbours"), stopped.getMessage());
        IllegalArgumentException noHidden = assertThrows(IllegalArgumentException.class,
                () -> structured(Granularity.NEURON, Scope.LOCAL, 0.5).bind(TestNets.mlp(1)));
        assertTrue(noHidden.getMessage().contains("has no hidden Dense layer whose units can be removed"),
                noHidden.getMessage());
        // per-layer granularities are refused when the settings are built, before any network sees them
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TestNets.wrappedMlp(1,
                io.github.dl4jpruning.nn.conf.LayerPruning.builder().granularity(Granularity.NEURON).build(), 16))
                .getMessage().contains("per-layer granularities are not supported yet"));
        MultiLayerNetwork withTarget = TestNets.wrappedMlp(1, io.github.dl4jpruning.nn.conf.LayerPruning.builder()
                .targetDensity(0.5).build(), 16);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> structured(Granularity.NEURON,
                Scope.GLOBAL, 0.5).bind(withTarget)).getMessage().contains("apply to unstructured pruning only"));
    }
}
