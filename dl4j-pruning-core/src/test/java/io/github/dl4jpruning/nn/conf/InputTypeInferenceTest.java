package io.github.dl4jpruning.nn.conf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.testing.Hostile;
import io.github.dl4jpruning.testing.PrunedPositions;
import io.github.dl4jpruning.testing.TestNets;
import io.github.dl4jpruning.testing.TinyData;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A {@link PrunedLayer} around the first layer of a MultiLayerNetwork (or the first vertex of a ComputationGraph):
 * with an input type DL4J builds exactly the unwrapped network (same layer configurations and preprocessors, same outputs for the same parameters), which then
 * trains and keeps its pruned weights at exactly zero; without one, DL4J's inference from the first layer's class
 * is lost, and binding a listener fails with the {@code setInputType(...)} that fixes it instead of a
 * "Sequence lengths do not match" in {@code fit}.
 */
class InputTypeInferenceTest {

    /** A first layer, the layers after it, the input type and a minibatch of that type. */
    record FirstLayer(String name, Supplier<Layer> first, Supplier<List<Layer>> rest, InputType input,
            Supplier<DataSet> data) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Layer rnnOutput() {
        return new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                .build();
    }

    private static DataSet nwc(DataSet ncw) {
        return new DataSet(ncw.getFeatures().permute(0, 2, 1).dup(), ncw.getLabels().permute(0, 2, 1).dup());
    }

    static Stream<FirstLayer> firstLayers() {
        InputType rnn = InputType.recurrent(4, 5);
        Supplier<DataSet> seq = () -> TinyData.sequences(1, 8, 4, 5, 3);
        Supplier<DataSet> images = () -> TestNets.data().trainIterator(50, 1).next();
        return Stream.of(
                new FirstLayer("LSTM + RnnOutputLayer", () -> new LSTM.Builder().nOut(6).build(),
                        () -> List.of(rnnOutput()), rnn, seq),
                new FirstLayer("LSTM + RnnOutputLayer, NWC", () -> new LSTM.Builder().nOut(6).build(),
                        () -> List.of(rnnOutput()), InputType.recurrent(4, 5, RNNFormat.NWC), () -> nwc(seq.get())),
                new FirstLayer("GravesLSTM + RnnOutputLayer", () -> new GravesLSTM.Builder().nOut(6).build(),
                        () -> List.of(rnnOutput()), rnn, seq),
                new FirstLayer("SimpleRnn + RnnOutputLayer", () -> new SimpleRnn.Builder().nOut(6).build(),
                        () -> List.of(rnnOutput()), rnn, seq),
                new FirstLayer("Bidirectional(LSTM) + RnnOutputLayer",
                        () -> new Bidirectional(new LSTM.Builder().nOut(6).build()), () -> List.of(rnnOutput()), rnn,
                        seq),
                new FirstLayer("Dense + Dense + Output", () -> new DenseLayer.Builder().nOut(32)
                        .activation(Activation.RELU).build(), () -> List.of(new DenseLayer.Builder().nOut(16)
                        .activation(Activation.RELU).build(), new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(10).activation(Activation.SOFTMAX).build()), InputType.feedForward(784), images),
                new FirstLayer("Convolution + Subsampling + Output (flat images: two preprocessors)",
                        () -> new ConvolutionLayer.Builder(5, 5).stride(2, 2).nOut(4).activation(Activation.RELU)
                                .build(),
                        () -> List.of(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build(),
                                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                                        .activation(Activation.SOFTMAX).build()),
                        InputType.convolutionalFlat(28, 28, 1), images));
    }

