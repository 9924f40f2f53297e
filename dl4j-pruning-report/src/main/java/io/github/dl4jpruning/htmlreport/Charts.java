package io.github.dl4jpruning.htmlreport;

import io.github.dl4jpruning.analysis.SensitivityReport;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's XChart charts (package-private: the page inlines them as PNG). */
final class Charts {

    /** Width of every chart in pixels. */
    static final int WIDTH = 900;
    /** Height of every chart in pixels. */
    static final int HEIGHT = 500;
    /** Number of histogram bins over the joint range of {@code log10 |w|}. */
    static final int HISTOGRAM_BINS = 60;
    /** At most this many rounds get bars in the layer chart (evenly spread, first and last included). */
    static final int MAX_LAYER_ROUNDS = 8;

    static final Color BEFORE_COLOR = new Color(0x1f77b4);
    static final Color AFTER_COLOR = new Color(0xd62728);
    static final Color GREY = new Color(0x555555);
    /** Matplotlib's "tab10": distinct on white, unlike XChart's default yellow. */
    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    private Charts() {
    }

    /**
     * Accuracy against density, one line per run with accuracies. Where a run has several rows at one density (rows
     * per epoch, pruning at initialization) the line shows the last of them, the one trained longest at that
     * density. The dense baseline (dashed) is the best of those accuracies at density 1.0 over all runs; without a
     * row at density 1.0 there is no baseline. More than three runs put the legend below the plot.
     */
    static XYChart accuracy(List<ReportRun> runs) {
        boolean below = runs.size() > 3;
        XYChart chart = xy("Accuracy vs density", "density (log scale, share of prunable weights kept; pruning "
                + "moves left)", "accuracy", below ? HEIGHT + 22 * (runs.size() + 1) : HEIGHT);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("0.000");
        chart.getStyler().setLegendPosition(below ? LegendPosition.OutsideS : LegendPosition.InsideSW);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double yLo = Double.POSITIVE_INFINITY;
        double yHi = Double.NEGATIVE_INFINITY;
        Set<String> used = new LinkedHashSet<>();
        for (ReportRun run : runs) {
            Map<Double, Double> last = lastPerDensity(run);
            if (last.isEmpty()) {
                continue;
            }
            for (Map.Entry<Double, Double> e : last.entrySet()) {
                lo = Math.min(lo, e.getKey());
                hi = Math.max(hi, e.getKey());
                yLo = Math.min(yLo, e.getValue());
                yHi = Math.max(yHi, e.getValue());
            }
            chart.addSeries(unique(run.name(), used), new ArrayList<>(last.keySet()), new ArrayList<>(last.values()))
                    .setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        }
        double[] axis = decades(lo, hi);
        chart.getStyler().setXAxisMin(axis[0]);
        chart.getStyler().setXAxisMax(axis[1]);
        if (yLo <= yHi) { // some headroom, so that points on the extremes stay visible
            double pad = Math.max(0.005, 0.08 * (yHi - yLo));
            chart.getStyler().setYAxisMin(Math.max(0, yLo - pad));
            chart.getStyler().setYAxisMax(Math.min(1, yHi + pad));
        }
        OptionalDouble baseline = denseBaseline(runs);
        if (baseline.isPresent()) {
            double b = baseline.getAsDouble();
            dashed(chart.addSeries(unique(String.format(Locale.ROOT, "dense baseline (%.4f)", b), used),
                    new double[] {axis[0], axis[1]}, new double[] {b, b}), GREY);
        }
        return chart;
    }

    /** Per density (> 0, a log axis has no 0) the accuracy of the run's last row at it, in order of first sight. */
    static Map<Double, Double> lastPerDensity(ReportRun run) {
        Map<Double, Double> last = new LinkedHashMap<>();
        for (ReportRound r : run.rounds()) {
            if (r.density() > 0 && r.accuracy().isPresent()) {
                last.put(r.density(), r.accuracy().getAsDouble());
            }
        }
        return last;
    }

