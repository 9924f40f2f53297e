package io.github.dl4jpruning.bench.model;

import io.github.dl4jpruning.bench.BenchmarkCli;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import picocli.CommandLine;

/**
 * Tiny networks written to model zips for the model-command tests (no dataset: one training step on seeded random
 * data), their exact counts computed on the Java heap, and a runner for the command line.
 */
final class ModelFixtures {

    /** Inputs of the tiny networks. */
    static final int IN = 6;

    private ModelFixtures() {
    }

    /** One command-line run with captured output. */
    record Run(int exitCode, String out, String err) {
    }

    /**
     * Runs the configured command line of {@code benchmarks.jar}.
     *
     * @param args the arguments
     * @return exit code and output
     */
    static Run cli(String... args) {
        CommandLine cli = BenchmarkCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * A MultiLayerNetwork 6-10-8-3 trained one step on random data, with the first four weights of layer 0 set to
     * exact zeros.
     *
     * @return the network
     */
    static MultiLayerNetwork mln() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7)
                .updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(IN).nOut(10).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(10).nOut(8).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        net.fit(data());
        INDArray w = net.getParam("0_W");
        for (int i = 0; i < 4; i++) {
            w.putScalar(0, i, 0.0);
        }
        return net;
    }

    /**
     * A ComputationGraph in -> d1 (10) -> d2 (8) -> out (3), a chain, trained one step on random data.
     *
     * @return the graph
     */
    static ComputationGraph graph() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(11)
                .updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in")
                .addLayer("d1", new DenseLayer.Builder().nIn(IN).nOut(10).activation(Activation.RELU).build(), "in")
                .addLayer("d2", new DenseLayer.Builder().nIn(10).nOut(8).activation(Activation.RELU).build(), "d1")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "d2")
                .setOutputs("out").build());
        g.init();
        g.fit(data());
        return g;
    }

    private static DataSet data() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, IN);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 3);
        for (int i = 0; i < 16; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        return new DataSet(x, y);
    }

    /**
     * Writes a network with DL4J's ModelSerializer.
     *
     * @param model the network
     * @param file the zip
     * @return the file
     * @throws IOException if writing fails
     */
    static Path write(Model model, Path file) throws IOException {
        ModelSerializer.writeModel(model, file.toFile(), true);
        return file;
    }

    /**
     * Loads a zip with plain DL4J.
     *
     * @param file the zip
     * @param graph whether it holds a ComputationGraph
     * @return the network
     * @throws IOException if reading fails
     */
    static Model restore(Path file, boolean graph) throws IOException {
        File f = file.toFile();
        return graph ? ModelSerializer.restoreComputationGraph(f, true) : ModelSerializer.restoreMultiLayerNetwork(f,
                true);
    }

    /**
     * Seeded random inputs.
     *
     * @return 20 x 6 floats
     */
    static INDArray input() {
        Nd4j.getRandom().setSeed(99);
        return Nd4j.rand(DataType.FLOAT, 20, IN);
    }

    /**
     * The network's output.
     *
     * @param model the network
     * @param x the input
     * @return the output as floats
     */
    static float[] output(Model model, INDArray x) {
        INDArray o = model instanceof ComputationGraph g ? g.outputSingle(x) : ((MultiLayerNetwork) model).output(x);
        return o.dup('c').data().asFloat();
    }

    /**
     * Every parameter's element count and exact zeros, counted on the heap.
     *
     * @param model the network
     * @return per id ({@code <layerName>_<key>}): {count, zeros}
     */
    static Map<String, long[]> counts(Model model) {
        Map<String, long[]> out = new LinkedHashMap<>();
        if (model instanceof MultiLayerNetwork net) {
            for (int i = 0; i < net.getnLayers(); i++) {
                String name = net.getLayer(i).conf().getLayer().getLayerName();
                for (Map.Entry<String, INDArray> e : net.getLayer(i).paramTable().entrySet()) {
                    out.put((name == null ? "layer" + i : name) + "_" + e.getKey(), count(e.getValue()));
                }
            }
        } else {
            ComputationGraph g = (ComputationGraph) model;
            for (org.deeplearning4j.nn.api.Layer l : g.getLayers()) {
                for (Map.Entry<String, INDArray> e : l.paramTable().entrySet()) {
                    out.put(l.conf().getLayer().getLayerName() + "_" + e.getKey(), count(e.getValue()));
                }
            }
        }
        return out;
    }

    private static long[] count(INDArray a) {
        float[] v = a.dup('c').data().asFloat();
        long zeros = 0;
        for (float f : v) {
            if (f == 0f) {
                zeros++;
            }
        }
        return new long[] {v.length, zeros};
    }

    /**
     * Non-zero weights of the prunable parameters (the {@code W} of every layer here).
     *
     * @param model the network
     * @return per id: non-zero count
     */
    static Map<String, Long> weightNonzeros(Model model) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts(model).forEach((id, c) -> {
            if (id.endsWith("_W")) {
                out.put(id, c[0] - c[1]);
            }
        });
        return out;
    }
}
