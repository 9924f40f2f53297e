package io.github.dl4jpruning.testing;

import io.github.dl4jpruning.data.FashionMnist;
import io.github.dl4jpruning.data.FashionMnistFixture;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.nn.conf.PrunedLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Tiny seeded networks on Fashion-MNIST's 784 inputs and 10 classes, for unit tests. */
public final class TestNets {

    private static FashionMnist fixture;

    private TestNets() {
    }

    /**
     * The 1,000/200-example Fashion-MNIST fixture (loaded once). Needs {@code dl4j-pruning-data} and its
     * test-jar on the test classpath.
     *
     * @return the data
     */
    public static synchronized FashionMnist data() {
        if (fixture == null) {
            fixture = FashionMnistFixture.load();
        }
        return fixture;
    }

    /**
     * An MLP 784 → hidden... → 10 (ReLU, softmax, MCXENT, Xavier, Adam 1e-3, float).
     *
     * @param seed the seed
     * @param hidden widths of the hidden Dense layers
     * @return the initialized network
     */
    public static MultiLayerNetwork mlp(long seed, int... hidden) {
        return mlp(seed, new Adam(1e-3), hidden);
    }

    /**
     * As {@link #mlp(long, int...)} with another updater.
     *
     * @param seed the seed
     * @param updater the updater of every layer
     * @param hidden widths of the hidden Dense layers
     * @return the initialized network
     */
    public static MultiLayerNetwork mlp(long seed, org.nd4j.linalg.learning.config.IUpdater updater, int... hidden) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.FLOAT).updater(updater).weightInit(WeightInit.XAVIER).list();
        int in = 784;
        for (int h : hidden) {
            b.layer(new DenseLayer.Builder().nIn(in).nOut(h).activation(Activation.RELU).build());
            in = h;
        }
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(in).nOut(10)
                .activation(Activation.SOFTMAX).build());
        MultiLayerConfiguration conf = b.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * As {@link #mlp}, with every hidden layer wrapped in a {@link PrunedLayer} carrying {@code settings}.
     *
     * @param seed the seed
     * @param settings the per-layer settings of every wrapper
     * @param hidden widths of the hidden Dense layers
     * @return the initialized network
     */
    public static MultiLayerNetwork wrappedMlp(long seed, LayerPruning settings, int... hidden) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.FLOAT).updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).list();
        int in = 784;
        for (int h : hidden) {
            b.layer(new PrunedLayer.Builder().layer(new DenseLayer.Builder().nIn(in).nOut(h)
                    .activation(Activation.RELU).build()).settings(settings).build());
            in = h;
        }
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(in).nOut(10)
                .activation(Activation.SOFTMAX).build());
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    /**
     * As {@link #graph}, with "d1" and "d2" wrapped in {@link PrunedLayer}s carrying {@code settings}.
     *
     * @param seed the seed
     * @param hidden width of the first hidden layer
     * @param settings the per-layer settings of both wrappers
     * @return the initialized graph
     */
    public static ComputationGraph wrappedGraph(long seed, int hidden, LayerPruning settings) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.FLOAT).updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("in")
                .addLayer("d1", new PrunedLayer.Builder().layer(new DenseLayer.Builder().nIn(784).nOut(hidden)
                        .activation(Activation.RELU).build()).settings(settings).build(), "in")
                .addLayer("d2", new PrunedLayer.Builder().layer(new DenseLayer.Builder().nIn(hidden).nOut(hidden / 2)
                        .activation(Activation.RELU).build()).settings(settings).build(), "d1")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden / 2).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "d2")
                .setOutputs("out").build();
        ComputationGraph cg = new ComputationGraph(conf);
        cg.init();
        return cg;
    }

    /**
     * A ComputationGraph 784 → "d1"(hidden) → "d2"(hidden/2) → "out"(10), same settings as {@link #mlp}.
     *
     * @param seed the seed
     * @param hidden width of the first hidden layer
     * @return the initialized graph
     */
    public static ComputationGraph graph(long seed, int hidden) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.FLOAT).updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("in")
                .addLayer("d1", new DenseLayer.Builder().nIn(784).nOut(hidden).activation(Activation.RELU).build(), "in")
                .addLayer("d2", new DenseLayer.Builder().nIn(hidden).nOut(hidden / 2).activation(Activation.RELU)
                        .build(), "d1")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden / 2).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "d2")
                .setOutputs("out").build();
        ComputationGraph cg = new ComputationGraph(conf);
        cg.init();
        return cg;
    }

    /**
     * Counts the entries of {@code weights} that are exactly 0.0 where {@code mask} is 0 but are not.
     *
     * @param weights a weight array
     * @param mask the mask of the same shape
     * @return the number of pruned weights that are not exactly zero
     */
    public static long revivedCount(INDArray weights, INDArray mask) {
        INDArray pruned = mask.eq(0.0).castTo(DataType.INT64);
        INDArray nonzero = weights.neq(0.0).castTo(DataType.INT64);
        return pruned.muli(nonzero).sumNumber().longValue();
    }

    /**
     * Trains one epoch of a MultiLayerNetwork or ComputationGraph.
     *
     * @param model the network
     * @param data the training iterator
     */
    public static void fitEpoch(org.deeplearning4j.nn.api.Model model, org.nd4j.linalg.dataset.api.iterator.DataSetIterator data) {
        if (model instanceof MultiLayerNetwork mln) {
            mln.fit(data);
        } else {
            ((ComputationGraph) model).fit(data);
        }
    }

    /**
     * Adds a listener to a MultiLayerNetwork or ComputationGraph.
     *
     * @param model the network
     * @param listener the listener
     */
    public static void attach(org.deeplearning4j.nn.api.Model model, org.deeplearning4j.optimize.api.TrainingListener listener) {
        if (model instanceof MultiLayerNetwork mln) {
            mln.addListeners(listener);
        } else {
            ((ComputationGraph) model).addListeners(listener);
        }
    }

    /**
     * The (single) output of a MultiLayerNetwork or ComputationGraph.
     *
     * @param model the network
     * @param x the features
     * @return the output
     */
    public static INDArray output(org.deeplearning4j.nn.api.Model model, INDArray x) {
        return model instanceof MultiLayerNetwork mln ? mln.output(x) : ((ComputationGraph) model).outputSingle(x);
    }

    /**
     * Counts the ND4J ops that {@code fits} calls of {@code net.fit(batch)} execute (ND4J's OpProfiler in
     * OPERATIONS mode, switched off again afterwards).
     *
     * @param net the network
     * @param batch the minibatch fitted
     * @param fits how many times to fit it
     * @return the op invocations over all fits
     */
    public static long opsOverFits(MultiLayerNetwork net, org.nd4j.linalg.dataset.DataSet batch, int fits) {
        org.nd4j.linalg.factory.Nd4j.getExecutioner().setProfilingMode(
                org.nd4j.linalg.api.ops.executioner.OpExecutioner.ProfilingMode.OPERATIONS);
        org.nd4j.linalg.profiler.OpProfiler.getInstance().reset();
        try {
            for (int i = 0; i < fits; i++) {
                net.fit(batch);
            }
            return org.nd4j.linalg.profiler.OpProfiler.getInstance().getInvocationsCount();
        } finally {
            org.nd4j.linalg.factory.Nd4j.getExecutioner().setProfilingMode(
                    org.nd4j.linalg.api.ops.executioner.OpExecutioner.ProfilingMode.DISABLED);
        }
    }

    /**
     * One fit step of a MultiLayerNetwork or a ComputationGraph on one DataSet.
     *
     * @param m the network
     * @param d the minibatch
     */
    public static void fit(org.deeplearning4j.nn.api.Model m, org.nd4j.linalg.dataset.DataSet d) {
        if (m instanceof MultiLayerNetwork mln) {
            mln.fit(d);
        } else {
            ((ComputationGraph) m).fit(d);
        }
    }
}
