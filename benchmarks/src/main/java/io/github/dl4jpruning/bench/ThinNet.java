package io.github.dl4jpruning.bench;

import io.github.dl4jpruning.data.FashionMnist;
import io.github.dl4jpruning.structured.Thinning;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * What {@code thin} does with a network, for a {@link MultiLayerNetwork} and a {@link ComputationGraph} alike:
 * train, infer, thin, build the same shape afresh, count FLOPs and time every layer (the layers of a graph are its
 * vertices in topological order, input vertices left out).
 */
abstract class ThinNet {

    /** The wrapped network. */
    final Model model;

    private ThinNet(Model model) {
        this.model = model;
    }

    /**
     * Wraps a network.
     *
     * @param model a MultiLayerNetwork or ComputationGraph with one input and one output
     * @return the wrapper
     */
    static ThinNet of(Model model) {
        if (model instanceof MultiLayerNetwork m) {
            return new Mln(m);
        }
        if (model instanceof ComputationGraph g) {
            return new Graph(g);
        }
        throw new IllegalArgumentException("model (" + model.getClass().getName() + ") must be a MultiLayerNetwork or "
                + "a ComputationGraph");
    }

    /**
     * Trains one epoch (with {@link CommandSupport#skipInputGradients} applied first, as every CLI training does).
     *
     * @param train one epoch of training data; fit resets it first
     */
    void fit(DataSetIterator train) {
        CommandSupport.skipInputGradients(model);
        fitEpoch(train);
    }

    /** @param train one epoch of training data; fit resets it first */
    abstract void fitEpoch(DataSetIterator train);

    /** @return the network's output for {@code x} (inference mode) */
    abstract INDArray output(INDArray x);

    /** @return the thinned network ({@link Thinning#thin}) */
    ThinNet thinned() {
        return of(Thinning.thin(model));
    }

    /**
     * Frees the activations of one timed forward pass at once. Outside a workspace every activation is fresh
     * off-heap memory that only the garbage collector would free, and it collects too rarely: timing
     * {@code resnet-mini-16} layer by layer grew the process past 24 GB. Each buffer is closed once, never the
     * input's, and views are left alone (their buffer belongs to another array).
     *
     * @param arrays the activations, in any order, possibly sharing buffers
     * @param input the batch that was fed in
     */
    static void release(java.util.Collection<INDArray> arrays, INDArray input) {
        java.util.Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        seen.add(root(input));
        for (INDArray a : arrays) {
            if (a != null && !a.wasClosed() && seen.add(root(a)) && !a.isView() && a.closeable()) {
                a.close();
            }
        }
    }

    /** The buffer an array's memory belongs to. */
    private static Object root(INDArray a) {
        org.nd4j.linalg.api.buffer.DataBuffer d = a.data();
        return d.originalDataBuffer() != null ? d.originalDataBuffer() : d;
    }

    /** @return a network of the same configuration with fresh weights */
    abstract ThinNet builtAfresh();

    /** @return the names of the timed layers, in order */
    abstract List<String> layerNames();

    /** @return FLOPs per example of each timed layer: 2 per multiply-add of Dense/Output and convolution layers */
    abstract long[] layerFlops();

    /**
     * Seconds per layer for {@code x} in batches, layer by layer as inference runs them (input preprocessors
     * included).
     *
     * @param x the features
     * @param batch the batch size
     * @return seconds per timed layer
     */
    double[] layerTimes(INDArray x, int batch) {
        long rows = x.rows();
        double[] t = new double[layerNames().size()];
        for (long s = 0; s < rows; s += batch) {
            forwardTimed(x.get(NDArrayIndex.interval(s, Math.min(rows, s + batch)), NDArrayIndex.all()), t);
        }
        return t;
    }

    /** Runs one batch layer by layer, adding each layer's seconds to {@code t}. */
    abstract void forwardTimed(INDArray batch, double[] t);

