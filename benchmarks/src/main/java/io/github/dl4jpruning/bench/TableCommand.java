package io.github.dl4jpruning.bench;

import io.github.dl4jpruning.internal.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.nd4j.shade.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code table}: reads {@code imp} JSON results and prints a Markdown table with one row per criterion and
 * schedule and one accuracy column per target density (the accuracy of the run's last row, at its final
 * density), plus the training epochs each run took. {@code scripts/compare.sh} ends with it.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar table compare/*.json
 * </pre>
 */
@Command(name = "table", mixinStandardHelpOptions = true, versionProvider = BenchmarkCli.Version.class,
        description = "Markdown table of final accuracies from imp JSON files, by criterion/schedule and target "
                + "density.")
public final class TableCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "JSON", description = "imp result files (--json of imp)")
    List<Path> files = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /** Creates the command; picocli fills in its arguments. */
    public TableCommand() {
    }

    /** One run: its cell and what it reached. */
    record Cell(String criterion, String schedule, double target, double density, double accuracy, int epochs,
            double seconds, double dense) {
    }

    /**
     * Reads every file and prints the table; a file that is missing, unreadable or not an {@code imp} result is
     * reported on one line ({@code table: FILE: problem}) with exit code {@value CommandSupport#EXIT_BAD_INPUT},
     * and nothing is printed on stdout.
     *
     * @return 0, or 2 if a file cannot be used
     */
    @Override
    public Integer call() {
        List<Cell> cells = new ArrayList<>();
        for (Path f : files) {
            try {
                cells.add(read(f));
            } catch (IOException e) {
                PrintWriter err = spec.commandLine().getErr();
                err.println(spec.name() + ": " + e.getMessage());
                err.flush();
                return CommandSupport.EXIT_BAD_INPUT;
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(markdown(cells));
        out.flush();
        return CommandSupport.EXIT_OK;
    }

    /**
     * Reads one {@code imp} result.
     *
     * @param file the JSON file
     * @return its cell
     * @throws IOException with a one-line message starting with the file, if it is missing, unreadable, not JSON,
     *     or not an {@code imp} result
     */
    static Cell read(Path file) throws IOException {
        JsonNode root = ResultFiles.readObject(file);
        JsonNode p = root.get("params");
        JsonNode rounds = root.get("rounds");
        if (p == null || rounds == null || !rounds.isArray() || rounds.size() == 0
                || !"imp".equals(root.path("protocol").asText())) {
            throw new IOException(file + ": not an imp JSON result (protocol, params and rounds expected)");
        }
        ImpParams params;
        try {
            params = Json.mapper().treeToValue(p, ImpParams.class);
        } catch (IOException e) {
            throw new IOException(file + ": params are not those of an imp run: " + Json.describe(e), e);
        } catch (RuntimeException e) {
            throw new IOException(file + ": params are not those of an imp run: " + e.getMessage(), e);
        }
        JsonNode last = rounds.get(rounds.size() - 1);
        return new Cell(params.criterion(), params.schedule(), params.targetDensity(), number(file, last, "density"),
                number(file, last, "accuracy"), params.totalEpochs(), number(file, root, "totalSeconds"),
                number(file, rounds.get(0), "accuracy"));
    }

    private static double number(Path file, JsonNode node, String field) throws IOException {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isNumber()) {
            throw new IOException(file + ": not an imp JSON result (" + field + " must be a number, found "
                    + (v == null ? "nothing" : v.getNodeType()) + ")");
        }
        return v.asDouble();
    }

    static String markdown(List<Cell> cells) {
        TreeSet<Double> targets = new TreeSet<>((a, b) -> Double.compare(b, a));
        Map<String, Map<Double, Cell>> rows = new LinkedHashMap<>();
        for (Cell c : cells) {
            targets.add(c.target());
            rows.computeIfAbsent(c.criterion() + " | " + c.schedule(), k -> new LinkedHashMap<>()).put(c.target(), c);
        }
        StringBuilder sb = new StringBuilder("| criterion | schedule | epochs |");
        for (double t : targets) {
            sb.append(String.format(Locale.ROOT, " accuracy at %s |", t));
        }
        sb.append("\n|---|---|---|");
        sb.append("---|".repeat(targets.size()));
        sb.append('\n');
        for (Map.Entry<String, Map<Double, Cell>> row : rows.entrySet()) {
            TreeSet<Integer> epochs = new TreeSet<>();
            row.getValue().values().forEach(c -> epochs.add(c.epochs()));
            sb.append("| ").append(row.getKey()).append(" | ")
                    .append(epochs.size() == 1 ? epochs.first() : epochs.first() + "-" + epochs.last()).append(" |");
            for (double t : targets) {
                Cell c = row.getValue().get(t);
                sb.append(c == null ? " |" : String.format(Locale.ROOT, " %.4f%s |", c.accuracy(),
                        Math.abs(c.density() - t) > 1e-4 ? String.format(Locale.ROOT, " (d=%.4f)", c.density()) : ""));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
