package io.github.dl4jpruning.htmlreport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.Pruning;
import io.github.dl4jpruning.analysis.SensitivityAnalysis;
import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Runs the README's "Reports from your own training" example (on the synthetic images of
 * {@link PruningHtmlReportTest}) and checks that the README shows exactly this code: the block between the markers
 * below equals the README block after {@code <!-- snippet: html-report -->}, with {@code // README: A => B}
 * lines reading {@code B} for {@code A}.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReadmeReportExampleTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCE = Path.of("src", "test", "java", "io", "github", "dl4jpruning", "htmlreport",
            "ReadmeReportExampleTest.java");

    @TempDir
    Path tmp;

    @Test
    void theExampleWritesAReport() throws IOException {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(42)
                .updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(24).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(24).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        DataSet testSet = PruningHtmlReportTest.images();
        DataSetIterator train = new ListDataSetIterator<>(testSet.asList(), 50);
        DataSetIterator test = new ListDataSetIterator<>(testSet.asList(), 100);

        // --- README html-report example begins ---
        long start = System.nanoTime();
        PruningListener pruning = Pruning.attach(net, PruningConfig.builder()
                .schedule(new IterativeSchedule(1, 0.5, 1, 0.25)).minLayerDensity(0.05).build());
        net.fit(train);                                        // 1 dense epoch
        double dense = net.evaluate(test).accuracy();
        float[] before = WeightMagnitudes.of(net, pruning);    // |w| before the first mask update
        List<Double> accuracies = new ArrayList<>();
        for (int round = 1; round <= 2; round++) {
            net.fit(train);                                    // prunes at the epoch start, then fine-tunes
            accuracies.add(net.evaluate(test).accuracy());
        }
        Path html = PruningHtmlReport.builder()
                .title("IMP on my MLP")
                .parameter("schedule", "IterativeSchedule(1, 0.5, 1, 0.25)").parameter("updater", "Adam(1e-2)")
                .run(ReportRun.builder("magnitude, global").listener(pruning)   // one row per mask update
                        .denseAccuracy(dense).accuracies(accuracies).build())
                .layerFloor(pruning.config().minLayerDensity())
                .magnitudes(before, WeightMagnitudes.of(net, pruning))
                .inputConnections(InputConnections.of(net, pruning))            // 784 inputs: a 28 x 28 image
                .sensitivity(SensitivityAnalysis.run(net, testSet))
                .totalTime(Duration.ofNanos(System.nanoTime() - start))
                .build()
                .write(tmp.resolve("report.html"));                            // README: tmp.resolve("report.html") => Path.of("report.html")
        // --- README html-report example ends ---

        String page = Files.readString(html, StandardCharsets.UTF_8);
        for (String id : List.of("summary", "rounds", "accuracy", "layers", "histogram", "input", "sensitivity")) {
            assertTrue(page.contains("<section id=\"" + id + "\">"), id);
        }
        assertTrue(page.contains("<tr><th>updater</th><td>Adam(1e-2)</td></tr>"));
    }

    @Test
    void readmeShowsThisCode() throws IOException {
        assertEquals(testBlock(), readmeBlock(), "README snippet \"html-report\" differs from this test: change both");
    }

    private static List<String> readmeBlock() throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        int at = lines.indexOf("<!-- snippet: html-report -->");
        assertTrue(at >= 0, "README.md has no <!-- snippet: html-report --> marker");
        assertEquals("```java", lines.get(at + 1), "the marker must be followed by a ```java block");
        List<String> out = new ArrayList<>();
        for (int i = at + 2; !lines.get(i).equals("```"); i++) {
            out.add(lines.get(i).stripTrailing());
        }
        return out;
    }

    private static List<String> testBlock() throws IOException {
        List<String> lines = Files.readAllLines(SOURCE, StandardCharsets.UTF_8).stream().map(String::trim).toList();
        List<String> raw = Files.readAllLines(SOURCE, StandardCharsets.UTF_8);
        int begin = lines.indexOf("// --- README html-report example begins ---");
        int end = lines.indexOf("// --- README html-report example ends ---");
        assertTrue(begin >= 0 && end > begin, "no README html-report example markers");
        List<String> block = new ArrayList<>();
        for (String line : raw.subList(begin + 1, end)) {
            int c = line.indexOf("// README:");
            if (c >= 0) {
                String[] ab = line.substring(c + "// README:".length()).split("=>");
                String code = line.substring(0, c).stripTrailing();
                line = code.replace(ab[0].trim(), ab[1].trim());
            }
            block.add(line.stripTrailing());
        }
        int indent = block.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return block.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }
}
