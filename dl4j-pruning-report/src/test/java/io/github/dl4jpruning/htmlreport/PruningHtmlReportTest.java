package io.github.dl4jpruning.htmlreport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.analysis.SensitivityAnalysis;
import io.github.dl4jpruning.analysis.SensitivityReport;
import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The report API used as a user would: a small 784-24-10 network trained on a synthetic 28 x 28 image task (each
 * class lights up its own two rows), pruned by the core's IMP schedule in two rounds (1.0 -> 0.5 -> 0.25), then
 * the report written from the listener's history and the accuracies measured after every round. The timeout runs
 * each test in its own thread, so a chart layout that never ends fails instead of hanging the build.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PruningHtmlReportTest {

    private static final Pattern IMG_SRC = Pattern.compile("<img[^>]* src=\"([^\"]*)\"");
    private static final Pattern DATA_PNG = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)");

    private static MultiLayerNetwork net;
    private static PruningListener pruning;
    private static double dense;
    private static List<Double> accuracies;
    private static float[] before;
    private static float[] after;
    private static SensitivityReport sensitivity;

    @TempDir
    Path tmp;

    /** 200 examples: 28 x 28 noise in [0, 0.3) plus rows 2c and 2c+1 at 1 for class c (seeded). */
    static DataSet images() {
        Random random = new Random(11);
        int n = 200;
        INDArray x = Nd4j.zeros(n, 784);
        INDArray y = Nd4j.zeros(n, 10);
        for (int i = 0; i < n; i++) {
            int c = i % 10;
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                x.putScalar(i, p, (row / 2 == c ? 1.0 : 0.0) + 0.3 * random.nextDouble());
            }
            y.putScalar(i, c, 1.0);
        }
        return new DataSet(x, y);
    }

    @BeforeAll
    static void train() {
        net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(42).updater(new Adam(1e-2))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(24).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(24).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        pruning = new PruningListener(PruningConfig.builder()
                .schedule(new IterativeSchedule(1, 0.5, 1, 0.25)).minLayerDensity(0.05).build());
        net.addListeners(pruning);
        DataSet data = images();
        ListDataSetIterator<DataSet> train = new ListDataSetIterator<>(data.asList(), 50);
        net.fit(train);                                           // dense epoch
        dense = net.evaluate(train).accuracy();
        before = WeightMagnitudes.of(net, pruning);
        accuracies = new ArrayList<>();
        for (int round = 1; round <= 2; round++) {
            net.fit(train);                                       // prunes at the epoch start, then fine-tunes
            accuracies.add(net.evaluate(train).accuracy());
        }
        after = WeightMagnitudes.of(net, pruning);
        sensitivity = SensitivityAnalysis.run(net, data, List.of(0.5, 0.1));
    }

    private static ReportRun run() {
        return ReportRun.builder("magnitude, global").listener(pruning).denseAccuracy(dense).accuracies(accuracies)
                .build();
    }

    private static PruningHtmlReportBuilder fullReport() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("schedule", "IterativeSchedule(1, 0.5, 1, 0.25)");
        params.put("learning rate", 0.01);
        return PruningHtmlReport.builder().title("IMP on a <synthetic> MLP").parameters(params)
                .parameter("seed", 42).run(run())
                .layerFloor(pruning.config().minLayerDensity())
                .magnitudes(before, after)
                .inputConnections(InputConnections.of(net, pruning))
                .sensitivity(sensitivity)
                .epochLosses(List.of(new EpochLoss(1, 1.2, false), new EpochLoss(2, 0.8, true),
                        new EpochLoss(3, 0.5, true)))
                .totalTime(Duration.ofMillis(12_345))
                .date(Instant.parse("2026-12-01T03:30:00Z"))
                .gitCommit(Optional.of("0123456789abcdef0123456789abcdef01234567"));
    }

    private static List<String> imgSources(String html) {
        List<String> srcs = new ArrayList<>();
        Matcher m = IMG_SRC.matcher(html);
        while (m.find()) {
            srcs.add(m.group(1));
        }
        return srcs;
    }

    private static BufferedImage decode(String src) throws IOException {
        Matcher m = DATA_PNG.matcher(src);
        assertTrue(m.matches(), "inline PNG expected, found " + src.substring(0, Math.min(40, src.length())));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
        assertNotNull(img, "PNG decodes");
        return img;
    }

    private static String section(String html, String id) {
        int start = html.indexOf("<section id=\"" + id + "\">");
        assertTrue(start >= 0, "section " + id + " present");
        return html.substring(start, html.indexOf("</section>", start));
    }

    @Test
    void trainingPrunedTwiceAsConfigured() {
        List<PruningReport> history = pruning.state().orElseThrow().history();
        assertEquals(2, history.size());
        assertEquals(0.5, history.get(0).density(), 1e-4);
        assertEquals(0.25, history.get(1).density(), 1e-4);
    }

    @Test
    void writesOneSelfContainedFileWithEverySection() throws IOException {
        Path file = fullReport().build().write(tmp.resolve("out").resolve("report.html"));
        assertTrue(Files.isRegularFile(file));
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "one file, no charts beside it, no temporary left");
        }
        String html = Files.readString(file, StandardCharsets.UTF_8);
        assertFalse(html.contains("http://"), "no external link");
        assertFalse(html.contains("https://"), "no external link");
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.contains("<link"), "no stylesheet link");
        for (String id : List.of("summary", "result", "rounds", "accuracy", "layers", "histogram", "input",
                "sensitivity", "loss")) {
            section(html, id);
        }
        List<String> srcs = imgSources(html);
        assertEquals(6, srcs.size(), "accuracy, layers, histogram, input, sensitivity, loss");
        int charts = 0;
        for (String src : srcs) {
            assertTrue(src.startsWith("data:image/png;base64,"), "inline image");
            BufferedImage img = decode(src);
            if (img.getWidth() == Charts.WIDTH) {
                assertEquals(Charts.HEIGHT, img.getHeight());
                charts++;
            }
        }
        assertEquals(5, charts, "five charts of 900 x 500, and the 28 x 28 picture");
    }

    @Test
    void headerHoldsParametersDateVersionCommitAndTime() {
        String header = section(fullReport().build().toHtml(), "summary");
        assertTrue(header.contains("<h1>IMP on a &lt;synthetic&gt; MLP</h1>"), "title, escaped");
        assertTrue(header.contains("<tr><th>schedule</th><td>IterativeSchedule(1, 0.5, 1, 0.25)</td></tr>"));
        assertTrue(header.contains("<tr><th>learning rate</th><td>0.01</td></tr>"));
        assertTrue(header.contains("<tr><th>seed</th><td>42</td></tr>"));
        assertTrue(header.contains("<tr><th>date</th><td>2026-12-01T03:30:00Z</td></tr>"));
        assertTrue(header.contains("<tr><th>git commit</th><td>0123456789abcdef0123456789abcdef01234567</td></tr>"));
        assertTrue(header.contains("<tr><th>total time</th><td>12.3 s</td></tr>"));
        String version = BuildInfo.libraryVersion();
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), "version read from build.properties: " + version);
        assertTrue(header.contains("<tr><th>dl4j-pruning</th><td>" + version + "</td></tr>"));
    }

    @Test
    void oneRowPerRoundWithTheListenersDensitiesAndTheAccuracies() {
        String rounds = section(fullReport().build().toHtml(), "rounds");
        Matcher row = Pattern.compile("<tr><td>(\\d+)</td><td>([0-9.]+)</td><td>[0-9.]+</td><td>[^<]+</td>"
                + "<td>([0-9.]+)</td>").matcher(rounds);
        List<PruningReport> history = pruning.state().orElseThrow().history();
        List<String> expected = new ArrayList<>();
        expected.add(String.format(java.util.Locale.ROOT, "0 1.0000 %.4f", dense));
        for (int i = 0; i < history.size(); i++) {
            expected.add(String.format(java.util.Locale.ROOT, "%d %.4f %.4f", i + 1, history.get(i).density(),
                    accuracies.get(i)));
        }
        List<String> found = new ArrayList<>();
        while (row.find()) {
            found.add(row.group(1) + " " + row.group(2) + " " + row.group(3));
        }
        assertEquals(expected, found);
        assertTrue(found.get(1).startsWith("1 0.5000") && found.get(2).startsWith("2 0.2500"), found.toString());
    }

    @Test
    void inputPictureIsTwentyEightSquareWithTheMaskCounts() throws IOException {
        InputConnections c = InputConnections.of(net, pruning);
        assertEquals(784, c.inputs());
        assertEquals(24, c.outputs());
        long kept = 0;
        for (int k : c.keptPerInput()) {
            kept += k;
        }
        assertEquals(pruning.report(net).layers().get(0).nonzeroCount(), kept, "sum over inputs = kept weights");
        String input = section(fullReport().build().toHtml(), "input");
        BufferedImage img = decode(imgSources(input).get(0));
        assertEquals(28, img.getWidth());
        assertEquals(28, img.getHeight());
        int[] counts = c.keptPerInput();
        int max = java.util.Arrays.stream(counts).max().orElseThrow();
        assertTrue(max > 0 && max <= 24);
        for (int i = 0; i < counts.length; i++) {
            int grey = img.getRaster().getSample(i % 28, i / 28, 0);
            assertEquals(Math.round(255.0 * counts[i] / max), grey, "pixel " + i + " (row-major)");
        }
        assertTrue(input.contains("white " + max + " (the most connected input)"), input);
    }

    @Test
    void configuredImageShapeAndNonSquareInputs() {
        PruningHtmlReport wide = fullReport().inputImage(56, 14).build();
        assertEquals(56, wide.imageWidth());
        assertEquals(14, wide.imageHeight());
        InputConnections odd = new InputConnections("layer0_W", 4, new int[] {1, 2, 3});
        String html = PruningHtmlReport.builder().title("t").run(run()).inputConnections(odd).build().toHtml();
        assertTrue(section(html, "input").contains("3 inputs are not a square image"));
    }

    @Test
    void severalRunsOverlayInOneAccuracyChart() {
        ReportRun other = ReportRun.builder("random, global").rounds(List.of(
                ReportRound.of(0, 1.0, Map.of("layer0_W", 1.0)).withAccuracy(0.9),
                ReportRound.of(1, 0.5, Map.of("layer0_W", 0.5)).withAccuracy(0.6))).build();
        PruningHtmlReport report = PruningHtmlReport.builder().title("compare").run(run()).run(other).build();
        String html = report.toHtml();
        assertEquals(2, report.runs().size());
        assertTrue(section(html, "rounds").contains("<caption>random, global</caption>"));
        assertTrue(section(html, "result").contains("<td>random, global</td><td>2</td><td>0.5000</td>"));
        section(html, "accuracy");
    }

    @Test
    void thresholdKeepsTheFinalDensityOfTheWeightsBefore() {
        float[] w = {0.1f, 0.4f, 0f, 0.3f, 0.2f, 0.5f, 0.05f, 0.6f};
        assertEquals(0.5f, Histogram.threshold(w, 0.25).getAsDouble(), 0.0, "2 of 8 kept: 0.6 and 0.5");
        assertTrue(Histogram.threshold(w, 0.01).isEmpty(), "keeps no weight");
    }

    @Test
    void badInputIsRefusedWithFieldValueAndRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReportRun
                .builder("r").listener(pruning).accuracies(List.of(0.9)).build());
        assertEquals("accuracies of run \"r\" (1 values) must hold one accuracy per pruning round: 2 round(s) in "
                + "the history, so exactly 2 values (the dense accuracy goes to denseAccuracy)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ReportRun.builder("r").accuracies(List.of(0.9, 1.5)));
        assertEquals("accuracies[1] (1.5) must be in [0, 1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ReportRun.builder("r").denseAccuracy(Double.NaN));
        assertEquals("denseAccuracy (NaN) must be in [0, 1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ReportRun.builder(" "));
        assertTrue(e.getMessage().startsWith("name (\" \") must be a non-blank legend label"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ReportRun.builder("r").build());
        assertTrue(e.getMessage().startsWith("history of run \"r\" (none) is required"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PruningHtmlReport.builder().run(run()).build());
        assertEquals("title (none) is required: call title(\"...\")", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PruningHtmlReport.builder().title("t").build());
        assertEquals("runs (0) must hold at least one run: call run(ReportRun)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PruningHtmlReport.builder().layerFloor(1.5));
        assertEquals("layerFloor (1.5) must be in [0, 1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fullReport().inputImage(28, 27).build());
        assertEquals("inputImage (28 x 27 = 756 pixels) must match the inputs of layer0_W (784)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PruningHtmlReport.builder().parameter("k", null));
        assertEquals("parameter k (null) must have a value", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new InputConnections("layer0_W", 4, new int[] {5}));
        assertEquals("keptPerInput[0] (5) must be in [0, 4] (the layer's output units)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> fullReport().build().write(tmp));
        assertTrue(e.getMessage().startsWith("file (" + tmp + ") must be a file path, but it is a directory"));
        IllegalStateException unbound = assertThrows(IllegalStateException.class, () -> ReportRun.builder("r")
                .listener(new PruningListener(pruning.config())));
        assertTrue(unbound.getMessage().startsWith("listener is not bound to a network yet"), unbound.getMessage());
        assertThrows(IllegalStateException.class, () -> WeightMagnitudes.of(net, new PruningListener(
                pruning.config())));
    }

    @Test
    void reportIsImmutable() {
        float[] b = before.clone();
        PruningHtmlReport report = PruningHtmlReport.builder().title("t").run(run()).magnitudes(b, after).build();
        b[0] = 123f;
        report.magnitudesBefore()[1] = 456f;
        assertEquals(before[0], report.magnitudesBefore()[0]);
        assertEquals(before[1], report.magnitudesBefore()[1]);
        assertThrows(UnsupportedOperationException.class, () -> report.parameters().put("k", "v"));
        assertThrows(UnsupportedOperationException.class, () -> report.runs().add(run()));
        assertTrue(report.toString().startsWith("PruningHtmlReport[title=t, runs=[magnitude, global], "),
                report.toString());
    }
}
