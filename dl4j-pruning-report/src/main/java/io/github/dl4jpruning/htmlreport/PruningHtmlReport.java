package io.github.dl4jpruning.htmlreport;

import io.github.dl4jpruning.analysis.SensitivityReport;
import io.github.dl4jpruning.files.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An HTML pruning report: one self-contained file (inline CSS, every chart inlined as a base64 PNG, no scripts,
 * no external links) that opens in any browser and can be mailed or archived as it is. Immutable; built with
 * {@link #builder()}.
 *
 * <pre>{@code
 * PruningHtmlReport.builder()
 *         .title("IMP on my MLP")
 *         .parameter("rate", 0.5).parameter("target density", 0.02)
 *         .run(ReportRun.builder("magnitude, global").listener(pruning)
 *                 .denseAccuracy(dense).accuracies(accuracies).build())
 *         .layerFloor(pruning.config().minLayerDensity())
 *         .magnitudes(before, WeightMagnitudes.of(net, pruning))
 *         .inputConnections(InputConnections.of(net, pruning))    // 784 inputs: a 28 x 28 picture
 *         .totalTime(Duration.ofNanos(System.nanoTime() - start))
 *         .build()
 *         .write(Path.of("report.html"));
 * }</pre>
 *
 * <p>Sections, in order: the header (title, parameters, date, library version, git commit when known, total time,
 * command and environment when given), the result per run, the rounds of every run, accuracy vs density (every run
 * with accuracies overlaid, the first run's first round dashed), density per layer of the first run (log axis,
 * value labels, floor dashed), weight magnitudes before and after (with the magnitude threshold), the first layer's
 * kept connections per input as a grey-scale image, sensitivity per layer, and training loss per epoch. A section
 * whose input was not given is left out.
 */
public final class PruningHtmlReport {

    private final String title;
    private final String command;
    private final Map<String, String> parameters;
    private final Map<String, String> environment;
    private final List<ReportRun> runs;
    private final float[] magnitudesBefore;
    private final float[] magnitudesAfter;
    private final OptionalDouble layerFloor;
    private final InputConnections inputConnections;
    private final int imageWidth;
    private final int imageHeight;
    private final SensitivityReport sensitivity;
    private final List<EpochLoss> epochLosses;
    private final Duration totalTime;
    private final Instant date;
    private final String gitCommit;
    private final String libraryVersion;

    private PruningHtmlReport(Builder b, int[] imageShape) {
        title = b.title;
        command = b.command;
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.parameters));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        env.putAll(b.environment);
        environment = Collections.unmodifiableMap(env);
        runs = List.copyOf(b.runs);
        magnitudesBefore = b.magnitudesBefore;
        magnitudesAfter = b.magnitudesAfter;
        layerFloor = b.layerFloor;
        inputConnections = b.inputConnections;
        imageWidth = imageShape[0];
        imageHeight = imageShape[1];
        sensitivity = b.sensitivity;
        epochLosses = List.copyOf(b.epochLosses);
        totalTime = b.totalTime;
        date = b.date == null ? Instant.now() : b.date;
        gitCommit = b.gitCommit != null ? b.gitCommit.orElse(null)
                : BuildInfo.gitCommit(Path.of("").toAbsolutePath()).orElse(null);
        libraryVersion = BuildInfo.libraryVersion();
    }

    /**
     * Starts a report.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The page as HTML text (UTF-8 when written).
     *
     * @return the whole self-contained page
     * @throws UncheckedIOException if a chart cannot be encoded
     */
    public String toHtml() {
        return HtmlPage.render(this);
    }

    /**
     * Writes the page to {@code file} atomically (a temporary file beside it, then a move): a reader sees the
     * previous file or the complete new one. Missing parent folders are created.
     *
     * @param file the HTML file, e.g. {@code Path.of("report.html")}
     * @return {@code file}
     * @throws IllegalArgumentException if {@code file} is null or an existing directory
     * @throws UncheckedIOException if the file cannot be written
     */
    public Path write(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file (null) must be a path, e.g. Path.of(\"report.html\")");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("file (" + file + ") must be a file path, but it is a directory: "
                    + "e.g. " + file.resolve("index.html"));
        }
        String html = toHtml();
        try {
            AtomicFiles.writeStream(file, out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report to file (" + file + "): " + e.getMessage(), e);
        }
        return file;
    }

    /** @return the title */
    public String title() {
        return title;
    }

    /** @return the command line shown in the header, if given */
    public Optional<String> command() {
        return Optional.ofNullable(command);
    }

    /** @return the parameters shown in the header, in insertion order */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** @return the environment shown in the header: java and os, then what was given */
    public Map<String, String> environment() {
        return environment;
    }

    /** @return the runs, the first one the main run */
    public List<ReportRun> runs() {
        return runs;
    }

    /** @return |w| of the prunable weights before pruning (a copy; empty if not given) */
    public float[] magnitudesBefore() {
        return magnitudesBefore.clone();
    }

    /** @return |w| of the prunable weights at the end (a copy; empty if not given) */
    public float[] magnitudesAfter() {
        return magnitudesAfter.clone();
    }

    /** @return the per-layer floor drawn in the layer chart, if given */
    public OptionalDouble layerFloor() {
        return layerFloor;
    }

    /** @return the first layer's kept connections per input, if given */
    public Optional<InputConnections> inputConnections() {
        return Optional.ofNullable(inputConnections);
    }

    /** @return the width of the input picture in pixels, 0 when there is none */
    public int imageWidth() {
        return imageWidth;
    }

    /** @return the height of the input picture in pixels, 0 when there is none */
    public int imageHeight() {
        return imageHeight;
    }

    /** @return the sensitivity analysis, if given */
    public Optional<SensitivityReport> sensitivity() {
        return Optional.ofNullable(sensitivity);
    }

    /** @return the training loss per epoch (empty if not given) */
    public List<EpochLoss> epochLosses() {
        return epochLosses;
    }

    /** @return the total time shown in the header, if given */
    public Optional<Duration> totalTime() {
        return Optional.ofNullable(totalTime);
    }

    /** @return when the report was built (or the date given) */
    public Instant date() {
        return date;
    }

    /** @return the git commit shown in the header, if known */
    public Optional<String> gitCommit() {
        return Optional.ofNullable(gitCommit);
    }

    /** @return this library's version */
    public String libraryVersion() {
        return libraryVersion;
    }

    /** Builds a {@link PruningHtmlReport}; setters fail fast, {@link #build()} checks the fields together. */
    public static final class Builder {

        private String title;
        private String command;
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<ReportRun> runs = new ArrayList<>();
        private float[] magnitudesBefore = new float[0];
        private float[] magnitudesAfter = new float[0];
        private OptionalDouble layerFloor = OptionalDouble.empty();
        private InputConnections inputConnections;
        private int imageWidth;
        private int imageHeight;
        private SensitivityReport sensitivity;
        private List<EpochLoss> epochLosses = List.of();
        private Duration totalTime;
        private Instant date;
        private Optional<String> gitCommit;

        private Builder() {
        }

        /**
         * The title (page title and heading). Required.
         *
         * @param value a non-blank title
         * @return this builder
         */
        public Builder title(String value) {
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
        public Builder command(String value) {
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
        public Builder parameter(String key, Object value) {
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
        public Builder parameters(Map<String, ?> values) {
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
        public Builder environment(String key, Object value) {
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
        public Builder run(ReportRun run) {
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
        public Builder magnitudes(float[] before, float[] after) {
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
        public Builder layerFloor(double value) {
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
        public Builder inputConnections(InputConnections value) {
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
        public Builder inputImage(int width, int height) {
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
        public Builder sensitivity(SensitivityReport value) {
            this.sensitivity = Objects.requireNonNull(value, "sensitivity (null) must be a SensitivityReport");
            return this;
        }

        /**
         * The training loss per epoch, charted with the epochs that updated masks marked.
         *
         * @param values one per epoch, in order
         * @return this builder
         */
        public Builder epochLosses(List<EpochLoss> values) {
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
        public Builder totalTime(Duration value) {
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
        public Builder date(Instant value) {
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
        public Builder gitCommit(Optional<String> value) {
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
}