    /** The best accuracy at density 1.0 over the runs (each run's last row there), if any run has one. */
    static OptionalDouble denseBaseline(List<ReportRun> runs) {
        return runs.stream().map(Charts::lastPerDensity).filter(m -> m.containsKey(1.0))
                .mapToDouble(m -> m.get(1.0)).max();
    }

    /**
     * Density per layer on a log axis: one bar group per prunable parameter, one bar per round (at most
     * {@value #MAX_LAYER_ROUNDS}), value labels on the bars, and the floor as a dashed line.
     */
    static CategoryChart layers(ReportRun run, OptionalDouble floor) {
        List<ReportRound> shown = spread(run.rounds(), MAX_LAYER_ROUNDS);
        String title = "Density per layer (" + run.name() + (shown.size() < run.rounds().size()
                ? ", " + shown.size() + " of " + run.rounds().size() + " rounds" : "") + ")";
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("prunable parameter").yAxisTitle("density (log scale)").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setSeriesColors(PALETTE);
        chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
        chart.getStyler().setAvailableSpaceFill(0.85);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsRotation(90);
        chart.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setLabelsFontColor(Color.BLACK);
        chart.getStyler().setDecimalPattern("0.000");
        Set<String> ids = new LinkedHashSet<>();
        double lo = 1.0;
        for (ReportRound r : shown) {
            ids.addAll(r.layerDensity().keySet());
            for (double d : r.layerDensity().values()) {
                if (d > 0) {
                    lo = Math.min(lo, d);
                }
            }
        }
        if (floor.isPresent() && floor.getAsDouble() > 0) {
            lo = Math.min(lo, floor.getAsDouble());
        }
        double min = Math.pow(10, Math.floor(Math.log10(lo)) - (lo == 1.0 ? 1 : 0));
        chart.getStyler().setYAxisMin(min);
        chart.getStyler().setYAxisMax(1.0);
        List<String> categories = new ArrayList<>(ids);
        if (categories.isEmpty()) {
            categories.add("(no per-layer densities)");
        }
        if (categories.size() > 8) {
            chart.getStyler().setXAxisLabelRotation(45);
        }
        Set<String> used = new LinkedHashSet<>();
        for (ReportRound r : shown) {
            List<Double> values = new ArrayList<>();
            for (String id : categories) {
                values.add(Math.max(min, r.layerDensity().getOrDefault(id, min))); // a log axis has no 0
            }
            chart.addSeries(unique("round " + r.round(), used), categories, values);
        }
        if (floor.isPresent() && floor.getAsDouble() > 0) {
            AnnotationLine line = new AnnotationLine(floor.getAsDouble(), false, false);
            chart.addAnnotation(line);
            chart.getStyler().setAnnotationLineColor(AFTER_COLOR);
            chart.getStyler().setAnnotationLineStroke(dash(2f));
            chart.setTitle(title + ", floor " + fmt(floor.getAsDouble()) + " dashed");
        }
        return chart;
    }

    /** At most {@code max} items, evenly spread, first and last included. */
    static <T> List<T> spread(List<T> items, int max) {
        if (items.size() <= max) {
            return items;
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            out.add(items.get((int) Math.round(i * (items.size() - 1) / (double) (max - 1))));
        }
        return out;
    }

    /** Histogram of log10 |w| before and after, with the threshold as a vertical line. */
    static XYChart histogram(Histogram h, OptionalDouble threshold, String thresholdLabel) {
        XYChart chart = xy("Prunable weight magnitudes", "log10 |w|  (" + h.bins() + " bins; exact zeros skipped)",
                "weights per bin (log scale)");
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("0.0");
        chart.getStyler().setLegendPosition(LegendPosition.InsideNW);
        if (h.beforeTotal() > 0) {
            stairs(chart, String.format(Locale.ROOT, "before pruning (%,d weights)", h.beforeTotal()), h, h.before(),
                    BEFORE_COLOR);
        }
        if (h.afterTotal() > 0) {
            stairs(chart, String.format(Locale.ROOT, "after pruning, kept (%,d weights)", h.afterTotal()), h,
                    h.after(), AFTER_COLOR);
        }
        if (threshold.isPresent()) {
            chart.addAnnotation(new AnnotationLine(Math.log10(threshold.getAsDouble()), true, false));
            chart.getStyler().setAnnotationLineColor(GREY);
            chart.getStyler().setAnnotationLineStroke(dash(2f));
            chart.setTitle("Prunable weight magnitudes; dashed: " + thresholdLabel);
        }
        return chart;
    }

