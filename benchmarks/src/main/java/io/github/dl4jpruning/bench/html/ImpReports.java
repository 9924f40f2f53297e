package io.github.dl4jpruning.bench.html;

import io.github.dl4jpruning.bench.ImpBenchmark;
import io.github.dl4jpruning.bench.ImpParams;
import io.github.dl4jpruning.bench.ImpResult;
import io.github.dl4jpruning.bench.ResultFiles;
import io.github.dl4jpruning.bench.RoundResult;
import io.github.dl4jpruning.htmlreport.PruningHtmlReport;
import io.github.dl4jpruning.htmlreport.PruningHtmlReportBuilder;
import io.github.dl4jpruning.htmlreport.ReportRound;
import io.github.dl4jpruning.htmlreport.ReportRun;
import io.github.dl4jpruning.internal.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Adapts {@code imp} results to {@link PruningHtmlReport}: the report of one run ({@code imp --report DIR}) and the
 * overlay of several JSON results ({@code report a.json b.json}).
 */
public final class ImpReports {

    /** File name of the report page that {@code imp --report DIR} writes into {@code DIR}. */
    public static final String INDEX_HTML = "index.html";

    private ImpReports() {
    }

    /**
     * The report of one {@code imp} run in this JVM: its rounds, parameters, environment, weight magnitudes, the
     * first layer's kept connections per input, and training loss.
     *
     * @param run what the benchmark produced
     * @param command the command line, shown verbatim
     * @return the report
     */
    public static PruningHtmlReport single(ImpBenchmark.Run run, String command) {
        ImpResult result = run.result();
        ImpParams p = result.params();
        PruningHtmlReportBuilder b = base(result)
                .title((p.scheduleKind() == ImpParams.ScheduleKind.IMP ? "IMP" : p.schedule() + " pruning") + " on "
                        + p.model())
                .command(command)
                .run(runOf(runName(p), result.rounds()))
                .magnitudes(run.magnitudesBefore(), run.magnitudesAfter())
                .epochLosses(run.epochs())
                .layerFloor(p.minLayerDensity());
        run.inputConnections().ifPresent(b::inputConnections);
        return b.build();
    }

    /**
     * Writes the report of one run as {@code dir/index.html}.
     *
     * @param run what the benchmark produced
     * @param command the command line
     * @param dir the report folder (created if missing)
     * @return the written page
     */
    public static Path write(ImpBenchmark.Run run, String command, Path dir) {
        return single(run, command).write(dir.resolve(INDEX_HTML));
    }

    /**
     * One report overlaying several results: every run's accuracy against density in one chart, every run's rounds,
     * the first run's per-layer densities. Parameters and environment values that all runs share are shown once;
     * those that differ list every run's value.
     *
     * @param title the report title
     * @param files the JSON files, in the order given (for the run names)
     * @param results their results, same order
     * @return the report
     * @throws IllegalArgumentException if the lists are empty or of different lengths
     */
    public static PruningHtmlReport overlay(String title, List<Path> files, List<ImpResult> results) {
        if (results.isEmpty() || files.size() != results.size()) {
            throw new IllegalArgumentException("results (" + results.size() + ") must be non-empty and match files ("
                    + files.size() + ")");
        }
        PruningHtmlReportBuilder b = PruningHtmlReport.builder().title(title);
        List<Map<String, String>> params = new ArrayList<>();
        List<Map<String, String>> envs = new ArrayList<>();
        double total = 0;
        List<String> names = names(files, results);
        for (int i = 0; i < results.size(); i++) {
            ImpResult r = results.get(i);
            params.add(flat(r.params()));
            envs.add(flat(r.environment()));
            total += r.totalSeconds();
            b.run(runOf(names.get(i), r.rounds()));
            b.parameter("file " + (i + 1), files.get(i));
        }
        merged(params).forEach(b::parameter);
        merged(envs).forEach(b::environment);
        b.totalTime(Duration.ofNanos(Math.round(total * 1e9)));
        if (results.stream().allMatch(r -> r.params().minLayerDensity() == results.get(0).params().minLayerDensity())) {
            b.layerFloor(results.get(0).params().minLayerDensity());
        }
        return b.build();
    }

