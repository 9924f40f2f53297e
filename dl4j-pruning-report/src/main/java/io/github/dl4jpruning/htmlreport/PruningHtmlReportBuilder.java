package io.github.dl4jpruning.htmlreport;

import io.github.dl4jpruning.analysis.SensitivityReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/** Builds a {@link PruningHtmlReport}; setters fail fast, {@link #build()} checks the fields together. */
public final class PruningHtmlReportBuilder {

    String title;
    String command;
    final Map<String, String> parameters = new LinkedHashMap<>();
    final Map<String, String> environment = new LinkedHashMap<>();
    final List<ReportRun> runs = new ArrayList<>();
    float[] magnitudesBefore = new float[0];
    float[] magnitudesAfter = new float[0];
    OptionalDouble layerFloor = OptionalDouble.empty();
    InputConnections inputConnections;
    int imageWidth;
    int imageHeight;
    SensitivityReport sensitivity;
    List<EpochLoss> epochLosses = List.of();
    Duration totalTime;
    Instant date;
    Optional<String> gitCommit;

    PruningHtmlReportBuilder() {
    }

    /**
     * The title (page title and heading). Required.
     *
     * @param value a non-blank title
     * @return this builder
     */
    public PruningHtmlReportBuilder title(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("title (" + (value == null ? "null" : "\"" + value + "\"")
                    + ") must be non-blank, e.g. \"IMP on LeNet-300-100\"");
        }
        this.title = value;
        return this;
    }

    /**
     * The command line that produced the run, shown verbatim in the header.
     *
     * @param value the command line
     * @return this builder
     */
    public PruningHtmlReportBuilder command(String value) {
        this.command = Objects.requireNonNull(value, "command (null) must be a command line");
        return this;
    }

    /**
     * Adds one parameter to the header (e.g. the schedule's rate); a key given twice keeps the last value.
     *
     * @param key a non-blank name
     * @param value the value, shown with {@code String.valueOf}
     * @return this builder
     */
    public PruningHtmlReportBuilder parameter(String key, Object value) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("parameter key (" + (key == null ? "null" : "\"" + key + "\"")
                    + ") must be non-blank");
        }
        if (value == null) {
            throw new IllegalArgumentException("parameter " + key + " (null) must have a value");
        }
        parameters.put(key, String.valueOf(value));
        return this;
    }

    /**
     * Adds parameters to the header, in the map's iteration order.
     *
     * @param values names and values
     * @return this builder
     */
    public PruningHtmlReportBuilder parameters(Map<String, ?> values) {
        Objects.requireNonNull(values, "parameters (null) must be a map");
        values.forEach(this::parameter);
        return this;
    }

    /**
     * Adds one line to the environment table (after java and os, which are always shown), e.g. the backend.
     *
     * @param key a non-blank name
     * @param value the value
     * @return this builder
     */
    public PruningHtmlReportBuilder environment(String key, Object value) {
        if (key == null || key.isBlank() || value == null) {
            throw new IllegalArgumentException("environment " + key + " (" + value + "): key and value must be "
                    + "non-null and the key non-blank");
        }
        environment.put(key, String.valueOf(value));
        return this;
    }

    /**
     * Adds a run; the first one added is the main run (layer chart, baseline). Several runs are overlaid in
     * the accuracy-vs-density chart.
     *
     * @param run the run
     * @return this builder
     */
    public PruningHtmlReportBuilder run(ReportRun run) {
        runs.add(Objects.requireNonNull(run, "run (null) must be a ReportRun"));
        return this;
    }

    /**
     * Weight magnitudes for the histogram: before the first mask update and at the end (exact zeros are
     * skipped). See {@link WeightMagnitudes#of}.
     *
     * @param before |w| of every prunable weight before pruning
     * @param after |w| of every prunable weight at the end
     * @return this builder
     */
    public PruningHtmlReportBuilder magnitudes(float[] before, float[] after) {
        Objects.requireNonNull(before, "magnitudes before (null) must be an array, see WeightMagnitudes.of");
        Objects.requireNonNull(after, "magnitudes after (null) must be an array, see WeightMagnitudes.of");
        this.magnitudesBefore = before.clone();
        this.magnitudesAfter = after.clone();
        return this;
    }

    /**
     * The per-layer floor ({@code pruning.config().minLayerDensity()}), drawn as a line in the layer chart;
     * 0 draws nothing.
     *
     * @param value the floor, in [0, 1]
     * @return this builder
     */
    public PruningHtmlReportBuilder layerFloor(double value) {
        ReportRound.checkUnit("layerFloor", value);
        this.layerFloor = value > 0 ? OptionalDouble.of(value) : OptionalDouble.empty();
        return this;
    }

    /**
     * The first layer's kept connections per input ({@link InputConnections#of}). Drawn as an image when the
     * number of inputs is a perfect square ({@code 784 -> 28 x 28}) or {@link #inputImage} gives the shape.
     *
     * @param value the counts
     * @return this builder
     */
    public PruningHtmlReportBuilder inputConnections(InputConnections value) {
        this.inputConnections = Objects.requireNonNull(value, "inputConnections (null) must be a value, see "
                + "InputConnections.of");
        return this;
    }

    /**
     * The shape of the input picture, for inputs that are not a square image (inputs in row-major order).
     *
     * @param width pixels per row, {@code >= 1}
     * @param height rows, {@code >= 1}
     * @return this builder
     */
    public PruningHtmlReportBuilder inputImage(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("inputImage (" + width + " x " + height + ") must have a width "
                    + "and a height >= 1");
        }
        this.imageWidth = width;
        this.imageHeight = height;
        return this;
    }

    /**
     * A sensitivity analysis ({@code SensitivityAnalysis.run}), charted as accuracy per layer and density.
     *
     * @param value the analysis
     * @return this builder
     */
    public PruningHtmlReportBuilder sensitivity(SensitivityReport value) {
        this.sensitivity = Objects.requireNonNull(value, "sensitivity (null) must be a SensitivityReport");
        return this;
    }

    /**
     * The training loss per epoch, charted with the epochs that updated masks marked.
     *
     * @param values one per epoch, in order
     * @return this builder
     */
    public PruningHtmlReportBuilder epochLosses(List<EpochLoss> values) {
        Objects.requireNonNull(values, "epochLosses (null) must be a list");
        this.epochLosses = List.copyOf(values);
        return this;
    }

    /**
     * The wall time of the whole run, shown in the header.
     *
     * @param value a duration {@code >= 0}
     * @return this builder
     */
    public PruningHtmlReportBuilder totalTime(Duration value) {
        Objects.requireNonNull(value, "totalTime (null) must be a Duration");
        if (value.isNegative()) {
            throw new IllegalArgumentException("totalTime (" + value + ") must be >= 0");
        }
        this.totalTime = value;
        return this;
    }

    /**
     * The date shown in the header (default: when {@link #build()} runs).
     *
     * @param value the instant
     * @return this builder
     */
    public PruningHtmlReportBuilder date(Instant value) {
        this.date = Objects.requireNonNull(value, "date (null) must be an Instant");
        return this;
    }

    /**
     * The git commit shown in the header. Default: the commit checked out in the git working tree that holds
     * the current directory, if any; {@code Optional.empty()} shows none.
     *
     * @param value the commit (non-blank), or empty for none
     * @return this builder
     */
    public PruningHtmlReportBuilder gitCommit(Optional<String> value) {
        Objects.requireNonNull(value, "gitCommit (null) must be an Optional");
        if (value.isPresent() && value.get().isBlank()) {
            throw new IllegalArgumentException("gitCommit (\"" + value.get() + "\") must be non-blank, or "
                    + "Optional.empty() for none");
        }
        this.gitCommit = value;
        return this;
    }

    /**
     * Checks the fields together and builds the report.
     *
     * @return the report
     * @throws IllegalArgumentException if the title or every run is missing, only one of the magnitude arrays
     *     holds values, or the input image shape does not match the number of inputs
     */
    public PruningHtmlReport build() {
        if (title == null) {
            throw new IllegalArgumentException("title (none) is required: call title(\"...\")");
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("runs (0) must hold at least one run: call run(ReportRun)");
        }
        int[] shape = {0, 0};
        if (imageWidth > 0 && inputConnections == null) {
            throw new IllegalArgumentException("inputImage (" + imageWidth + " x " + imageHeight + ") needs "
                    + "inputConnections: call inputConnections(InputConnections.of(net, pruning))");
        }
        if (inputConnections != null) {
            int n = inputConnections.inputs();
            if (imageWidth > 0) {
                if ((long) imageWidth * imageHeight != n) {
                    throw new IllegalArgumentException("inputImage (" + imageWidth + " x " + imageHeight + " = "
                            + (long) imageWidth * imageHeight + " pixels) must match the inputs of "
                            + inputConnections.paramId() + " (" + n + ")");
                }
                shape = new int[] {imageWidth, imageHeight};
            } else {
                int side = (int) Math.round(Math.sqrt(n));
                if (side * side == n) {
                    shape = new int[] {side, side};
                }
            }
        }
        return new PruningHtmlReport(this, shape);
    }
}
