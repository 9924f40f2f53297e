package io.github.dl4jpruning.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.Pruning;
import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.data.FashionMnist;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.nn.conf.PrunedLayer;
import io.github.dl4jpruning.persist.PrunedModels;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.testing.TestNets;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Save, load, resume and strip on the real Fashion-MNIST (first 20,000 training images to keep the run
 * short, the full 10k test set), for LeNet-300-100 as a MultiLayerNetwork with PrunedLayer wrappers and as a
 * plain ComputationGraph: run A trains 1 dense epoch and 4 rounds without interruption; run B saves after
 * round 2, loads into fresh objects and continues; masks, densities and weights must be bitwise equal after
 * every epoch; the stripped network must give identical outputs and accuracy.
 */
class SaveResumeStripIT {

    private static final Logger log = LoggerFactory.getLogger(SaveResumeStripIT.class);
    private static FashionMnist data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() {
        data = FashionMnist.load(FashionMnist.resolveDirectory(null), 20_000, 10_000);
    }

    static Stream<Arguments> nets() {
        return Stream.of(
                Arguments.of("wrapped MultiLayerNetwork", (Supplier<Model>) SaveResumeStripIT::wrappedLeNet, "layer2"),
                Arguments.of("ComputationGraph", (Supplier<Model>) SaveResumeStripIT::graphLeNet, "out"));
    }