    /**
     * Seconds for the inference of {@code x} in batches.
     *
     * @param x the features
     * @param batch the batch size
     * @return wall seconds
     */
    double time(INDArray x, int batch) {
        long rows = x.rows();
        long t0 = System.nanoTime();
        for (long s = 0; s < rows; s += batch) {
            output(x.get(NDArrayIndex.interval(s, Math.min(rows, s + batch)), NDArrayIndex.all()));
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Test accuracy.
     *
     * @param test the test set
     * @return the share classified correctly
     */
    double accuracy(DataSet test) {
        Evaluation e = new Evaluation();
        e.eval(test.getLabels(), output(test.getFeatures()));
        return e.accuracy();
    }

    /** @return the parameter count */
    long numParams() {
        return model.numParams();
    }

    /** @return the FLOPs per example of the whole network */
    long flops() {
        long sum = 0;
        for (long f : layerFlops()) {
            sum += f;
        }
        return sum;
    }

    /** @return the size of the model zip without updater */
    long zipBytes() {
        try {
            File f = File.createTempFile("thin", ".zip");
            try {
                ModelSerializer.writeModel(model, f, false);
                return Files.size(f.toPath());
            } finally {
                Files.deleteIfExists(f.toPath());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a temporary model zip", e);
        }
    }

    /** 2 per multiply-add of a convolution or Dense/Output layer with this output type, else 0 (BatchNormalization too). */
    static long flopsOf(Layer l, InputType out) {
        if (l instanceof ConvolutionLayer c) {
            InputType.InputTypeConvolutional o = (InputType.InputTypeConvolutional) out;
            return 2L * c.getKernelSize()[0] * c.getKernelSize()[1] * c.getNIn() * c.getNOut() * o.getHeight()
                    * o.getWidth();
        }
        if (l instanceof FeedForwardLayer ff && !(l instanceof BatchNormalization)) {
            return 2L * ff.getNIn() * ff.getNOut();
        }
        return 0;
    }

    private static final class Mln extends ThinNet {
        private final MultiLayerNetwork net;

        Mln(MultiLayerNetwork net) {
            super(net);
            this.net = net;
        }

        @Override
        void fitEpoch(DataSetIterator train) {
            net.fit(train);
        }

        @Override
        INDArray output(INDArray x) {
            return net.output(x);
        }

        @Override
        ThinNet builtAfresh() {
            MultiLayerNetwork m = new MultiLayerNetwork(net.getLayerWiseConfigurations().clone());
            m.init();
            return new Mln(m);
        }

        @Override
        List<String> layerNames() {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < net.getnLayers(); i++) {
                names.add(net.getLayer(i).conf().getLayer().getLayerName());
            }
            return names;
        }

        @Override
        long[] layerFlops() {
            MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
            InputType in = net.getLayer(0).conf().getLayer() instanceof ConvolutionLayer
                    ? InputType.convolutionalFlat(FashionMnist.ROWS, FashionMnist.COLUMNS, 1)
                    : InputType.feedForward(FashionMnist.PIXELS);
            List<InputType> types = conf.getLayerActivationTypes(in);
            long[] f = new long[conf.getConfs().size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = flopsOf(conf.getConf(i).getLayer(), types.get(i));
            }
            return f;
        }

        @Override
        void forwardTimed(INDArray batch, double[] t) {
            MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
            LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
            INDArray a = batch;
            List<INDArray> made = new ArrayList<>();
            for (int i = 0; i < net.getnLayers(); i++) {
                long t0 = System.nanoTime();
                InputPreProcessor pre = conf.getInputPreProcess(i);
                if (pre != null) {
                    a = pre.preProcess(a, (int) a.size(0), mgr);
                    made.add(a);
                }
                a = net.getLayer(i).activate(a, false, mgr);
                made.add(a);
                t[i] += (System.nanoTime() - t0) / 1e9;
            }
            for (int i = 0; i < net.getnLayers(); i++) {
                net.getLayer(i).clear();
            }
            release(made, batch);
        }
    }

    private static final class Graph extends ThinNet {
        private final ComputationGraph net;
        private final List<GraphVertex> timed = new ArrayList<>();

        Graph(ComputationGraph net) {
            super(net);
            this.net = net;
            if (net.getNumInputArrays() != 1 || net.getNumOutputArrays() != 1) {
                throw new IllegalArgumentException("model has " + net.getNumInputArrays() + " inputs and "
                        + net.getNumOutputArrays() + " outputs: thin takes graphs with one of each");
            }
            for (int i : net.topologicalSortOrder()) {
                GraphVertex v = net.getVertices()[i];
                if (!v.isInputVertex()) {
                    timed.add(v);
                }
            }
        }

        @Override
        void fitEpoch(DataSetIterator train) {
            net.fit(train);
        }

        @Override
        INDArray output(INDArray x) {
            return net.outputSingle(x);
        }

        @Override
        ThinNet builtAfresh() {
            ComputationGraph g = new ComputationGraph(net.getConfiguration().clone());
            g.init();
            return new Graph(g);
        }

        @Override
        List<String> layerNames() {
            return timed.stream().map(GraphVertex::getVertexName).toList();
        }

        @Override
        long[] layerFlops() {
            ComputationGraphConfiguration conf = net.getConfiguration();
            Map<String, InputType> types = conf.getLayerActivationTypes(
                    InputType.convolutionalFlat(FashionMnist.ROWS, FashionMnist.COLUMNS, 1));
            long[] f = new long[timed.size()];
            for (int i = 0; i < f.length; i++) {
                GraphVertex v = timed.get(i);
                f[i] = v.hasLayer() ? flopsOf(v.getLayer().conf().getLayer(), types.get(v.getVertexName())) : 0;
            }
            return f;
        }

        @Override
        void forwardTimed(INDArray batch, double[] t) {
            LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
            Map<Integer, INDArray> acts = new HashMap<>();
            for (GraphVertex v : net.getVertices()) {
                if (v.isInputVertex()) {
                    acts.put(v.getVertexIndex(), batch);
                }
            }
            for (int i = 0; i < timed.size(); i++) {
                GraphVertex v = timed.get(i);
                long t0 = System.nanoTime();
                VertexIndices[] in = v.getInputVertices();
                for (int j = 0; j < in.length; j++) {
                    v.setInput(j, acts.get(in[j].getVertexIndex()), mgr);
                }
                acts.put(v.getVertexIndex(), v.doForward(false, mgr));
                t[i] += (System.nanoTime() - t0) / 1e9;
            }
            for (GraphVertex v : timed) {
                v.clear();
            }
            release(acts.values(), batch);
        }
    }
}
