package io.github.dl4jpruning.bench;

import io.github.dl4jpruning.bench.html.ImpReports;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code report}: one self-contained HTML file overlaying several {@code imp} JSON results (accuracy against
 * density of every run in one chart, e.g. criteria or schedules against each other; every run's rounds; the first
 * run's per-layer densities).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar report compare/*.json --out compare.html
 * </pre>
 */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = BenchmarkCli.Version.class,
        description = "One self-contained HTML report overlaying several imp JSON results (--json of imp): accuracy "
                + "vs density of every run in one chart, every run's rounds.")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "JSON", description = "imp result files (--json of imp)")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "report.html",
            description = "the HTML file to write (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--title", paramLabel = "TEXT", defaultValue = "Pruning runs compared",
            description = "the report's title (default: ${DEFAULT-VALUE})")
    String title;

    @Spec
    CommandSpec spec;

    /** Creates the command; picocli fills in its arguments. */
    public ReportCommand() {
    }

    /**
     * Reads every file and writes the report. A file that is missing, unreadable or not an {@code imp} result, or
     * an output path that cannot be written, is reported on one line with exit code
     * {@value CommandSupport#EXIT_BAD_INPUT}, and nothing is written.
     *
     * @return 0, 2 for bad input, 1 if the report cannot be written
     * @throws Exception an unexpected failure, reported by picocli
     */
    @Override
    public Integer call() throws Exception {
        return CommandSupport.run(spec, false, this::prepare, results -> {
            Path written = ImpReports.overlay(title, files, results).write(out);
            PrintWriter w = spec.commandLine().getOut();
            w.println("HTML report of " + results.size() + " run(s) written to " + written.toAbsolutePath());
            w.flush();
            return CommandSupport.EXIT_OK;
        });
    }

    private List<ImpResult> prepare() {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title (\"" + title + "\") must be non-blank");
        }
        CommandSupport.fileTarget("out", out);
        List<ImpResult> results = new ArrayList<>();
        for (Path f : files) {
            try {
                results.add(ImpReports.read(f));
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return results;
    }
}