    static MultiLayerNetwork wrappedLeNet() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(42)
                .dataType(DataType.FLOAT).updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).list()
                .layer(new PrunedLayer.Builder().layer(new DenseLayer.Builder().nIn(784).nOut(300)
                        .activation(Activation.RELU).build()).targetDensity(0.05).build())
                .layer(new PrunedLayer.Builder().layer(new DenseLayer.Builder().nIn(300).nOut(100)
                        .activation(Activation.RELU).build()).minDensity(0.1).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(100).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    static ComputationGraph graphLeNet() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(42)
                .dataType(DataType.FLOAT).updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("in")
                .addLayer("fc1", new DenseLayer.Builder().nIn(784).nOut(300).activation(Activation.RELU).build(), "in")
                .addLayer("fc2", new DenseLayer.Builder().nIn(300).nOut(100).activation(Activation.RELU).build(), "fc1")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(100).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "fc2")
                .setOutputs("out").build());
        g.init();
        return g;
    }

    /** IMP to density 0.1 with the output layer held at 20% or more (its settings go by name). */
    private static PruningConfig config(String outputLayer) {
        return PruningConfig.builder().schedule(new IterativeSchedule(1, 0.5, 1, 0.1))
                .layer(outputLayer, LayerPruning.builder().minDensity(0.2).build()).build();
    }




    private static double accuracy(Model m) {
        Evaluation e = new Evaluation(10);
        e.eval(data.testSet().getLabels(), TestNets.output(m, data.testSet().getFeatures()));
        return e.accuracy();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nets")
    void saveLoadResumeMatchesUninterruptedTrainingAndStripKeepsOutputs(String kind, Supplier<Model> factory,
            String outputLayer) throws IOException {
        Model a = factory.get();
        PruningListener la = new PruningListener(config(outputLayer));
        TestNets.attach(a, la);
        DataSetIterator itA = data.trainIterator(128, 42);
        List<float[]> masks = new ArrayList<>();
        List<float[]> params = new ArrayList<>();
        for (int e = 0; e < 5; e++) {
            TestNets.fitEpoch(a, itA);
            masks.add(la.state().orElseThrow().mask().toFloatVector());
            params.add(a.params().toFloatVector());
        }

        Model b = factory.get();
        PruningListener lb = new PruningListener(config(outputLayer));
        TestNets.attach(b, lb);
        DataSetIterator itB = data.trainIterator(128, 42);
        for (int e = 0; e < 3; e++) {
            TestNets.fitEpoch(b, itB);
        }
        Path file = tmp.resolve("b.zip");
        PrunedModels.save(b, lb, file);
        PrunedModels.Loaded loaded = PrunedModels.load(file);
        Model b2 = loaded.model();
        assertEquals(2, loaded.listener().state().orElseThrow().roundsCompleted());
        DataSetIterator itB2 = data.trainIterator(128, 42, 3);
        for (int e = 3; e < 5; e++) {
            TestNets.fitEpoch(b2, itB2);
            assertArrayEquals(masks.get(e), loaded.listener().state().orElseThrow().mask().toFloatVector(), 0f,
                    kind + ": mask after epoch " + e);
            assertArrayEquals(params.get(e), b2.params().toFloatVector(), 0f, kind + ": weights after epoch " + e);
        }
        double densityA = la.report(a).density();
        assertEquals(densityA, loaded.listener().report(b2).density(), 0.0);
        assertTrue(densityA <= 0.1 + 1e-9, kind + ": density " + densityA);

        Model plain = Pruning.strip(b2);
        String json = plain instanceof MultiLayerNetwork mln ? mln.getLayerWiseConfigurations().toJson()
                : ((ComputationGraph) plain).getConfiguration().toJson();
        assertFalse(json.contains("io.github.dl4jpruning"));
        INDArray x = data.testSet().getFeatures();
        INDArray diff = TestNets.output(b2, x).sub(TestNets.output(plain, x));
        double maxAbs = diff.amaxNumber().doubleValue();
        assertTrue(maxAbs <= 1e-6, kind + ": max |pruned - stripped| = " + maxAbs);
        File deploy = tmp.resolve(plain instanceof ComputationGraph ? "deploy-graph.zip" : "deploy.zip").toFile();
        ModelSerializer.writeModel(plain, deploy, false);
        Model back = plain instanceof MultiLayerNetwork ? ModelSerializer.restoreMultiLayerNetwork(deploy)
                : ModelSerializer.restoreComputationGraph(deploy);
        double accPruned = accuracy(b2);
        double accStripped = accuracy(back);
        log.info("{}: density {}, accuracy pruned {} stripped {}, max abs output diff {}", kind, densityA, accPruned,
                accStripped, maxAbs);
        assertEquals(accPruned, accStripped, 0.0);
        assertTrue(accPruned >= 0.8, kind + ": accuracy " + accPruned);
        INDArray first = x.get(NDArrayIndex.interval(0, 5), NDArrayIndex.all());
        assertArrayEquals(TestNets.output(b2, first).ravel().toDoubleVector(), loadWithoutThisLibrary(deploy, first), 1e-6,
                kind + ": a JVM without dl4j-pruning on its class path loads the stripped file, same outputs");
    }

    /**
     * Loads a model zip in a separate JVM whose class path holds DL4J/ND4J but none of this project's classes
     * (Java's single-file source launcher runs a 15-line loader), and returns its outputs for {@code x}.
     */
    private double[] loadWithoutThisLibrary(File model, INDArray x) throws IOException {
        String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("dl4j-pruning") && !e.contains("benchmarks") && !e.contains("integration-tests"))
                .collect(Collectors.joining(File.pathSeparator));
        assertTrue(cp.contains("deeplearning4j-nn") && cp.contains("nd4j-native"), "the plain JVM needs DL4J and "
                + "ND4J on an explicit class path (failsafe: useManifestOnlyJar=false): " + cp);
        Path loader = tmp.resolve("LoadPlain.java");
        Files.writeString(loader, String.join("\n",
                "import org.deeplearning4j.util.ModelSerializer;",
                "import org.nd4j.linalg.factory.Nd4j;",
                "public class LoadPlain {",
                "  public static void main(String[] a) throws Exception {",
                "    java.io.File f = new java.io.File(a[0]);",
                "    boolean graph = a[1].equals(\"graph\");",
                "    org.nd4j.linalg.api.ndarray.INDArray x = Nd4j.readNpy(new java.io.File(a[2]));",
                "    org.nd4j.linalg.api.ndarray.INDArray y = graph",
                "        ? ModelSerializer.restoreComputationGraph(f).outputSingle(x)",
                "        : ModelSerializer.restoreMultiLayerNetwork(f).output(x);",
                "    System.out.println(\"OUT=\" + java.util.Arrays.toString(y.ravel().toDoubleVector()));",
                "  }",
                "}"));
        File input = tmp.resolve("x.npy").toFile();
        Nd4j.writeAsNumpy(x, input);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String graph = model.getName().contains("graph") ? "graph" : "mln";
        Process p = new ProcessBuilder(javaBin, "-cp", cp, loader.toString(), model.toString(), graph, input.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            assertEquals(0, p.waitFor(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        String line = out.lines().filter(l -> l.startsWith("OUT=[")).findFirst().orElseThrow(() ->
                new AssertionError("no OUT line from the plain JVM: " + out));
        return Arrays.stream(line.substring(5, line.length() - 1).split(", ")).mapToDouble(Double::parseDouble)
                .toArray();
    }
}