    /**
     * Reads one {@code imp} JSON result.
     *
     * @param file the file ({@code imp --json})
     * @return the result
     * @throws IOException with a one-line message starting with the file, if it is missing, unreadable, not JSON, or
     *     not an {@code imp} result
     */
    public static ImpResult read(Path file) throws IOException {
        JsonNode root = ResultFiles.readObject(file);
        if (!"imp".equals(root.path("protocol").asText())) {
            throw new IOException(file + ": not an imp JSON result (a JSON object with \"protocol\": \"imp\" "
                    + "expected)");
        }
        try {
            return Json.mapper().treeToValue(root, ImpResult.class);
        } catch (IOException e) {
            throw new IOException(file + ": not an imp JSON result: " + Json.describe(e), e);
        } catch (RuntimeException e) {
            throw new IOException(file + ": not an imp JSON result: " + e.getMessage(), e);
        }
    }

    /**
     * Run names for an overlay: {@link #runName} when those are all different, else with the file name appended
     * (and the position when file names repeat too).
     */
    static List<String> names(List<Path> files, List<ImpResult> results) {
        List<String> plain = results.stream().map(r -> runName(r.params())).toList();
        if (new LinkedHashSet<>(plain).size() == plain.size()) {
            return plain;
        }
        List<String> out = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        for (int i = 0; i < plain.size(); i++) {
            String name = plain.get(i) + " (" + files.get(i).getFileName() + ")";
            out.add(used.add(name) ? name : plain.get(i) + " (" + files.get(i) + ", #" + (i + 1) + ")");
        }
        return out;
    }

    /** The legend label of a run: criterion, schedule, scope and, when not unstructured, the granularity. */
    static String runName(ImpParams p) {
        String name = p.criterion() + ", " + p.schedule() + ", " + p.scope();
        return "unstructured".equals(p.granularity()) ? name : name + ", " + p.granularity();
    }

    /** The rounds of a result as report rows. */
    static ReportRun runOf(String name, List<RoundResult> rounds) {
        List<ReportRound> rows = new ArrayList<>();
        for (RoundResult r : rounds) {
            rows.add(new ReportRound(r.round(), r.density(), OptionalDouble.of(r.accuracy()), r.layerDensity(),
                    OptionalDouble.of(r.epochSeconds()), OptionalDouble.of(r.pruneSeconds())));
        }
        return ReportRun.builder(name).rounds(rows).build();
    }

    private static PruningHtmlReportBuilder base(ImpResult result) {
        PruningHtmlReportBuilder b = PruningHtmlReport.builder();
        flat(result.params()).forEach(b::parameter);
        flat(result.environment()).forEach(b::environment);
        return b.totalTime(Duration.ofNanos(Math.round(result.totalSeconds() * 1e9)));
    }

    /** A record's JSON fields as text, in JSON order; nulls as "none". */
    private static Map<String, String> flat(Object value) {
        JsonNode node = Json.mapper().valueToTree(Objects.requireNonNull(value));
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? "none"
                : e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        return out;
    }

    /** One value per key: the common one, or every run's value in order when they differ. */
    private static Map<String, String> merged(List<Map<String, String>> maps) {
        Set<String> keys = new LinkedHashSet<>();
        maps.forEach(m -> keys.addAll(m.keySet()));
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : keys) {
            List<String> values = maps.stream().map(m -> m.getOrDefault(k, "none")).toList();
            out.put(k, new LinkedHashSet<>(values).size() == 1 ? values.get(0) : "differs: " + String.join(" | ",
                    values));
        }
        return out;
    }
}
