package io.github.dl4jpruning.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs the JMH kernel benchmarks shaded into this jar ({@code io.github.dl4jpruning.bench.jmh}): every
 * argument is passed to JMH's own command line ({@code org.openjdk.jmh.Main}), e.g.
 * {@code java -jar benchmarks.jar jmh ThresholdBenchmark -f 1 -wi 1 -i 3}; {@code jmh -h} lists JMH's flags.
 * {@link BenchmarkCli#commandLine()} makes picocli pass every argument after {@code jmh} through unparsed, except a
 * leading {@code --help}, which prints this command's usage ({@code -h} stays JMH's).
 */
@Command(name = "jmh", description = {"Run the JMH kernels (mask application, threshold selection, criterion "
        + "scoring); all arguments go to JMH, e.g.: jmh ThresholdBenchmark -f 1 -wi 1 -i 3",
    "JMH's own flags: jmh -h. Kernels: MaskApplyBenchmark, ThresholdBenchmark, CriterionBenchmark."})
public final class JmhCommand implements Callable<Integer> {

    @Option(names = "--help", usageHelp = true, description = "show this help and exit (jmh -h: JMH's own flags)")
    boolean help;

    @Parameters(arity = "0..*", paramLabel = "JMH_ARGS", description = "arguments for org.openjdk.jmh.Main")
    List<String> args = new ArrayList<>();

    /** Creates the command; picocli fills in its arguments. */
    public JmhCommand() {
    }

    /**
     * Hands the arguments to JMH (which exits the JVM itself when done).
     *
     * @return 0 if JMH returns
     * @throws Exception whatever JMH throws
     */
    @Override
    public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(args.toArray(String[]::new));
        return CommandSupport.EXIT_OK;
    }
}