    private static void stairs(XYChart chart, String name, Histogram h, long[] counts, Color color) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            double count = counts[i] > 0 ? counts[i] : Double.NaN; // a log axis has no 0
            x.add(h.edge(i));
            y.add(count);
            x.add(h.edge(i + 1));
            y.add(count);
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineWidth(2f);
    }

    /** Accuracy with one parameter pruned alone, against its density, one line per parameter. */
    static XYChart sensitivity(SensitivityReport report) {
        XYChart chart = xy("Sensitivity: each layer pruned alone by magnitude, no retraining",
                "density of that layer (log scale)", "accuracy");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("0.000");
        chart.getStyler().setLegendPosition(LegendPosition.InsideSE);
        double lo = Double.POSITIVE_INFINITY;
        double hi = 1.0;
        Set<String> used = new LinkedHashSet<>();
        for (String id : report.paramCounts().keySet()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (SensitivityReport.Probe p : report.probesOf(id)) {
                if (p.density() > 0) {
                    x.add(p.density());
                    y.add(p.accuracy());
                    lo = Math.min(lo, p.density());
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries(unique(id, used), x, y).setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            }
        }
        double[] axis = decades(lo, hi);
        chart.getStyler().setXAxisMin(axis[0]);
        chart.getStyler().setXAxisMax(axis[1]);
        double b = report.baselineAccuracy();
        dashed(chart.addSeries(unique(String.format(Locale.ROOT, "unpruned (%.4f)", b), used),
                new double[] {axis[0], axis[1]}, new double[] {b, b}), GREY);
        return chart;
    }

    /** Mean training loss per epoch, epochs that updated masks marked. */
    static XYChart loss(List<EpochLoss> epochs) {
        XYChart chart = xy("Training loss per epoch", "epoch", "mean minibatch loss");
        chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(
                v -> v == Math.rint(v) ? String.valueOf(Math.round(v)) : "");
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> px = new ArrayList<>();
        List<Double> py = new ArrayList<>();
        for (EpochLoss e : epochs) {
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

    private static XYChart xy(String title, String xTitle, String yTitle) {
        return xy(title, xTitle, yTitle, HEIGHT);
    }

    private static XYChart xy(String title, String xTitle, String yTitle, int height) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setSeriesColors(PALETTE);
        chart.getStyler().setMarkerSize(8);
        chart.getStyler().setLegendBackgroundColor(new Color(255, 255, 255, 220));
        return chart;
    }

    /**
     * Whole decades around [lo, hi]: XChart 3.8.8 labels a log axis at decades only (and never returns from a
     * tick-label function on one), so the axis spans whole decades and always shows at least two labels.
     */
    private static double[] decades(double lo, double hi) {
        if (lo > hi) {
            lo = 0.01;
            hi = 1;
        }
        if (lo == hi) {
            lo /= 2;
        }
        return new double[] {Math.pow(10, Math.floor(Math.log10(lo))), Math.pow(10, Math.ceil(Math.log10(hi)))};
    }

    private static void dashed(XYSeries s, Color color) {
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(dash(1.5f));
    }

    private static BasicStroke dash(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f);
    }

    /** XChart rejects two series of one name; a repeated name gets " (2)", " (3)", ... */
    static String unique(String name, Set<String> used) {
        String candidate = name;
        for (int i = 2; !used.add(candidate); i++) {
            candidate = name + " (" + i + ")";
        }
        return candidate;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
