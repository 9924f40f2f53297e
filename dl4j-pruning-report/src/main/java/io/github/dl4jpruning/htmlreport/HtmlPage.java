package io.github.dl4jpruning.htmlreport;

import io.github.dl4jpruning.analysis.SensitivityReport;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.internal.chartpart.Chart;

/** Renders a {@link PruningHtmlReport} as one self-contained page (package-private). */
final class HtmlPage {

    /** Largest displayed side of the input picture in CSS pixels (it is scaled up without smoothing). */
    static final int IMAGE_DISPLAY = 280;

    private HtmlPage() {
    }

    static String render(PruningHtmlReport r) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        StringBuilder h = new StringBuilder(262_144);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(r.title())).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        header(h, r);
        result(h, r.runs());
        rounds(h, r.runs());
        if (r.runs().stream().anyMatch(run -> run.rounds().stream().anyMatch(x -> x.accuracy().isPresent()))) {
            chart(h, "accuracy", "Accuracy vs density", Charts.accuracy(r.runs()),
                    "Accuracy against density on a log axis, one line per run, dense baseline dashed");
            h.insert(h.lastIndexOf("</section>"), "<p>One line per run; where a run has several rows at one density "
                    + "(e.g. one per epoch) the line shows the last. Dashed: the best accuracy at density 1.0.</p>\n");
        }
        ReportRun first = r.runs().get(0);
        if (first.rounds().stream().anyMatch(x -> !x.layerDensity().isEmpty())) {
            chart(h, "layers", "Density per layer", Charts.layers(first, r.layerFloor()),
                    "Density of each prunable parameter per round of " + first.name() + ", log axis");
        }
        histogram(h, r);
        input(h, r);
        r.sensitivity().ifPresent(s -> sensitivity(h, s));
        if (r.epochLosses().stream().anyMatch(e -> Double.isFinite(e.meanLoss()))) {
            chart(h, "loss", "Training loss", Charts.loss(r.epochLosses()),
                    "Mean training loss per epoch, epochs that updated the masks marked");
        }
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, PruningHtmlReport r) {
        h.append("<section id=\"summary\">\n<h1>").append(escape(r.title())).append("</h1>\n<table class=\"kv\">\n");
        kv(h, "date", r.date().truncatedTo(ChronoUnit.SECONDS).toString());
        kv(h, "dl4j-pruning", r.libraryVersion());
        r.gitCommit().ifPresent(c -> kv(h, "git commit", c));
        r.totalTime().ifPresent(t -> kv(h, "total time", seconds(t)));
        h.append("</table>\n");
        r.command().ifPresent(c -> h.append("<h2>Command</h2>\n<pre>").append(escape(c)).append("</pre>\n"));
        if (!r.parameters().isEmpty()) {
            h.append("<h2>Parameters</h2>\n<table class=\"kv\" id=\"parameters\">\n");
            r.parameters().forEach((k, v) -> kv(h, k, v));
            h.append("</table>\n");
        }
        h.append("<h2>Environment</h2>\n<table class=\"kv\">\n");
        r.environment().forEach((k, v) -> kv(h, k, v));
        h.append("</table>\n</section>\n");
    }

    private static void result(StringBuilder h, List<ReportRun> runs) {
        h.append("<section id=\"result\">\n<h2>Result</h2>\n<table class=\"num\">\n<thead><tr><th>run</th>")
                .append("<th>rounds</th><th>final density</th><th>compression</th><th>final accuracy</th>")
                .append("<th>vs first round</th></tr></thead>\n<tbody>\n");
        for (ReportRun run : runs) {
            ReportRound first = run.rounds().get(0);
            ReportRound last = run.rounds().get(run.rounds().size() - 1);
            h.append("<tr><td>").append(escape(run.name())).append("</td><td>").append(run.rounds().size())
                    .append("</td><td>").append(fmt("%.4f", last.density())).append("</td><td>")
                    .append(compression(last)).append("</td><td>").append(opt("%.4f", last.accuracy()))
                    .append("</td><td>");
            if (first.accuracy().isPresent() && last.accuracy().isPresent()) {
                h.append(fmt("%+.4f", last.accuracy().getAsDouble() - first.accuracy().getAsDouble()));
            }
            h.append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static void rounds(StringBuilder h, List<ReportRun> runs) {
        h.append("<section id=\"rounds\">\n<h2>Rounds</h2>\n");
        for (ReportRun run : runs) {
            h.append("<table class=\"num rounds\">\n<caption>").append(escape(run.name()))
                    .append("</caption>\n<thead><tr><th>round</th><th>density</th><th>p</th><th>compression</th>")
                    .append("<th>accuracy</th><th>epoch s</th><th>prune s</th></tr></thead>\n<tbody>\n");
            for (ReportRound x : run.rounds()) {
                h.append("<tr><td>").append(x.round()).append("</td><td>").append(fmt("%.4f", x.density()))
                        .append("</td><td>").append(fmt("%.4f", 1 - x.density())).append("</td><td>")
                        .append(compression(x)).append("</td><td>").append(opt("%.4f", x.accuracy()))
                        .append("</td><td>").append(opt("%.2f", x.epochSeconds())).append("</td><td>")
                        .append(opt("%.3f", x.pruneSeconds())).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
        h.append("</section>\n");
    }

    private static void histogram(StringBuilder h, PruningHtmlReport r) {
        float[] before = r.magnitudesBefore();
        Histogram hist = Histogram.of(before, r.magnitudesAfter(), Charts.HISTOGRAM_BINS);
        if (hist == null) {
            return;
        }
        List<ReportRound> rows = r.runs().get(0).rounds();
        double finalDensity = rows.get(rows.size() - 1).density();
        OptionalDouble t = Histogram.threshold(before, finalDensity);
        String label = t.isPresent() ? String.format(Locale.ROOT, "|w| = %.3g keeps %.4f of the weights before "
                + "pruning", t.getAsDouble(), finalDensity) : "";
        chart(h, "histogram", "Weight magnitudes", Charts.histogram(hist, t, label),
                "Histogram of log10 of weight magnitudes before pruning and of the kept weights after pruning"
                        + (t.isPresent() ? "; the threshold " + label : ""));
        if (t.isPresent()) {
            h.insert(h.lastIndexOf("</section>"), "<p>Threshold (dashed): " + escape(label) + " (one global "
                    + "magnitude cut to the final density; a local or structured run cuts per layer or unit).</p>\n");
        }
    }

    private static void input(StringBuilder h, PruningHtmlReport r) {
        if (r.inputConnections().isEmpty()) {
            return;
        }
        InputConnections c = r.inputConnections().get();
        h.append("<section id=\"input\">\n<h2>Kept connections per input (").append(escape(c.paramId()))
                .append(")</h2>\n");
        if (r.imageWidth() == 0) {
            h.append("<p class=\"none\">").append(c.inputs()).append(" inputs are not a square image: give the shape ")
                    .append("with inputImage(width, height)</p>\n</section>\n");
            return;
        }
        int w = r.imageWidth();
        int hgt = r.imageHeight();
        int scale = Math.max(1, IMAGE_DISPLAY / Math.max(w, hgt));
        int[] kept = c.keptPerInput();
        int max = 0;
        long dead = 0;
        for (int k : kept) {
            max = Math.max(max, k);
            dead += k == 0 ? 1 : 0;
        }
        h.append("<img class=\"pixels\" src=\"data:image/png;base64,").append(base64(pixels(c, w, hgt)))
                .append("\" alt=\"kept connections per input, ").append(w).append(" x ").append(hgt)
                .append("\" width=\"").append(w * scale).append("\" height=\"").append(hgt * scale).append("\">\n")
                .append("<p>").append(w).append(" x ").append(hgt).append(" inputs, each pixel the number of the ")
                .append(c.outputs()).append(" output units still connected to that input: black none, white ")
                .append(max).append(" (the most connected input). Inputs with no connection left: ").append(dead)
                .append(" of ").append(kept.length).append(".</p>\n</section>\n");
    }

    /**
     * The counts as a grey-scale image of {@code w x h} pixels, inputs in row-major order: black for an input with
     * no connection left, white for the most connected input (grey = count / largest count, rounded to 0..255), so
     * that a sparse first layer still shows its pattern.
     */
    static BufferedImage pixels(InputConnections c, int w, int hgt) {
        BufferedImage img = new BufferedImage(w, hgt, BufferedImage.TYPE_BYTE_GRAY);
        int[] kept = c.keptPerInput();
        int max = 0;
        for (int k : kept) {
            max = Math.max(max, k);
        }
        for (int i = 0; i < kept.length; i++) {
            int grey = max == 0 ? 0 : (int) Math.round(255.0 * kept[i] / max);
            img.getRaster().setSample(i % w, i / w, 0, grey);
        }
        return img;
    }

    private static void sensitivity(StringBuilder h, SensitivityReport s) {
        chart(h, "sensitivity", "Sensitivity per layer", Charts.sensitivity(s),
                "Accuracy with each layer pruned alone to each probed density");
        StringBuilder t = new StringBuilder("<table class=\"num\">\n<thead><tr><th>parameter</th><th>weights</th>");
        List<Double> densities = s.probes().stream().map(SensitivityReport.Probe::density).distinct()
                .sorted((a, b) -> Double.compare(b, a)).toList();
        for (double d : densities) {
            t.append("<th>at ").append(fmt("%.2f", d)).append("</th>");
        }
        t.append("</tr></thead>\n<tbody>\n");
        for (Map.Entry<String, Long> e : s.paramCounts().entrySet()) {
            t.append("<tr><td>").append(escape(e.getKey())).append("</td><td>").append(e.getValue()).append("</td>");
            for (double d : densities) {
                OptionalDouble acc = s.probesOf(e.getKey()).stream().filter(p -> p.density() == d)
                        .mapToDouble(SensitivityReport.Probe::accuracy).findFirst();
                t.append("<td>").append(opt("%.4f", acc)).append("</td>");
            }
            t.append("</tr>\n");
        }
        t.append("</tbody>\n</table>\n");
        h.insert(h.lastIndexOf("</section>"), t);
    }

    private static void chart(StringBuilder h, String id, String heading, Chart<?, ?> chart, String alt) {
        byte[] png;
        try {
            png = BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the " + id + " chart as PNG: " + e.getMessage(), e);
        }
        h.append("<section id=\"").append(id).append("\">\n<h2>").append(escape(heading)).append("</h2>\n")
                .append("<img src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png))
                .append("\" alt=\"").append(escape(alt)).append("\" width=\"").append(chart.getWidth())
                .append("\" height=\"").append(chart.getHeight()).append("\">\n</section>\n");
    }

    private static String base64(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the input picture as PNG: " + e.getMessage(), e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static String compression(ReportRound r) {
        return r.compression().isPresent() ? fmt("%.1fx", r.compression().getAsDouble()) : "inf";
    }

    private static String opt(String format, OptionalDouble v) {
        return v.isPresent() ? fmt(format, v.getAsDouble()) : "";
    }

    private static String fmt(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }

    private static String seconds(Duration d) {
        return fmt("%.1f s", d.toNanos() / 1e9);
    }

    private static void kv(StringBuilder h, String key, String value) {
        h.append("<tr><th>").append(escape(key)).append("</th><td>").append(escape(value)).append("</td></tr>\n");
    }

    /**
     * Escapes text for HTML element content and double- or single-quoted attribute values.
     *
     * @param s the text, may be null (gives "")
     * @return the escaped text
     */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            body { margin: 0; background: #f6f7f9; color: #1d2127;
                   font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
            main { max-width: 960px; margin: 0 auto; padding: 24px; }
            section { background: #fff; border: 1px solid #dde1e6; border-radius: 6px; padding: 16px 24px;
                      margin-bottom: 20px; }
            h1 { font-size: 1.6em; margin: 0.2em 0 0.6em; }
            h2 { font-size: 1.2em; margin: 0.8em 0 0.4em; }
            pre { background: #f0f2f5; padding: 10px 12px; border-radius: 4px; white-space: pre-wrap;
                  word-break: break-all; font: 13px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; }
            img { display: block; max-width: 100%; height: auto; }
            img.pixels { image-rendering: pixelated; border: 1px solid #c4c9d0; }
            table { border-collapse: collapse; margin: 0.4em 0 1em; }
            th, td { border-bottom: 1px solid #e3e6ea; padding: 4px 12px; text-align: left; }
            thead th { border-bottom: 2px solid #c4c9d0; }
            table.num td { text-align: right; font-variant-numeric: tabular-nums; }
            table.num td:first-child { text-align: left; }
            table.kv th { font-weight: 600; color: #555; }
            caption { caption-side: top; text-align: left; color: #555; padding-bottom: 4px; }
            p.none { color: #777; font-style: italic; }
            """;
}
