package io.github.dl4jpruning.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.nn.conf.PrunedLayer;
import io.github.dl4jpruning.registry.PrunableLayerRegistry;
import io.github.dl4jpruning.schedule.OneShotSchedule;
import io.github.dl4jpruning.testing.PrunedPositions;
import io.github.dl4jpruning.testing.TinyData;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GravesBidirectionalLSTM;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Every layer kind the registry prunes besides Dense/Output/Convolution (covered elsewhere) trains under a
 * {@link PruningListener} with a {@link OneShotSchedule}: one dense epoch, one-shot pruning to 30%, two more epochs;
 * afterwards every pruned weight is exactly 0.0 and so is the optimizer state at its position (read from DL4J's
 * updater blocks, not through the library), biases are never pruned, and the kept weights did train. The last test
 * does the same for a network whose layers have different updaters (several updater blocks with different state
 * layouts).
 */
class LayerKindsTrainingTest {

    private static final int VOCABULARY = 10;

    /** One layer kind: the layer under test, its input type, the output layer and the data. */
    record Kind(String name, Supplier<Layer> layer, InputType input, Supplier<Layer> output,
            java.util.function.LongFunction<DataSet> data, List<String> prunedKeys) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Layer rnnOutput() {
        return new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                .build();
    }

    static Stream<Kind> kinds() {
        java.util.function.LongFunction<DataSet> seq = s -> TinyData.sequences(s, 8, 4, 5, 3);
        InputType rnn = InputType.recurrent(4, 5);
        return Stream.of(
                new Kind("LSTM", () -> new LSTM.Builder().nOut(6).build(), rnn, LayerKindsTrainingTest::rnnOutput,
                        seq, List.of("W", "RW")),
                new Kind("GravesLSTM", () -> new GravesLSTM.Builder().nOut(6).build(), rnn,
                        LayerKindsTrainingTest::rnnOutput, seq, List.of("W", "RW")),
                new Kind("SimpleRnn", () -> new SimpleRnn.Builder().nOut(6).build(), rnn,
                        LayerKindsTrainingTest::rnnOutput, seq, List.of("W", "RW")),
                new Kind("Bidirectional(LSTM)", () -> new Bidirectional(new LSTM.Builder().nOut(6).build()), rnn,
                        LayerKindsTrainingTest::rnnOutput, seq, List.of("fW", "fRW", "bW", "bRW")),
                new Kind("GravesBidirectionalLSTM", () -> new GravesBidirectionalLSTM.Builder().nOut(6).build(), rnn,
                        LayerKindsTrainingTest::rnnOutput, seq, List.of("WF", "RWF", "WB", "RWB")),
                // embeddings: no input type (setInputType would override nIn, the vocabulary, with 1)
                new Kind("EmbeddingLayer", () -> new EmbeddingLayer.Builder().nIn(VOCABULARY).nOut(6).hasBias(true)
                        .build(), null, () -> new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3)
                        .activation(Activation.SOFTMAX).build(),
                        s -> TinyData.tokens(s, 8, 1, VOCABULARY, 3), List.of("W")),
                new Kind("EmbeddingSequenceLayer", () -> new EmbeddingSequenceLayer.Builder().nIn(VOCABULARY).nOut(6)
                        .inputLength(5).hasBias(true).build(), null, () -> new RnnOutputLayer.Builder(
                        LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3).activation(Activation.SOFTMAX)
                        .dataFormat(RNNFormat.NCW).build(), s -> TinyData.tokens(s, 8, 5, VOCABULARY, 3),
                        List.of("W")));
    }

    private static MultiLayerNetwork net(Kind k, boolean wrapped) {
        Layer l = k.layer().get();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER).list()
                .layer(wrapped ? new PrunedLayer.Builder().layer(l).build() : l)
                .layer(k.output().get())
                .setInputType(k.input()).build();      // null: none
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void everyKindHereIsInTheRegistryWithItsRealWeightKeys() {
        for (Kind k : kinds().toList()) {
            MultiLayerNetwork net = net(k, false);
            assertEquals(k.prunedKeys(), PrunableLayerRegistry.defaults().support(k.layer().get()).paramKeys(),
                    k.name());
            for (String key : k.prunedKeys()) {
                assertTrue(net.paramTable().containsKey("0_" + key), k + ": DL4J has no parameter 0_" + key + " in "
                        + net.paramTable().keySet());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void prunedWeightsAndTheirOptimizerStateStayExactlyZero(Kind k) {
        for (boolean wrapped : new boolean[] {false, true}) {
            MultiLayerNetwork net = net(k, wrapped);
            PruningListener l = new PruningListener(PruningConfig.builder().schedule(new OneShotSchedule(1, 0.3))
                    .build());
            net.addListeners(l);
            MaskState state = l.bind(net);
            List<String> ids = state.params().stream().filter(p -> p.layerIndex() == 0).map(PrunableParam::paramKey)
                    .toList();
            assertEquals(k.prunedKeys(), ids, k + (wrapped ? " wrapped" : "") + ": discovered keys (no bias)");
            DataSetIterator data = TinyData.iterator(4, k.data());
            net.fit(data, 1);
            INDArray dense = net.params().dup();
            net.fit(data, 2);                       // pruned at the start of epoch 1, then two epochs
            assertEquals(1, state.roundsCompleted());
            long pruned = PrunedPositions.prunedCount(state.mask());
            assertEquals(Math.round(0.7 * state.prunableCount()), pruned, Math.max(2, pruned / 50.0),
                    k + ": 70% of the prunable weights are pruned");
            assertEquals(0, PrunedPositions.nonzeroParams(net, state.mask()), k + ": revived pruned weights");
            assertEquals(0, PrunedPositions.nonzeroUpdaterState(net, state.mask()), k + ": optimizer state");
            assertNotEquals(dense, net.params(), k + ": the kept weights trained");
        }
    }

    @Test
    void differentUpdatersPerLayerKeepTheirStateZeroAtPrunedPositions() {
        // Adam (state M|V) on layers 0 and 2, Nesterovs (state V) on layer 1, Adam with another rate on the output:
        // four updater blocks whose state layouts differ
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5)
                .dataType(DataType.FLOAT).updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(24).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(16).activation(Activation.RELU)
                        .updater(new Nesterovs(1e-2, 0.9)).build())
                .layer(new PrunedLayer.Builder().layer(new DenseLayer.Builder().nOut(12).activation(Activation.RELU)
                        .build()).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).updater(new Adam(5e-3)).build())
                .setInputType(InputType.feedForward(784)).build());
        net.init();
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new OneShotSchedule(1, 0.25))
                .build());
        net.addListeners(l);
        DataSetIterator data = io.github.dl4jpruning.testing.TestNets.data().trainIterator(100, 4);
        net.fit(data, 3);
        MaskState state = l.state().orElseThrow();
        var blocks = PrunedPositions.updater(net).getUpdaterBlocks();
        assertEquals(4, blocks.size(), "one updater block per run of equal updater configurations");
        assertEquals(List.of(2L, 1L, 2L, 2L), blocks.stream().map(b -> (long) (b.getUpdaterViewOffsetEnd()
                - b.getUpdaterViewOffsetStart()) / (b.getParamOffsetEnd() - b.getParamOffsetStart())).toList(),
                "state segments per block: Adam M|V, Nesterovs V, Adam, Adam");
        assertTrue(PrunedPositions.prunedCount(state.mask()) > 0.7 * state.prunableCount());
        assertEquals(0, PrunedPositions.nonzeroParams(net, state.mask()));
        assertEquals(0, PrunedPositions.nonzeroUpdaterState(net, state.mask()));
    }
}
