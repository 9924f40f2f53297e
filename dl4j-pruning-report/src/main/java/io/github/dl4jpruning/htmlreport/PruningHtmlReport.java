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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    PruningHtmlReport(PruningHtmlReportBuilder b, int[] imageShape) {
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
    public static PruningHtmlReportBuilder builder() {
        return new PruningHtmlReportBuilder();
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

    /**
     * A one-line description: title, runs and which optional inputs are present.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "PruningHtmlReport[title=" + title + ", runs=" + runs.stream().map(ReportRun::name).toList()
                + ", parameters=" + parameters + ", magnitudes=" + magnitudesBefore.length + "/"
                + magnitudesAfter.length + ", layerFloor=" + layerFloor + ", inputConnections=" + inputConnections
                + ", image=" + imageWidth + "x" + imageHeight + ", sensitivity=" + (sensitivity != null)
                + ", epochLosses=" + epochLosses.size() + ", totalTime=" + totalTime + ", date=" + date
                + ", gitCommit=" + gitCommit + ", libraryVersion=" + libraryVersion + "]";
    }
}
