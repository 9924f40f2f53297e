package io.github.dl4jpruning.bench;

import io.github.dl4jpruning.bench.html.ImpReports;
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
 * {@code imp}: the IMP protocol of {@code docs/BENCHMARK.md} (see {@link ImpBenchmark}). Prints one table row per
 * round as it is evaluated and the total wall time; {@code --json FILE} writes {@link ImpResult}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar imp --model lenet-300-100 --dense-epochs 5 --finetune-epochs 1 \
 *      --rate 0.5 --target-density 0.02 --scope global --seed 42 --json imp.json
 * </pre>
 */
@Command(name = "imp", mixinStandardHelpOptions = true, versionProvider = BenchmarkCli.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Iterative magnitude pruning (Han et al. 2015): train dense, then repeatedly remove a share "
                + "of the remaining weights and fine-tune, until the target density; test accuracy and timings "
                + "per round. --criterion and --schedule select other criteria and moments to prune.")
public final class ImpCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--dense-epochs", paramLabel = "N", defaultValue = "5",
            description = "epochs of dense training before round 0 (default: ${DEFAULT-VALUE})")
    int denseEpochs;

    @Option(names = "--finetune-epochs", paramLabel = "N", defaultValue = "1",
            description = "epochs of fine-tuning after each pruning round (default: ${DEFAULT-VALUE})")
    int finetuneEpochs;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0.5",
            description = "share of the still-unpruned weights removed per round, in (0, 1) (default: "
                    + "${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--target-density", paramLabel = "D",
            description = "density to stop at, in (0, 1); the last round removes only what is needed (default: "
                    + UNSTRUCTURED_TARGET + " of the weights; with --granularity neuron, filter or channel, where "
                    + "densities count units, " + STRUCTURED_TARGET + " of the units)")
    Double targetDensity;

    /** Default target density of unstructured pruning (weights kept). */
    static final double UNSTRUCTURED_TARGET = 0.02;

    /**
     * Default target density of structured pruning (units kept): three rounds at the default rate. An eighth of a
     * layer's units keeps about 1/64 of the weights between two pruned layers; fewer units collapse layers.
     */
    static final double STRUCTURED_TARGET = 0.125;

    @Option(names = "--scope", paramLabel = "global|local", defaultValue = "global",
            description = "global: one ranking by |w| over all layers; local: every layer to the same density "
                    + "(default: ${DEFAULT-VALUE})")
    String scope;

    @Option(names = "--min-layer-density", paramLabel = "D", defaultValue = "0.0",
            description = "floor on every layer's density, in [0, target density] (default: ${DEFAULT-VALUE})")
    double minLayerDensity;

    @Option(names = "--l1", paramLabel = "LAMBDA", defaultValue = "0",
            description = "L1 regularization of the prunable weights, added to their masked gradients every "
                    + "iteration (pushes weights toward zero before they are ranked), 0 = none (default: "
                    + "${DEFAULT-VALUE})")
    double l1;

    @Option(names = "--l1-start-epoch", paramLabel = "E", defaultValue = "0",
            description = "first epoch (0-based) with --l1; e.g. the value of --dense-epochs regularizes only the "
                    + "fine-tuning (default: ${DEFAULT-VALUE})")
    int l1StartEpoch;

    @Option(names = "--criterion", paramLabel = "magnitude|taylor|snip|random", defaultValue = "magnitude",
            description = "importance: |w| (Han et al. 2015), |w*g| (Molchanov et al. 2019), SNIP |g*w|/sum "
                    + "(Lee et al. 2019) or seeded random (the baseline) (default: ${DEFAULT-VALUE})")
    String criterion;

    @Option(names = "--schedule", paramLabel = "imp|oneshot|gradual|init|lottery", defaultValue = "imp",
            description = "when to prune: iterative (IMP), once after the dense epochs, gradually per iteration "
                    + "(Zhu & Gupta 2017), at initialization, or IMP with lottery-ticket rewinding; every schedule "
                    + "but imp/lottery prints one row per epoch (default: ${DEFAULT-VALUE})")
    String schedule;

    @Option(names = "--init-batches", paramLabel = "N", defaultValue = "10",
            description = "minibatches of gradients for --schedule init with a gradient criterion (default: "
                    + "${DEFAULT-VALUE})")
    int initBatches;

    @Option(names = "--rewind-iteration", paramLabel = "K", defaultValue = "0",
            description = "--schedule lottery rewinds to the weights after K iterations, 0 = initialization "
                    + "(default: ${DEFAULT-VALUE})")
    long rewindIteration;

    @Option(names = "--gradual-epochs", paramLabel = "N", defaultValue = "4",
            description = "--schedule gradual prunes from the end of epoch 1 over N epochs, then fine-tunes "
                    + "--finetune-epochs (default: ${DEFAULT-VALUE})")
    int gradualEpochs;

    @Option(names = "--granularity", paramLabel = "unstructured|neuron|filter|channel", defaultValue = "unstructured",
            description = "unstructured: single weights; neuron / filter / channel: whole hidden neurons (and filters) "
                    + "with the next layer's inputs, scored by their own weights (channel: by the next layer's), "
                    + "densities then count units (default: ${DEFAULT-VALUE})")
    String granularity;

    @Option(names = "--train-examples", paramLabel = "N", defaultValue = "0",
            description = "train on the first N training examples per epoch, 0 = all 60,000 (for quick runs; the "
                    + "test set stays whole) (default: ${DEFAULT-VALUE})")
    int trainExamples;

    @Option(names = "--report", paramLabel = "DIR",
            description = "write the HTML report DIR/index.html (self-contained: charts inlined)")
    Path report;

    @Option(names = "--verbose", description = "also log every mask update with its per-layer densities, and every "
            + "round, on stderr (by default each round is printed once, as the table row on stdout)")
    boolean verbose;

    /** Creates the command; picocli fills in its options. */
    public ImpCommand() {
    }

    /**
     * Validates the flags, loads the data, runs the protocol, prints the table and writes the JSON.
     *
     * @return 0 on success, 2 on invalid input (with a one-line message on stderr), 1 if the JSON cannot be
     *     written
     * @throws Exception an unexpected failure, reported by picocli
     */
    @Override
    public Integer call() throws Exception {
        if (verbose && common.quiet) {
            spec.commandLine().getErr().println(spec.name() + ": verbose (true) must not be given with --quiet: "
                    + "choose one");
            spec.commandLine().getErr().flush();
            return CommandSupport.EXIT_BAD_INPUT;
        }
        return CommandSupport.run(spec, common.quiet, this::prepare, prepared -> {
            // each round once: the table row; the listener's per-round log line only with --verbose
            try (LogLevels levels = verbose ? LogLevels.set("io.github.dl4jpruning", "DEBUG")
                    : LogLevels.set(ENGINE_LOGGER, "WARN")) {
                return execute(prepared);
            }
        });
    }

    /** The logger of the engine, which logs every mask update (core's PruningEngine). */
    static final String ENGINE_LOGGER = "io.github.dl4jpruning.engine.PruningEngine";

    /** What {@link #prepare()} hands to {@link #execute(Prepared)}. */
    private record Prepared(long startNanos, ImpParams params, Environment environment, FashionMnist data) {
    }

    private Prepared prepare() {
        long start = System.nanoTime();
        String json = CommandSupport.jsonTarget(common.json);
        String reportDir = CommandSupport.directoryTarget(report, List.of(ImpReports.INDEX_HTML));
        if (json != null && json.equals(reportDir)) {
            throw new IllegalArgumentException("json (" + common.json + ") must differ from report (" + report
                    + "): the JSON is a file, the report a directory; e.g. --json imp.json --report imp-report");
        }
        double target = targetDensity != null ? targetDensity
                : granularity.equalsIgnoreCase("unstructured") ? UNSTRUCTURED_TARGET : STRUCTURED_TARGET;
        ImpParams flags = new ImpParams(common.model.id(), denseEpochs, finetuneEpochs, rate, target,
                scope.toLowerCase(Locale.ROOT), minLayerDensity, l1, l1StartEpoch, criterion.toLowerCase(Locale.ROOT),
                schedule.toLowerCase(Locale.ROOT), initBatches, rewindIteration, gradualEpochs,
                granularity.toLowerCase(Locale.ROOT), trainExamples, common.seed,
                common.batch, common.threads, common.onednn,
                CommandSupport.dataFlag(common), json, reportDir, common.quiet);
        int epochs = flags.totalEpochs();
        if (flags.l1() > 0 && flags.l1StartEpoch() >= epochs) {
            throw new IllegalArgumentException("l1StartEpoch (" + l1StartEpoch + ") must be in [0, " + (epochs - 1)
                    + "] with --l1: the run trains " + epochs + " epochs (0-based), so L1 would never start; lower "
                    + "--l1-start-epoch or leave out --l1");
        }
        Path dataDir = CommandSupport.dataDirectory(common);
        ImpParams params = flags.withData(dataDir.toString());
        Environment environment = Environment.capture(CommandSupport.oneDnn(common),
                ThreadSettings.apply(params.threads()));      // oneDNN switched before ND4J loads
        FashionMnist data = trainExamples > 0 ? FashionMnist.load(dataDir, trainExamples, Integer.MAX_VALUE)
                : FashionMnist.load(dataDir);
        CommandSupport.checkTrainExamples(trainExamples, data);
        long batchesPerEpoch = (data.trainCount() + (long) params.batch() - 1) / params.batch();
        if (params.scheduleKind() == ImpParams.ScheduleKind.LOTTERY
                && rewindIteration > batchesPerEpoch * params.denseEpochs()) {
            throw new IllegalArgumentException("rewindIteration (" + rewindIteration + ") must be in [0, "
                    + batchesPerEpoch * params.denseEpochs() + "]: the iterations of the " + params.denseEpochs()
                    + " dense epoch(s) (" + batchesPerEpoch + " minibatches each), so that the weights are copied "
                    + "before the first round; 0 rewinds to the initial weights");
        }
        return new Prepared(start, params, environment, data);
    }

    private int execute(Prepared prepared) {
        ImpParams params = prepared.params();
        Environment environment = prepared.environment();
        String json = params.json();
        PrintWriter out = spec.commandLine().getOut();
        if (!common.quiet) {
            out.println(RoundTable.header());
            out.flush();
        }
        ImpBenchmark.Run run = new ImpBenchmark(params).run(prepared.data(), environment, round -> {
            if (!common.quiet) {
                out.println(RoundTable.row(round));
                out.flush();
            }
        }, prepared.startNanos());
        ImpResult result = run.result();
        CommandSupport.writeJson(common.json, result);
        Path reportFile = report == null ? null : ImpReports.write(run, "java -jar benchmarks.jar "
                + String.join(" ", spec.commandLine().getParseResult().originalArgs()), report);
        if (!common.quiet) {
            RoundResult last = result.finalRound();
            out.printf(Locale.ROOT, "Total wall time: %.1f s (%d rounds; final density %.4f, accuracy %.4f; %s "
                    + "backend, %d thread(s))%n", result.totalSeconds(), result.rounds().size() - 1, last.density(),
                    last.accuracy(), environment.backend(), environment.threads());
            if (json != null) {
                out.println("JSON written to " + json);
            }
            if (reportFile != null) {
                out.println("HTML report written to " + reportFile.toAbsolutePath());
            }
            out.flush();
        }
        return CommandSupport.EXIT_OK;
    }
}
