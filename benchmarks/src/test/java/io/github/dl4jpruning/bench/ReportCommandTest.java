package io.github.dl4jpruning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.internal.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code report a.json b.json}: two imp results written by the test, overlaid in one self-contained page. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReportCommandTest {

    @TempDir
    Path tmp;

    private static Map<String, Double> layers(double l0, double l1) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("layer0_W", l0);
        m.put("layer1_W", l1);
        return m;
    }

    /** An imp result as {@code imp --json} writes it, for criterion {@code criterion}. */
    private Path result(String file, String criterion, double finalAccuracy) throws IOException {
        ImpParams params = new ImpParams("lenet-300-100", 1, 1, 0.5, 0.25, "global", 0.0, 0.0, 0, criterion, "imp", 10,
                0, 4, "unstructured", 0, 42, 128, 1, false, "/data", null, null, true);
        ImpResult r = new ImpResult("imp", "lenet-300-100", params,
                new Environment("CPU", 1, "17.0.15", "1.0.0-M2.1", "Linux"), List.of(
                        new RoundResult(0, 1.0, 0.0, 1.0, 0.85, 2.0, 0.0, layers(1, 1)),
                        new RoundResult(1, 0.5, 0.5, 2.0, 0.84, 2.1, 0.02, layers(0.45, 0.9)),
                        new RoundResult(2, 0.25, 0.75, 4.0, finalAccuracy, 2.2, 0.03, layers(0.2, 0.85))), 7.5);
        Path path = tmp.resolve(file);
        Files.writeString(path, Json.write(r), StandardCharsets.UTF_8);
        return path;
    }

    @Test
    void overlaysTwoRunsInOneSelfContainedPage() throws IOException {
        Path a = result("magnitude.json", "magnitude", 0.83);
        Path b = result("random.json", "random", 0.61);
        Path out = tmp.resolve("compare.html");
        CliRun run = CliRun.configured("report", a.toString(), b.toString(), "--out", out.toString(), "--title",
                "magnitude vs random");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("HTML report of 2 run(s) written to " + out.toAbsolutePath()), run.out());
        String html = Files.readString(out, StandardCharsets.UTF_8);
        assertFalse(html.contains("http://") || html.contains("https://"), "no external link");
        assertTrue(html.contains("<h1>magnitude vs random</h1>"));
        assertTrue(html.contains("<caption>magnitude, imp, global</caption>"));
        assertTrue(html.contains("<caption>random, imp, global</caption>"));
        assertTrue(html.contains("<tr><th>criterion</th><td>differs: magnitude | random</td></tr>"), "differing");
        assertTrue(html.contains("<tr><th>rate</th><td>0.5</td></tr>"), "shared parameter once");
        assertTrue(html.contains("<tr><th>total time</th><td>15.0 s</td></tr>"), "both runs' time");
        assertTrue(html.contains("<tr><td>2</td><td>0.2500</td><td>0.7500</td><td>4.0x</td><td>0.6100</td>"));
        int accuracy = html.indexOf("<section id=\"accuracy\">");
        assertTrue(accuracy > 0, "accuracy chart");
        Matcher m = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)").matcher(html.substring(accuracy));
        assertTrue(m.find());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
        assertNotNull(img);
        assertEquals(900, img.getWidth());
    }

    @Test
    void badFilesAndOutputsExitWithTwoAndWriteNothing() throws IOException {
        Path a = result("a.json", "magnitude", 0.83);
        Path notImp = tmp.resolve("other.json");
        Files.writeString(notImp, "{\"protocol\": \"overhead\"}");
        Path out = tmp.resolve("r.html");
        CliRun missing = CliRun.configured("report", a.toString(), tmp.resolve("missing.json").toString(), "--out",
                out.toString());
        assertEquals(2, missing.exitCode());
        assertEquals("report: " + tmp.resolve("missing.json") + ": must be a readable imp JSON file (it does not "
                + "exist)", missing.err().strip());
        CliRun wrong = CliRun.configured("report", notImp.toString(), "--out", out.toString());
        assertEquals(2, wrong.exitCode());
        assertTrue(wrong.err().startsWith("report: " + notImp + ": not an imp JSON result"), wrong.err());
        CliRun dir = CliRun.configured("report", a.toString(), "--out", tmp.toString());
        assertEquals(2, dir.exitCode());
        assertTrue(dir.err().startsWith("report: out (" + tmp + ") must be a file, not a directory"), dir.err());
        assertFalse(Files.exists(out), "nothing written");
    }
}
