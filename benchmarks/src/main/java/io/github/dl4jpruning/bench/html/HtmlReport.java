package io.github.dl4jpruning.bench.html;

import io.github.dl4jpruning.bench.Environment;
import io.github.dl4jpruning.bench.RoundResult;
import io.github.dl4jpruning.files.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes the HTML pruning report: a self-contained {@code index.html} (inline CSS, no scripts, no external
 * links) beside PNG charts drawn with XChart.
 *
 * <p>Files written into the report folder (nothing else in it is touched):
 * <ul>
 *   <li>{@value #ACCURACY_PNG}: test accuracy against density (log x axis), one line per run, the dense
 *       baseline (first run, round 0) as a dashed horizontal line;</li>
 *   <li>{@value #LAYERS_PNG}: density per prunable parameter, one bar group per layer and one bar per round of
 *       the first run, so a collapsing layer stands out;</li>
 *   <li>{@value #HISTOGRAM_PNG}: histogram of {@code log10 |w|} before pruning and of the kept weights after
 *       the last round, same 60 bins, counts on a log axis (zeros skipped); omitted when no non-zero
 *       magnitude was recorded;</li>
 *   <li>{@value #LOSS_PNG}: mean training loss per epoch with the epochs that updated masks marked; omitted
 *       when no finite epoch loss was recorded;</li>
 *   <li>{@value #INDEX_HTML}: sections {@code summary}, {@code rounds} (the first run's per-round table),
 *       {@code accuracy}, {@code layers}, {@code histogram} and {@code loss}.</li>
 * </ul>
 * The charts are written first and {@code index.html} last, each through a temporary file moved into place,
 * so a failed write never leaves a page pointing at a missing chart. A chart that is omitted is deleted if
 * an earlier report left one in the folder.
 */
public final class HtmlReport {

    /** File name of the report page. */
    public static final String INDEX_HTML = "index.html";
    /** File name of the accuracy-vs-density chart. */
    public static final String ACCURACY_PNG = "accuracy-vs-density.png";
    /** File name of the per-layer density chart. */
    public static final String LAYERS_PNG = "layer-density.png";
    /** File name of the weight-magnitude histogram. */
    public static final String HISTOGRAM_PNG = "weight-histogram.png";
    /** File name of the training-loss chart. */
    public static final String LOSS_PNG = "loss.png";

    /** Width of every chart in pixels. */
    static final int CHART_WIDTH = 900;
    /** Height of every chart in pixels. */
    static final int CHART_HEIGHT = 500;
    /** Number of histogram bins over the joint range of {@code log10 |w|}. */
    static final int HISTOGRAM_BINS = 60;

    private static final String NO_LOSS = "no per-epoch loss recorded";
    private static final String NO_MAGNITUDES = "no non-zero weight magnitudes recorded";
    private static final Color BEFORE_COLOR = new Color(0x1f77b4);
    private static final Color AFTER_COLOR = new Color(0xd62728);
    private static final Color BASELINE_COLOR = new Color(0x555555);
    /** Matplotlib's "tab10": distinct on white, unlike XChart's default yellow. */
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    private HtmlReport() {
    }

    /**
     * Writes the report into {@code dir}, creating it and its parents if needed.
     *
     * @param input what the report shows
     * @param dir the report folder; if it exists, only the report's own files in it are replaced
     * @return the path of the written {@code index.html}
     * @throws IllegalArgumentException if {@code input} or {@code dir} is null, or {@code dir} exists and is
     *     not a directory
     * @throws UncheckedIOException if a file cannot be written
     */
    public static Path write(ReportInput input, Path dir) {
        if (input == null) {
            throw new IllegalArgumentException("input (null) must be a ReportInput, pass the values to report");
        }
        if (dir == null) {
            throw new IllegalArgumentException("dir (null) must be a folder path, pass where to write the report");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("dir (" + dir + ") must be a directory or not exist yet, but it is a"
                    + " file: choose another folder or remove the file");
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        try {
            Files.createDirectories(dir);
            writePng(accuracyChart(input), dir.resolve(ACCURACY_PNG));
            writePng(layerChart(input.runs().get(0)), dir.resolve(LAYERS_PNG));
            Histogram histogram = Histogram.of(input.magnitudesBefore(), input.magnitudesAfter(), HISTOGRAM_BINS);
            boolean hasHistogram = histogram != null;
            if (hasHistogram) {
                writePng(histogramChart(histogram), dir.resolve(HISTOGRAM_PNG));
            }
            boolean hasLoss = input.epochs().stream().anyMatch(e -> Double.isFinite(e.meanLoss()));
            if (hasLoss) {
                writePng(lossChart(input.epochs()), dir.resolve(LOSS_PNG));
            }
            Path index = dir.resolve(INDEX_HTML);
            String html = html(input, hasHistogram, hasLoss);
            AtomicFiles.writeStream(index, out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
            // charts of an earlier report that this one omits go only once no page points at them
            if (!hasHistogram) {
                Files.deleteIfExists(dir.resolve(HISTOGRAM_PNG));
            }
            if (!hasLoss) {
                Files.deleteIfExists(dir.resolve(LOSS_PNG));
            }
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report into dir (" + dir + "): " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- charts

    private static XYChart accuracyChart(ReportInput input) {
        XYChart chart = new XYChartBuilder().width(CHART_WIDTH).height(CHART_HEIGHT)
                .title("Test accuracy vs density")
                .xAxisTitle("density (log scale, share of prunable weights kept; pruning moves left)")
                .yAxisTitle("test accuracy").build();
        styleCommon(chart);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("0.000");
        // high density and high accuracy (the lower right) is the corner pruning curves leave empty
        chart.getStyler().setLegendPosition(LegendPosition.InsideSE);
        double minDensity = Double.POSITIVE_INFINITY;
        double maxDensity = Double.NEGATIVE_INFINITY;
        Set<String> used = new LinkedHashSet<>();
        for (ReportInput.Run run : input.runs()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (RoundResult r : run.rounds()) {
                if (r.density() > 0) { // a log axis cannot show density 0 (every weight pruned)
                    x.add(r.density());
                    y.add(r.accuracy());
                    minDensity = Math.min(minDensity, r.density());
                    maxDensity = Math.max(maxDensity, r.density());
                }
            }
            if (!x.isEmpty()) {
                XYSeries s = chart.addSeries(uniqueName(run.name(), used), x, y);
                s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            }
        }
        if (minDensity > maxDensity) {
            minDensity = 0.01;
            maxDensity = 1;
        }
        if (minDensity == maxDensity) {
            minDensity /= 2;
        }
        // the log axis is labelled at decades only (XChart 3.8.8 never returns from a tick-label function on
        // a log axis), so it spans whole decades and always shows at least two labels
        double axisMin = Math.pow(10, Math.floor(Math.log10(minDensity)));
        double axisMax = Math.pow(10, Math.ceil(Math.log10(maxDensity)));
        chart.getStyler().setXAxisMin(axisMin);
        chart.getStyler().setXAxisMax(axisMax);
        double baseline = input.runs().get(0).rounds().get(0).accuracy();
        XYSeries base = chart.addSeries(uniqueName(String.format(Locale.ROOT, "dense baseline (%.4f)", baseline),
                used), new double[] {axisMin, axisMax}, new double[] {baseline, baseline});
        base.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        base.setMarker(SeriesMarkers.NONE);
        base.setLineColor(BASELINE_COLOR);
        base.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {8f, 6f}, 0f));
        return chart;
    }

    private static CategoryChart layerChart(ReportInput.Run run) {
        CategoryChart chart = new CategoryChartBuilder().width(CHART_WIDTH).height(CHART_HEIGHT)
                .title("Density per layer and round (" + run.name() + ")")
                .xAxisTitle("prunable parameter").yAxisTitle("density (share of weights kept)").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setSeriesColors(PALETTE);
        chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setYAxisDecimalPattern("0.0");
        chart.getStyler().setAvailableSpaceFill(0.8);
        Set<String> layers = new LinkedHashSet<>();
        for (RoundResult r : run.rounds()) {
            layers.addAll(r.layerDensity().keySet());
        }
        if (layers.size() > 8) {
            chart.getStyler().setXAxisLabelRotation(45);
        }
        List<String> categories = new ArrayList<>(layers);
        if (categories.isEmpty()) {
            categories.add("(no prunable parameter)");
        }
        Set<String> used = new LinkedHashSet<>();
        for (RoundResult r : run.rounds()) {
            List<Double> values = new ArrayList<>();
            for (String layer : categories) {
                values.add(r.layerDensity().getOrDefault(layer, 0.0));
            }
            chart.addSeries(uniqueName("round " + r.round(), used), categories, values);
        }
        return chart;
    }

    private static XYChart histogramChart(Histogram h) {
        XYChart chart = new XYChartBuilder().width(CHART_WIDTH).height(CHART_HEIGHT)
                .title("Prunable weight magnitudes")
                .xAxisTitle("log10 |w|  (" + h.bins() + " bins; exact zeros skipped)")
                .yAxisTitle("weights per bin (log scale)").build();
        styleCommon(chart);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("0.0");
        chart.getStyler().setLegendPosition(LegendPosition.InsideNW);
        if (h.beforeTotal() > 0) {
            addStairs(chart, String.format(Locale.ROOT, "before pruning (%,d weights)", h.beforeTotal()),
                    h, h.before(), BEFORE_COLOR);
        }
        if (h.afterTotal() > 0) {
            addStairs(chart, String.format(Locale.ROOT, "after pruning, kept (%,d weights)", h.afterTotal()),
                    h, h.after(), AFTER_COLOR);
        }
        return chart;
    }

    /** One histogram outline: a flat segment over every non-empty bin, gaps (NaN) where a bin is empty. */
    private static void addStairs(XYChart chart, String name, Histogram h, long[] counts, Color color) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            double count = counts[i] > 0 ? counts[i] : Double.NaN; // a log axis has no 0
            double left = h.edge(i);
            double right = h.edge(i + 1);
            x.add(left);
            y.add(count);
            x.add(right);
            y.add(count);
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineWidth(2f);
    }

    private static XYChart lossChart(List<ReportInput.EpochLoss> epochs) {
        XYChart chart = new XYChartBuilder().width(CHART_WIDTH).height(CHART_HEIGHT)
                .title("Training loss per epoch").xAxisTitle("epoch").yAxisTitle("mean minibatch loss").build();
        styleCommon(chart);
        chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(
                v -> v == Math.rint(v) ? String.valueOf(Math.round(v)) : "");
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> px = new ArrayList<>();
        List<Double> py = new ArrayList<>();
        for (ReportInput.EpochLoss e : epochs) {
            double loss = Double.isFinite(e.meanLoss()) ? e.meanLoss() : Double.NaN;
            x.add((double) e.epoch());
            y.add(loss);
            if (e.pruned() && !Double.isNaN(loss)) {
                px.add((double) e.epoch());
                py.add(loss);
            }
        }
        XYSeries loss = chart.addSeries("mean training loss", x, y);
        loss.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        loss.setMarker(SeriesMarkers.CIRCLE);
        loss.setLineColor(BEFORE_COLOR);
        loss.setMarkerColor(BEFORE_COLOR);
        if (!px.isEmpty()) {
            XYSeries pruned = chart.addSeries("masks updated", px, py);
            pruned.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            pruned.setMarker(SeriesMarkers.DIAMOND);
            pruned.setMarkerColor(AFTER_COLOR);
        }
        return chart;
    }

    private static void styleCommon(XYChart chart) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setSeriesColors(PALETTE);
        chart.getStyler().setMarkerSize(8);
        chart.getStyler().setLegendBackgroundColor(new Color(255, 255, 255, 220));
    }

    /** XChart rejects two series of one name; a repeated name gets " (2)", " (3)", ... */
    private static String uniqueName(String name, Set<String> used) {
        String candidate = name;
        for (int i = 2; !used.add(candidate); i++) {
            candidate = name + " (" + i + ")";
        }
        return candidate;
    }

    private static void writePng(Chart<?, ?> chart, Path target) throws IOException {
        AtomicFiles.writeStream(target, out -> BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG));
    }

    /**
     * Counts of {@code log10 |w|} over equal-width bins shared by the two arrays.
     *
     * @param low left edge of the first bin
     * @param width bin width
     * @param before counts before pruning
     * @param after counts after pruning
     */
    private record Histogram(double low, double width, long[] before, long[] after) {

        /** Returns null when neither array holds a finite non-zero value. */
        static Histogram of(float[] before, float[] after, int bins) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (float[] a : new float[][] {before, after}) {
                for (float w : a) {
                    double l = log10Magnitude(w);
                    if (!Double.isNaN(l)) {
                        lo = Math.min(lo, l);
                        hi = Math.max(hi, l);
                    }
                }
            }
            if (lo > hi) {
                return null;
            }
            if (hi - lo < 1e-9) {
                lo -= 0.5;
                hi += 0.5;
            }
            double width = (hi - lo) / bins;
            return new Histogram(lo, width, count(before, lo, width, bins), count(after, lo, width, bins));
        }

        private static long[] count(float[] values, double lo, double width, int bins) {
            long[] counts = new long[bins];
            for (float w : values) {
                double l = log10Magnitude(w);
                if (!Double.isNaN(l)) {
                    counts[Math.min(bins - 1, Math.max(0, (int) ((l - lo) / width)))]++;
                }
            }
            return counts;
        }

        /** log10 |w|, or NaN for zero and non-finite values. */
        private static double log10Magnitude(float w) {
            return w != 0 && Float.isFinite(w) ? Math.log10(Math.abs((double) w)) : Double.NaN;
        }

        int bins() {
            return before.length;
        }

        double edge(int i) {
            return low + i * width;
        }

        long beforeTotal() {
            return sum(before);
        }

        long afterTotal() {
            return sum(after);
        }

        private static long sum(long[] counts) {
            long s = 0;
            for (long c : counts) {
                s += c;
            }
            return s;
        }
    }

    // ---------------------------------------------------------------- HTML

    private static String html(ReportInput input, boolean hasHistogram, boolean hasLoss) {
        ReportInput.Run first = input.runs().get(0);
        double dense = first.rounds().get(0).accuracy();
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(input.title())).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");

        h.append("<section id=\"summary\">\n<h1>").append(escape(input.title())).append("</h1>\n")
                .append("<h2>Command</h2>\n<pre>").append(escape(input.command())).append("</pre>\n");
        Environment env = input.environment();
        h.append("<h2>Environment</h2>\n<table class=\"kv\">\n");
        kv(h, "backend", env.backend());
        kv(h, "threads", Integer.toString(env.threads()));
        kv(h, "java", env.java());
        kv(h, "dl4j", env.dl4j());
        kv(h, "os", env.os());
        h.append("</table>\n");
        h.append("<h2>Result</h2>\n<p>Dense baseline accuracy (").append(escape(first.name()))
                .append(", round 0): <b>").append(fmt("%.4f", dense)).append("</b></p>\n")
                .append("<table class=\"num\">\n<thead><tr><th>run</th><th>rounds</th><th>final density</th>")
                .append("<th>final compression</th><th>final accuracy</th><th>vs dense</th></tr></thead>\n<tbody>\n");
        for (ReportInput.Run run : input.runs()) {
            RoundResult last = run.rounds().get(run.rounds().size() - 1);
            h.append("<tr><td>").append(escape(run.name())).append("</td><td>").append(run.rounds().size())
                    .append("</td><td>").append(fmt("%.4f", last.density())).append("</td><td>")
                    .append(compression(last)).append("</td><td>").append(fmt("%.4f", last.accuracy()))
                    .append("</td><td>").append(fmt("%+.4f", last.accuracy() - dense)).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");

        h.append("<section id=\"rounds\">\n<h2>Rounds</h2>\n<table class=\"num\">\n<caption>")
                .append(escape(first.name())).append("</caption>\n<thead><tr><th>round</th><th>density</th>")
                .append("<th>p</th><th>compression</th><th>accuracy</th><th>epoch s</th><th>prune s</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (RoundResult r : first.rounds()) {
            h.append(roundRow(r)).append('\n');
        }
        h.append("</tbody>\n</table>\n</section>\n");

        section(h, "accuracy", "Accuracy vs density", ACCURACY_PNG,
                "Test accuracy against density on a log axis, one line per run, dense baseline dashed");
        section(h, "layers", "Density per layer", LAYERS_PNG,
                "Density of each prunable parameter after each round of " + first.name());
        if (hasHistogram) {
            section(h, "histogram", "Weight magnitudes", HISTOGRAM_PNG,
                    "Histogram of log10 of weight magnitudes before pruning and of the kept weights after pruning");
        } else {
            h.append("<section id=\"histogram\">\n<h2>Weight magnitudes</h2>\n<p class=\"none\">")
                    .append(NO_MAGNITUDES).append("</p>\n</section>\n");
        }
        if (hasLoss) {
            section(h, "loss", "Training loss", LOSS_PNG,
                    "Mean training loss per epoch, epochs that updated the masks marked");
        } else {
            h.append("<section id=\"loss\">\n<h2>Training loss</h2>\n<p class=\"none\">").append(NO_LOSS)
                    .append("</p>\n</section>\n");
        }

        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    /** One row of the rounds table, with the formats of the console table ({@code RoundTable}). */
    static String roundRow(RoundResult r) {
        return "<tr><td>" + r.round() + "</td><td>" + fmt("%.4f", r.density()) + "</td><td>" + fmt("%.4f", r.p())
                + "</td><td>" + compression(r) + "</td><td>" + fmt("%.4f", r.accuracy()) + "</td><td>"
                + fmt("%.2f", r.epochSeconds()) + "</td><td>" + fmt("%.3f", r.pruneSeconds()) + "</td></tr>";
    }

    private static String compression(RoundResult r) {
        return r.compression() == null ? "inf" : fmt("%.1fx", r.compression());
    }

    private static String fmt(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }

    private static void kv(StringBuilder h, String key, String value) {
        h.append("<tr><th>").append(key).append("</th><td>").append(escape(value)).append("</td></tr>\n");
    }

    private static void section(StringBuilder h, String id, String heading, String png, String alt) {
        h.append("<section id=\"").append(id).append("\">\n<h2>").append(heading).append("</h2>\n<img src=\"")
                .append(png).append("\" alt=\"").append(escape(alt)).append("\" width=\"").append(CHART_WIDTH)
                .append("\" height=\"").append(CHART_HEIGHT).append("\">\n</section>\n");
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
            table { border-collapse: collapse; margin: 0.4em 0; }
            th, td { border-bottom: 1px solid #e3e6ea; padding: 4px 12px; text-align: left; }
            thead th { border-bottom: 2px solid #c4c9d0; }
            table.num td { text-align: right; font-variant-numeric: tabular-nums; }
            table.num td:first-child { text-align: left; }
            table.kv th { font-weight: 600; color: #555; }
            caption { caption-side: top; text-align: left; color: #555; padding-bottom: 4px; }
            p.none { color: #777; font-style: italic; }
            """;
}
