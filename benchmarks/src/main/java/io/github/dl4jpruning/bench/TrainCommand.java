package io.github.dl4jpruning.bench;

import io.github.dl4jpruning.data.FashionMnist;
import io.github.dl4jpruning.onednn.OneDnn;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train}: plain DL4J training of one benchmark model (no pruning), every epoch timed, then the test accuracy;
 * the DL4J side of {@code benchmarks/compare-pytorch.sh}, which runs {@code benchmarks/pytorch/lenet5.py} on the same
 * work. {@code --json FILE} writes {@link TrainResult}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar train --model lenet-5 --train-examples 10000 --epochs 2 --json t.json
 * java -jar benchmarks/target/benchmarks.jar train --model lenet-5 --train-examples 10000 --epochs 2 --no-onednn
 * </pre>
 *
 * <p>Expect, on one thread of this project's 2-core machine, a LeNet-5 epoch over 10,000 images of about 4-6 s with
 * oneDNN and about 19-21 s without (see the README's Performance section).
 */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = BenchmarkCli.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Plain training of one model (no pruning): the wall time of every epoch and the test accuracy "
                + "after the last, for comparisons with other libraries on the same work.")
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "2",
            description = "timed training epochs; the first includes the JIT's warm-up (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--train-examples", paramLabel = "N", defaultValue = "10000",
            description = "train on the first N training examples per epoch, 0 for all 60,000 "
                    + "(default: ${DEFAULT-VALUE})")
    int trainExamples;

    /** Creates the command; picocli fills in its options. */
    public TrainCommand() {
    }

    /**
     * Validates the flags, loads the data, trains, prints the epoch times and accuracy and writes the JSON.
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
    private record Prepared(TrainParams params, Environment environment, FashionMnist data) {
    }

    private Prepared prepare() {
        String json = CommandSupport.jsonTarget(common.json);
        TrainParams flags = new TrainParams(common.model.id(), trainExamples, epochs, common.seed, common.batch,
                common.threads, common.onednn, CommandSupport.dataFlag(common), json, common.quiet);
        Path dataDir = CommandSupport.dataDirectory(common);
        TrainParams params = flags.withData(dataDir.toString());
        Environment environment = Environment.capture(CommandSupport.oneDnn(common), ThreadSettings.apply(params.threads()));
        FashionMnist data = trainExamples > 0 ? FashionMnist.load(dataDir, trainExamples, Integer.MAX_VALUE)
                : FashionMnist.load(dataDir);
        return new Prepared(params, environment, data);
    }

    private int execute(Prepared prepared) {
        TrainParams params = prepared.params();
        FashionMnist data = prepared.data();
        MultiLayerNetwork net = ModelKind.fromId(params.model()).build(params.seed());
        DataSetIterator train = data.trainIterator(params.batch(), params.seed());
        List<Double> seconds = new ArrayList<>();
        List<Double> cpuSeconds = new ArrayList<>();
        PrintWriter out = spec.commandLine().getOut();
        for (int e = 1; e <= params.epochs(); e++) {
            long cpu0 = processCpuNanos();
            seconds.add(ImpBenchmark.fitEpoch(net, train, "epoch " + e + "/" + params.epochs()));
            cpuSeconds.add((processCpuNanos() - cpu0) / 1e9);
            if (!common.quiet) {
                out.printf(Locale.ROOT, "epoch %d: %.3f s (process CPU %.3f s)%n", e, seconds.get(seconds.size() - 1),
                        cpuSeconds.get(cpuSeconds.size() - 1));
                out.flush();
            }
        }
        double accuracy = ImpBenchmark.accuracy(net, data.testIterator(1000));
        boolean engaged = OneDnn.isEngaged(net);
        TrainResult result = new TrainResult(TrainResult.PROTOCOL, params.model(), params, prepared.environment(),
                seconds, seconds.get(seconds.size() - 1), cpuSeconds, cpuSeconds.get(cpuSeconds.size() - 1), accuracy,
                engaged);
        CommandSupport.writeJson(common.json, result);
        if (!common.quiet) {
            out.printf(Locale.ROOT, "train %s on %d examples: last epoch %.3f s, accuracy %.4f on %d test images; "
                    + "convolutions %s (native %s; %s backend, %d thread(s))%n", params.model(), data.trainCount(),
                    result.lastEpochSeconds(), accuracy, data.testCount(),
                    engaged ? "through oneDNN" : "built-in (im2col + GEMM)", prepared.environment().nativeBuild(),
                    prepared.environment().backend(), prepared.environment().threads());
            if (params.json() != null) {
                out.println("JSON written to " + params.json());
            }
            out.flush();
        }
        return CommandSupport.EXIT_OK;
    }

    /** CPU time of the whole JVM process so far, or 0 where the platform does not report it. */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? Math.max(0, os.getProcessCpuTime()) : 0;
    }
}
