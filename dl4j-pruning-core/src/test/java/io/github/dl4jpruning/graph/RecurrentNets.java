package io.github.dl4jpruning.graph;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small recurrent networks, input 8 features per time step, 3 classes. */
public final class RecurrentNets {

    private RecurrentNets() {
    }

    private static NeuralNetConfiguration.Builder builder() {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT).updater(new Adam(1e-2));
    }

    private static RnnOutputLayer rnnOut(int nOut) {
        return new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(nOut)
                .activation(Activation.SOFTMAX).build();
    }

    private static MultiLayerNetwork mln(Layer... layers) {
        NeuralNetConfiguration.ListBuilder b = builder().list();
        for (Layer l : layers) {
            b.layer(l);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(b.setInputType(InputType.recurrent(8)).build());
        net.init();
        return net;
    }

    /**
     * LSTM(8 -> 16) -> LSTM(16 -> 12) -> RnnOutputLayer(12 -> 3), with the first LSTM's activation given.
     *
     * @param first the first LSTM's activation
     * @return the initialized network
     */
    public static MultiLayerNetwork lstmStack(Activation first) {
        return mln(new LSTM.Builder().nOut(16).activation(first).build(),
                new LSTM.Builder().nOut(12).activation(Activation.TANH).build(), rnnOut(3));
    }

    /**
     * {@link #lstmStack} with its first LSTM (tanh) wrapped in a {@code PrunedLayer}.
     *
     * @return the initialized network
     */
    public static MultiLayerNetwork wrappedLstmStack() {
        return mln(new io.github.dl4jpruning.nn.conf.PrunedLayer.Builder().layer(new LSTM.Builder().nOut(16)
                        .activation(Activation.TANH).build()).build(),
                new LSTM.Builder().nOut(12).activation(Activation.TANH).build(), rnnOut(3));
    }

    /**
     * SimpleRnn(8 -> 10, tanh) -> Dense(10 -> 6, relu; RnnToFeedForward) -> RnnOutputLayer(6 -> 3).
     *
     * @return the initialized network
     */
    public static MultiLayerNetwork simpleRnn() {
        return mln(new SimpleRnn.Builder().nOut(10).activation(Activation.TANH).build(),
                new DenseLayer.Builder().nOut(6).activation(Activation.RELU).build(), rnnOut(3));
    }

    /**
     * SimpleRnn(8 -> 10, tanh, layer normalization) -> RnnOutputLayer.
     *
     * @return the initialized network
     */
    public static MultiLayerNetwork layerNormRnn() {
        return mln(new SimpleRnn.Builder().nOut(10).activation(Activation.TANH).hasLayerNorm(true).build(),
                rnnOut(3));
    }

    /**
     * GravesLSTM(8 -> 6) -> RnnOutputLayer.
     *
     * @return the initialized network
     */
    public static MultiLayerNetwork graves() {
        return mln(new GravesLSTM.Builder().nOut(6).activation(Activation.TANH).build(), rnnOut(3));
    }

    /**
     * Bidirectional(LSTM(8 -> 5)) -> LSTM(10 -> 4) -> RnnOutputLayer.
     *
     * @return the initialized network
     */
    public static MultiLayerNetwork bidirectional() {
        return mln(new Bidirectional(new LSTM.Builder().nOut(5).activation(Activation.TANH).build()),
                new LSTM.Builder().nOut(4).activation(Activation.TANH).build(), rnnOut(3));
    }

    /**
     * Graph: in -> LSTM "a" (8 -> 10) -> LastTimeStep(LSTM "b" (10 -> 6)) -> Dense "d" (6 -> 4) -> OutputLayer "out".
     *
     * @return the initialized graph
     */
    public static ComputationGraph lastTimeStep() {
        ComputationGraph g = new ComputationGraph(builder().graphBuilder().addInputs("in")
                .addLayer("a", new LSTM.Builder().nOut(10).activation(Activation.TANH).build(), "in")
                .addLayer("b", new LastTimeStep(new LSTM.Builder().nOut(6).activation(Activation.SOFTSIGN).build()),
                        "a")
                .addLayer("d", new DenseLayer.Builder().nOut(4).activation(Activation.RELU).build(), "b")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "d")
                .setOutputs("out").setInputTypes(InputType.recurrent(8)).build());
        g.init();
        return g;
    }
}
