package io.github.dl4jpruning.bench;

import io.github.dl4jpruning.data.FashionMnist;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code overhead}: the OVERHEAD protocol of {@code docs/BENCHMARK.md} (see {@link OverheadBenchmark}). Prints the
 * median plain and masked epoch times and their ratio; {@code --json FILE} writes {@link OverheadResult}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar overhead --model lenet-300-100 --epochs 3 --json overhead.json
 * </pre>
 */
@Command(name = "overhead", mixinStandardHelpOptions = true, versionProvider = BenchmarkCli.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Cost of keeping masks applied: alternate epochs of plain training and of training with the "
                + "pruning listener and masks at density 0.1 (no mask updates), after one warm-up epoch of each; "
                + "median epoch time of each and the ratio masked/plain.")
public final class OverheadCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "3",
            description = "measured epochs of each kind, after one warm-up epoch each (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "0",
            description = "use a deep MLP of N hidden Dense layers of 256 units instead of --model (e.g. 2, 8, 32), "
                    + "to show the masking cost does not grow with depth (default: ${DEFAULT-VALUE} = off)")
    int depth;

    @Option(names = "--train-examples", paramLabel = "N", defaultValue = "0",
            description = "train on the first N examples per epoch, to keep deep models' epochs short "
                    + "(default: ${DEFAULT-VALUE} = all 60,000)")
    int trainExamples;

    /** Creates the command; picocli fills in its options. */
    public OverheadCommand() {
    }

    /**
     * Validates the flags, loads the data, runs the protocol, prints the medians and writes the JSON.
     *
     * @return 0 on success, 2 on invalid input (with a one-line message on stderr), 1 if the JSON cannot be
     *     written
     * @throws Exception an unexpected failure, reported by picocli
     */
    @Override
    public Integer call() throws Exception {
        return CommandSupport.run(spec, common.quiet, this::prepare, this::execute);
    }

    /** What {@link #prepare()} hands to {@link #execute(Prepared)}. */
    private record Prepared(OverheadParams params, Environment environment, FashionMnist data) {
    }

    private Prepared prepare() {
        String json = CommandSupport.jsonTarget(common.json);
        String model = depth > 0 ? Models.deepMlpName(depth) : common.model.id();
        OverheadParams flags = new OverheadParams(model, depth, trainExamples, epochs, OverheadParams.MASK_DENSITY,
                common.seed, common.batch, common.threads, common.onednn, CommandSupport.dataFlag(common), json, common.quiet);
        Path dataDir = CommandSupport.dataDirectory(common);
        OverheadParams params = flags.withData(dataDir.toString());
        Environment environment = Environment.capture(CommandSupport.oneDnn(common), ThreadSettings.apply(params.threads()));
        FashionMnist data = trainExamples > 0 ? FashionMnist.load(dataDir, trainExamples, 1) : FashionMnist.load(dataDir);
        CommandSupport.checkTrainExamples(trainExamples, data);
        return new Prepared(params, environment, data);
    }

    private int execute(Prepared prepared) {
        OverheadParams params = prepared.params();
        Environment environment = prepared.environment();
        String json = params.json();
        OverheadResult result = new OverheadBenchmark(params).run(prepared.data(), environment);
        CommandSupport.writeJson(common.json, result);
        if (!common.quiet) {
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "plain  epochs (s): %s%n", format(result.plainEpochs()));
            out.printf(Locale.ROOT, "masked epochs (s): %s%n", format(result.maskedEpochs()));
            out.printf(Locale.ROOT, "median epoch: plain %.3f s, masked (density %.2f) %.3f s, ratio masked/plain "
                    + "%.4f (%s backend, %d thread(s))%n", result.plainEpochSeconds(), params.maskDensity(),
                    result.maskedEpochSeconds(), result.ratio(), environment.backend(), environment.threads());
            out.printf(Locale.ROOT, "time in the masking hooks: %.4f s per masked epoch (median); masked epoch / "
                    + "(masked epoch - hooks) = %.4f%n", result.hookEpochSeconds(), result.hookRatio());
            if (json != null) {
                out.println("JSON written to " + json);
            }
            out.flush();
        }
        return CommandSupport.EXIT_OK;
    }

    private static String format(List<Double> seconds) {
        StringBuilder sb = new StringBuilder();
        for (double s : seconds) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", s));
        }
        return sb.toString();
    }
}
