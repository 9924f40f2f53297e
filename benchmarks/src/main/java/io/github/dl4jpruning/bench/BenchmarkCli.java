package io.github.dl4jpruning.bench;

import io.github.dl4jpruning.bench.model.ExportSparseCommand;
import io.github.dl4jpruning.bench.model.InspectCommand;
import io.github.dl4jpruning.bench.model.PruneCommand;
import io.github.dl4jpruning.bench.model.StripCommand;
import io.github.dl4jpruning.bench.model.ThinModelCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of {@code benchmarks.jar}, the {@code dl4j-pruning} program: the protocols of {@code docs/BENCHMARK.md}
 * as subcommands {@code imp} ({@link ImpCommand}), {@code overhead} ({@link OverheadCommand}), {@code thin},
 * {@code train}, {@code table} and {@code jmh}, and the commands on any DL4J model zip of package
 * {@code io.github.dl4jpruning.bench.model} ({@code inspect}, {@code prune}, {@code strip}, {@code thin-model},
 * {@code export-sparse}).
 *
 * <p>Exit codes: 0 success; 2 invalid input (a bad or out-of-range flag, missing or malformed data), with a
 * one-line message on stderr; 1 any other failure.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar imp --json imp.json
 * java -jar benchmarks/target/benchmarks.jar overhead --epochs 3 --json overhead.json
 * java -jar benchmarks/target/benchmarks.jar imp --help
 * java -jar benchmarks/target/benchmarks.jar inspect model.zip
 * </pre>
 */
@Command(name = "dl4j-pruning", mixinStandardHelpOptions = true, versionProvider = BenchmarkCli.Version.class,
        subcommands = {ImpCommand.class, OverheadCommand.class, JmhCommand.class, TableCommand.class, ThinCommand.class,
            TrainCommand.class, InspectCommand.class, PruneCommand.class, StripCommand.class, ThinModelCommand.class,
            ExportSparseCommand.class, ReportCommand.class},
        description = {"dl4j-pruning: the benchmark protocols (docs/BENCHMARK.md) on Fashion-MNIST (imp, overhead, "
                + "thin, train, table, report, jmh) and commands for your own DL4J model zips (inspect, prune, strip, "
                + "thin-model, export-sparse)."})
public final class BenchmarkCli implements Runnable {

    @Spec
    CommandSpec spec;

    /** Creates the top command; picocli fills in its fields. */
    public BenchmarkCli() {
    }

    /**
     * Runs the command line and exits the JVM with its exit code.
     *
     * @param args the command-line arguments, for example {@code imp --json imp.json}
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The configured command line: like {@code new CommandLine(new BenchmarkCli())}, but usage errors print
     * one line and a hint to {@code --help} instead of the whole usage text.
     *
     * @return a new command line
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new BenchmarkCli());
        cli.setParameterExceptionHandler(new ShortUsageErrors());
        CommandLine jmh = cli.getSubcommands().get("jmh");
        jmh.setUnmatchedOptionsArePositionalParams(true);   // JMH's own flags (-f, -wi, -i...) pass through
        jmh.setStopAtPositional(true);
        return cli;
    }

    /**
     * Called without a subcommand: a usage error.
     *
     * @throws ParameterException always, naming the subcommands
     */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand (imp, overhead, thin, train, table, jmh, inspect, "
                + "prune, strip, thin-model or export-sparse) is required");
    }

    /** Prints a usage error as one line plus a hint to {@code --help}. */
    static final class ShortUsageErrors implements IParameterExceptionHandler {

        /**
         * Prints the message.
         *
         * @param ex the usage error
         * @param args the command-line arguments
         * @return the command's exit code for invalid input (2)
         */
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println(cmd.getCommandName() + ": " + ex.getMessage());
            UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
            err.flush();
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        }
    }

    /** The version: this module's Maven version (from the jar's metadata) and the DL4J version. */
    public static final class Version implements IVersionProvider {

        /** Creates the provider (picocli instantiates it). */
        public Version() {
        }

        private static final String POM_PROPERTIES = "META-INF/maven/io.github.dl4jpruning/benchmarks/pom.properties";

        /**
         * The version lines.
         *
         * @return for example {@code "dl4j-pruning 0.1.0-SNAPSHOT (Deeplearning4j 1.0.0-M2.1)"}
         */
        @Override
        public String[] getVersion() {
            String version = "(development build)";
            try (InputStream in = BenchmarkCli.class.getClassLoader().getResourceAsStream(POM_PROPERTIES)) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    version = p.getProperty("version", version);
                }
            } catch (IOException e) {
                // keep the development label
            }
            return new String[] {"dl4j-pruning " + version + " (Deeplearning4j "
                    + Environment.DL4J_VERSION + ")"};
        }
    }
}
