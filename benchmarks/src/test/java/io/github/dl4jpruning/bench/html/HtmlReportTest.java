package io.github.dl4jpruning.bench.html;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.bench.Environment;
import io.github.dl4jpruning.bench.RoundResult;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HtmlReport}: the files it writes, the page's content, and its argument checks. The timeout runs each
 * test in its own thread, so a chart layout that never ends (XChart loops forever on some axis settings)
 * fails instead of hanging the build.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HtmlReportTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final Pattern IMG_SRC = Pattern.compile("<img src=\"([^\"]*)\"");
    private static final List<String> SECTIONS = List.of("summary", "accuracy", "layers", "histogram", "loss",
            "rounds");

    @TempDir
    Path tmp;

    // ---------------------------------------------------------------- fixture

    private static Map<String, Double> layers(double l0, double l1, double l2) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("layer0_W", l0);
        m.put("layer1_W", l1);
        m.put("layer2_W", l2);
        return m;
    }

    private static ReportInput.Run globalRun(String name) {
        return new ReportInput.Run(name, List.of(
                new RoundResult(0, 1.0, 0.0, 1.0, 0.9812, 3.25, 0.0, layers(1, 1, 1)),
                new RoundResult(1, 0.5, 0.5, 2.0, 0.98, 2.5, 0.125, layers(0.45, 0.6, 0.9)),
                new RoundResult(2, 0.25, 0.75, 4.0, 0.979, 2.4, 0.071, layers(0.2, 0.35, 0.8)),
                new RoundResult(3, 0.125, 0.875, 8.0, 0.9701, 2.61, 0.09, layers(0.08, 0.2, 0.75))));
    }

    private static ReportInput.Run layerwiseRun() {
        return new ReportInput.Run("magnitude, layerwise", List.of(
                new RoundResult(0, 1.0, 0.0, 1.0, 0.9809, 3.3, 0.0, layers(1, 1, 1)),
                new RoundResult(1, 0.3, 0.7, 1 / 0.3, 0.975, 2.5, 0.11, layers(0.3, 0.3, 0.3)),
                new RoundResult(2, 0.05, 0.95, 20.0, 0.92, 2.5, 0.1, layers(0.05, 0.05, 0.05))));
    }

    private static List<ReportInput.EpochLoss> sixEpochs() {
        return List.of(new ReportInput.EpochLoss(1, 0.62, false), new ReportInput.EpochLoss(2, 0.31, false),
                new ReportInput.EpochLoss(3, 0.45, true), new ReportInput.EpochLoss(4, 0.27, false),
                new ReportInput.EpochLoss(5, 0.52, true), new ReportInput.EpochLoss(6, 0.30, false));
    }

    /** 2,000 N(0, 0.05) weights (seed 7), ten of them exactly 0; the kept ones are those with |w| > 0.06. */
    private static float[][] magnitudes() {
        Random random = new Random(7);
        float[] before = new float[2000];
        for (int i = 0; i < before.length; i++) {
            before[i] = i % 200 == 0 ? 0f : Math.abs((float) (random.nextGaussian() * 0.05));
        }
        float[] after = new float[before.length];
        int kept = 0;
        for (float w : before) {
            if (w > 0.06f) {
                after[kept++] = w;
            }
        }
        return new float[][] {before, Arrays.copyOf(after, kept)};
    }

    private static ReportInput input(String firstRunName, List<ReportInput.EpochLoss> epochs, boolean magnitudes) {
        float[][] m = magnitudes ? magnitudes() : new float[][] {new float[0], new float[0]};
        return new ReportInput("IMP on lenet-300-100",
                "java -jar benchmarks.jar imp --model lenet-300-100 --rounds 3 --out \"results\"",
                new Environment("CPU", 4, "17.0.15", "1.0.0-M2.1", "Linux 6.1 (amd64)"),
                List.of(globalRun(firstRunName), layerwiseRun()), epochs, m[0], m[1]);
    }

    private static ReportInput fullInput() {
        return input("magnitude, global", sixEpochs(), true);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static List<String> imgSources(String html) {
        List<String> srcs = new ArrayList<>();
        Matcher m = IMG_SRC.matcher(html);
        while (m.find()) {
            srcs.add(m.group(1));
        }
        return srcs;
    }

    private static void assertPng900x500(Path png) throws IOException {
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > PNG_SIGNATURE.length, png + " is too short to be a PNG");
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length), png + " PNG signature");
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " must decode");
        assertEquals(900, image.getWidth(), png + " width");
        assertEquals(500, image.getHeight(), png + " height");
    }

    // ---------------------------------------------------------------- bad inputs

    @Test
    void nullInputIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HtmlReport.write(null, tmp.resolve("r")));
        assertEquals("input (null) must be a ReportInput, pass the values to report", e.getMessage());
    }

    @Test
    void nullDirIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HtmlReport.write(fullInput(), null));
        assertEquals("dir (null) must be a folder path, pass where to write the report", e.getMessage());
    }

    @Test
    void dirThatIsAFileIsRejected() throws IOException {
        Path file = Files.writeString(tmp.resolve("report"), "not a folder");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HtmlReport.write(fullInput(), file));
        assertEquals("dir (" + file + ") must be a directory or not exist yet, but it is a file: choose another"
                + " folder or remove the file", e.getMessage());
        assertEquals("not a folder", read(file));
    }

    // ---------------------------------------------------------------- good inputs

    @Test
    void writesIndexWithEverySectionAndTheFormattedRoundTable() throws IOException {
        Path dir = tmp.resolve("a/b/report");
        Path index = HtmlReport.write(fullInput(), dir);
        assertEquals(dir.resolve("index.html"), index);
        String html = read(index);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<meta charset=\"utf-8\">"));
        for (String id : SECTIONS) {
            assertTrue(html.contains("<section id=\"" + id + "\">"), "section " + id);
        }
        // rounds of the first run, formats of the console RoundTable: %.4f density/p/accuracy, %.1fx
        // compression, %.2f epoch seconds, %.3f prune seconds
        assertTrue(html.contains("<tr><td>0</td><td>1.0000</td><td>0.0000</td><td>1.0x</td><td>0.9812</td>"
                + "<td>3.25</td><td>0.000</td></tr>"), html);
        assertTrue(html.contains("<tr><td>1</td><td>0.5000</td><td>0.5000</td><td>2.0x</td><td>0.9800</td>"
                + "<td>2.50</td><td>0.125</td></tr>"));
        assertTrue(html.contains("<tr><td>2</td><td>0.2500</td><td>0.7500</td><td>4.0x</td><td>0.9790</td>"
                + "<td>2.40</td><td>0.071</td></tr>"));
        assertTrue(html.contains("<tr><td>3</td><td>0.1250</td><td>0.8750</td><td>8.0x</td><td>0.9701</td>"
                + "<td>2.61</td><td>0.090</td></tr>"));
        // only the first run fills the rounds table: the layerwise run's 20.0x appears in the summary only
        int roundsStart = html.indexOf("<section id=\"rounds\">");
        String rounds = html.substring(roundsStart, html.indexOf("</section>", roundsStart));
        assertTrue(rounds.contains("<caption>magnitude, global</caption>"));
        assertFalse(rounds.contains("20.0x"));
        // summary: final density, compression, accuracy and difference to the dense 0.9812 of each run
        assertTrue(html.contains("<tr><td>magnitude, global</td><td>4</td><td>0.1250</td><td>8.0x</td>"
                + "<td>0.9701</td><td>-0.0111</td></tr>"));
        assertTrue(html.contains("<tr><td>magnitude, layerwise</td><td>3</td><td>0.0500</td><td>20.0x</td>"
                + "<td>0.9200</td><td>-0.0612</td></tr>"));
        assertTrue(html.contains("Dense baseline accuracy (magnitude, global, round 0): <b>0.9812</b>"));
        assertTrue(html.contains("<tr><th>backend</th><td>CPU</td></tr>"));
        assertTrue(html.contains("<tr><th>threads</th><td>4</td></tr>"));
        assertTrue(html.contains("<tr><th>os</th><td>Linux 6.1 (amd64)</td></tr>"));
    }

    @Test
    void pageIsSelfContainedAndEveryImageIsALocalPngOf900x500() throws IOException {
        Path dir = tmp.resolve("report");
        String html = read(HtmlReport.write(fullInput(), dir));
        assertFalse(html.contains("http://") || html.contains("https://"), "no external links");
        assertFalse(html.contains("<script") || html.contains("<link"), "no scripts or stylesheets");
        assertTrue(html.contains("<style>"));
        List<String> srcs = imgSources(html);
        assertEquals(List.of("accuracy-vs-density.png", "layer-density.png", "weight-histogram.png", "loss.png"),
                srcs);
        for (String src : srcs) {
            Path png = dir.resolve(src);
            assertTrue(Files.isRegularFile(png), src + " exists");
            assertPng900x500(png);
        }
        assertEquals(4, html.split("<img ", -1).length - 1);
        assertEquals(4, html.split(" alt=\"[^\"]+\"", -1).length - 1, "every image has alt text");
    }

    @Test
    void stringsFromTheInputAreEscaped() throws IOException {
        String html = read(HtmlReport.write(input("run <b>& 'x'", sixEpochs(), true), tmp.resolve("r")));
        assertTrue(html.contains("run &lt;b&gt;&amp; &#39;x&#39;"));
        assertFalse(html.contains("<b>&"));
        assertTrue(html.contains("--out &quot;results&quot;</pre>"));
        assertEquals("a&lt;b&gt;&amp;&quot;&#39;", HtmlReport.escape("a<b>&\"'"));
    }

    @Test
    void emptyEpochsOmitTheLossChartAndRemoveAStaleOne() throws IOException {
        Path dir = tmp.resolve("report");
        HtmlReport.write(fullInput(), dir);
        assertTrue(Files.exists(dir.resolve("loss.png")));
        Path unrelated = Files.writeString(dir.resolve("notes.txt"), "mine");

        String html = read(HtmlReport.write(input("magnitude, global", List.of(), true), dir));
        assertFalse(Files.exists(dir.resolve("loss.png")));
        assertTrue(html.contains("<section id=\"loss\">"));
        assertTrue(html.contains("no per-epoch loss recorded"));
        assertFalse(html.contains("loss.png"));
        assertEquals("mine", read(unrelated), "files the report does not own are left alone");
        for (String src : imgSources(html)) {
            assertPng900x500(dir.resolve(src));
        }
    }

    @Test
    void emptyMagnitudesOmitTheHistogram() throws IOException {
        Path dir = tmp.resolve("report");
        String html = read(HtmlReport.write(input("magnitude, global", sixEpochs(), false), dir));
        assertFalse(Files.exists(dir.resolve("weight-histogram.png")));
        assertTrue(html.contains("<section id=\"histogram\">"));
        assertTrue(html.contains("no non-zero weight magnitudes recorded"));
        assertEquals(List.of("accuracy-vs-density.png", "layer-density.png", "loss.png"), imgSources(html));
    }

    @Test
    void everyWeightPrunedShowsInfiniteCompressionAndStillDrawsTheCharts() throws IOException {
        ReportInput.Run run = new ReportInput.Run("collapse", List.of(
                new RoundResult(0, 1.0, 0.0, 1.0, 0.9, 1, 0, layers(1, 1, 1)),
                new RoundResult(1, 0.0, 1.0, null, 0.1, 1, 0.5, layers(0, 0, 0))));
        ReportInput in = new ReportInput("t", "c", new Environment("CPU", 1, "17", "1.0.0-M2.1", "os"),
                List.of(run), List.of(new ReportInput.EpochLoss(1, 2.3, true)), new float[] {0.5f},
                new float[0]);
        Path dir = tmp.resolve("report");
        String html = read(HtmlReport.write(in, dir));
        assertTrue(html.contains("<tr><td>1</td><td>0.0000</td><td>1.0000</td><td>inf</td><td>0.1000</td>"
                + "<td>1.00</td><td>0.500</td></tr>"));
        for (String src : imgSources(html)) {
            assertPng900x500(dir.resolve(src));
        }
        assertEquals(4, imgSources(html).size());
    }
}