    private static MultiLayerConfiguration conf(Layer first, List<Layer> rest, InputType input) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(12).dataType(DataType.FLOAT)
                .updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER).list().layer(first);
        rest.forEach(b::layer);
        return b.setInputType(input).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("firstLayers")
    void withAnInputTypeAWrappedFirstLayerBuildsTheUnwrappedNetworkTrainsAndKeepsItsZeros(FirstLayer f) {
        MultiLayerConfiguration wrapped = conf(new PrunedLayer.Builder().layer(f.first().get()).build(),
                f.rest().get(), f.input());
        MultiLayerConfiguration plain = conf(f.first().get(), f.rest().get(), f.input());
        assertEquals(plain, PrunedLayer.withoutWrappers(wrapped), "DL4J configured every layer and preprocessor alike");
        assertEquals(wrapped, MultiLayerConfiguration.fromJson(wrapped.toJson()));
        assertEquals(Optional.empty(), InputTypeInference.problem(wrapped));

        MultiLayerNetwork w = new MultiLayerNetwork(wrapped);
        w.init();
        MultiLayerNetwork p = new MultiLayerNetwork(plain);
        p.init();
        w.setParams(p.params());
        DataSet batch = f.data().get();
        assertArrayEquals(p.output(batch.getFeatures()).dup().data().asFloat(),
                w.output(batch.getFeatures()).dup().data().asFloat(), 0f, "same outputs for the same parameters");

        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).build());
        w.addListeners(l);
        l.prune(w, 0.4);
        for (int i = 0; i < 3; i++) {
            w.fit(batch);
        }
        assertTrue(Double.isFinite(w.score()));
        assertTrue(PrunedPositions.prunedCount(l.state().orElseThrow().mask()) > 0);
        assertEquals(0, PrunedPositions.nonzeroParams(w, l.state().orElseThrow().mask()), "revived pruned weights");
        assertEquals(0, PrunedPositions.nonzeroUpdaterState(w, l.state().orElseThrow().mask()));
    }

    private static ComputationGraphConfiguration graphConf(Layer first, List<Layer> rest, InputType input) {
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(12)
                .dataType(DataType.FLOAT).updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("in").addLayer("l0", first, "in");
        for (int i = 0; i < rest.size(); i++) {
            b.addLayer("l" + (i + 1), rest.get(i), "l" + i);
        }
        return b.setOutputs("l" + rest.size()).setInputTypes(input).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("firstLayers")
    void inAComputationGraphAWrappedFirstLayerBuildsTheUnwrappedGraph(FirstLayer f) {
        ComputationGraphConfiguration wrapped = graphConf(new PrunedLayer.Builder().layer(f.first().get()).build(),
                f.rest().get(), f.input());
        ComputationGraphConfiguration plain = graphConf(f.first().get(), f.rest().get(), f.input());
        assertEquals(plain, PrunedLayer.withoutWrappers(wrapped), "DL4J configured every vertex alike");
        ComputationGraph w = new ComputationGraph(wrapped);
        w.init();
        ComputationGraph p = new ComputationGraph(plain);
        p.init();
        w.setParams(p.params());
        DataSet batch = f.data().get();
        assertArrayEquals(p.outputSingle(batch.getFeatures()).dup().data().asFloat(),
                w.outputSingle(batch.getFeatures()).dup().data().asFloat(), 0f, "same outputs for the same parameters");
        w.fit(batch);
        assertTrue(Double.isFinite(w.score()));
    }

    /** Wrapped LSTM(nIn 4) + RnnOutputLayer(nIn 6) without an input type: DL4J leaves the output's format unset. */
    private static MultiLayerConfiguration wrappedLstmWithoutInputType() {
        return new NeuralNetConfiguration.Builder().seed(12).dataType(DataType.FLOAT).updater(new Adam(1e-2)).list()
                .layer(new PrunedLayer.Builder().layer(new LSTM.Builder().nIn(4).nOut(6).build()).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    @Test
    void withoutAnInputTypeBindingFailsBeforeTrainingAndNamesTheInputTypeToDeclare() {
        MultiLayerNetwork net = new MultiLayerNetwork(wrappedLstmWithoutInputType());
        net.init();
        Hostile.Snapshot before = Hostile.snapshot(List.of(net), List.of());
        Hostile.assertRefused(IllegalArgumentException.class, () -> new PruningListener(PruningConfig.builder()
                .schedule(new ConstantSchedule()).build()).bind(net), before,
                "layer 0 (\"layer0\", PrunedLayer around LSTM)", "layer 1 (\"layer1\", RnnOutputLayer)",
                "Sequence lengths do not match", ".setInputType(InputType.recurrent(4, RNNFormat.NCW))");
    }

    @Test
    void theProblemIsTheLayersDl4jWouldHaveCompletedAndNothingElse() {
        assertEquals(Optional.of("layer 0 (\"layer0\", PrunedLayer around LSTM) hides the network's input type from "
                + "DL4J: without setInputType(...), DL4J infers it from an unwrapped first layer only, so it did not "
                + "complete layer 1 (\"layer1\", RnnOutputLayer) as it does for the unwrapped network (wrong data "
                + "formats, sizes or preprocessors fail in fit, e.g. \"Sequence lengths do not match\"). Declare the "
                + "input type on the list builder: .setInputType(InputType.recurrent(4, RNNFormat.NCW))"),
                InputTypeInference.problem(wrappedLstmWithoutInputType()));
        // the README's example: wrapped Dense layers with every nIn given, no input type: nothing differs
        assertEquals(Optional.empty(), InputTypeInference.problem(TestNets.wrappedMlp(1,
                LayerPruning.DEFAULTS, 8).getLayerWiseConfigurations()));
        // no wrapper, or a first layer DL4J infers nothing from (convolution): nothing to report
        assertEquals(Optional.empty(), InputTypeInference.problem(TestNets.mlp(1, 8).getLayerWiseConfigurations()));
        assertEquals(Optional.empty(), InputTypeInference.problem(new NeuralNetConfiguration.Builder().list()
                .layer(new PrunedLayer.Builder().layer(new ConvolutionLayer.Builder(3, 3).nIn(1).nOut(2).build())
                        .build())
                .layer(new OutputLayer.Builder().nIn(2 * 6 * 6).nOut(2).build()).build()));
        // after the fix the network is the unwrapped one
        MultiLayerConfiguration fixed = new NeuralNetConfiguration.Builder().seed(12).dataType(DataType.FLOAT)
                .updater(new Adam(1e-2)).list()
                .layer(new PrunedLayer.Builder().layer(new LSTM.Builder().nIn(4).nOut(6).build()).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(4, RNNFormat.NCW)).build();
        assertEquals(Optional.empty(), InputTypeInference.problem(fixed));
        MultiLayerNetwork net = new MultiLayerNetwork(fixed);
        net.init();
        net.fit(TinyData.sequences(2, 8, 4, 5, 3));
        assertTrue(Double.isFinite(net.score()));
    }
}
