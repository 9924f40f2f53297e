package io.github.dl4jpruning.bench;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.criterion.GroupScore;
import io.github.dl4jpruning.data.FashionMnist;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code thin}: how much smaller and faster structured pruning makes a network. Trains the model dense, removes a
 * share of the hidden units (neurons of LeNet-300-100; filters and neurons of LeNet-5; the channel groups of
 * resnet-mini, a ComputationGraph, whose residual adds tie channels together; per group by L2 norm),
 * fine-tunes with the masks, then {@link Thinning thins} it and compares the thinned network with the same
 * network unthinned (dense shapes): parameters, FLOPs per example, model-zip size, and the inference time of the
 * 10k test images in batches (medians of alternating runs in one process, ratio dense/thinned), plus accuracies.
 * Two more measurements explain the ratio: a network of the thinned shape built directly in DL4J, timed in the same
 * alternation (thinning's output should run exactly as fast), and the time of every layer (every vertex of a graph,
 * in topological order) with its FLOPs.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar thin --model lenet-300-100 --remove 0.5 --json thin.json
 * </pre>
 */
@Command(name = "thin", mixinStandardHelpOptions = true, versionProvider = BenchmarkCli.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Structured pruning + thinning: parameters, FLOPs, zip size and inference time of the thinned "
                + "vs the unthinned network, and accuracies.")
public final class ThinCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--remove", paramLabel = "R", defaultValue = "0.5",
            description = "share of the hidden units removed, in (0, 1) (default: ${DEFAULT-VALUE})")
    double remove;

    @Option(names = "--dense-epochs", paramLabel = "N", defaultValue = "2",
            description = "epochs of dense training (default: ${DEFAULT-VALUE})")
    int denseEpochs;

    @Option(names = "--finetune-epochs", paramLabel = "N", defaultValue = "1",
            description = "epochs of fine-tuning with the masks (default: ${DEFAULT-VALUE})")
    int finetuneEpochs;

    @Option(names = "--train-examples", paramLabel = "N", defaultValue = "0",
            description = "train on the first N examples only, 0 = all (default: ${DEFAULT-VALUE})")
    int trainExamples;

    @Option(names = "--group-score", paramLabel = "l1|l2|bn-gamma", defaultValue = "l2",
            description = "how a unit is scored: the L1 or L2 norm of its producers' weights, or the |gamma| of its "
                    + "BatchNormalization layers (network slimming) (default: ${DEFAULT-VALUE})")
    String groupScore;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "5",
            description = "timed inference passes over the test set per network, alternated (default: "
                    + "${DEFAULT-VALUE})")
    int repeats;

    /** Creates the command; picocli fills in its options. */
    public ThinCommand() {
    }

    /**
     * The JSON result.
     *
     * @param protocol {@code "thin"}
     * @param model the model
     * @param granularity {@code NEURON} or {@code FILTER}
     * @param groupScore how units were scored ({@code L2}, {@code BN_GAMMA}...)
     * @param remove share of hidden units removed
     * @param denseEpochs epochs of dense training
     * @param finetuneEpochs epochs of fine-tuning
     * @param trainExamples training examples used
     * @param environment where it ran
     * @param denseAccuracy test accuracy after dense training
     * @param prunedAccuracy test accuracy of the masked network after fine-tuning
     * @param thinnedAccuracy test accuracy of the thinned network
     * @param maxAbsOutputDiff largest difference between masked and thinned outputs on the test set
     * @param params parameters unthinned / thinned
     * @param flops FLOPs per example unthinned / thinned (2 per multiply-add of Dense and convolution layers)
     * @param zipBytes model zip size unthinned / thinned (no updater)
     * @param inferenceSeconds median seconds for the 10k test images, unthinned / thinned
     * @param speedup unthinned / thinned inference time
     * @param flopRatio unthinned / thinned FLOPs
     * @param inferenceRuns every timed run, unthinned then thinned, alternated
     * @param referenceSeconds median seconds for a network of the thinned shape built directly in DL4J (fresh weights,
     *        timed in the same alternation): how fast DL4J runs that architecture at all
     * @param thinnedVsReference thinned / reference inference time (1.0: thinning adds no cost of its own)
     * @param layers the layer names, in order
     * @param layerFlops FLOPs per example of each layer, unthinned then thinned
     * @param layerSeconds seconds per layer for the 10k test images (layer by layer, its input preprocessor
     *        included; medians of the timed passes), unthinned then thinned
     */
    @JsonPropertyOrder({"protocol", "model", "granularity", "groupScore", "remove", "denseEpochs", "finetuneEpochs",
        "trainExamples", "environment", "denseAccuracy", "prunedAccuracy", "thinnedAccuracy", "maxAbsOutputDiff", "params", "flops",
        "zipBytes", "inferenceSeconds", "speedup", "flopRatio", "inferenceRuns", "referenceSeconds",
        "thinnedVsReference", "layers", "layerFlops", "layerSeconds"})
    public record ThinResult(@JsonProperty("protocol") String protocol, @JsonProperty("model") String model,
            @JsonProperty("granularity") String granularity, @JsonProperty("groupScore") String groupScore,
            @JsonProperty("remove") double remove,
            @JsonProperty("denseEpochs") int denseEpochs, @JsonProperty("finetuneEpochs") int finetuneEpochs,
            @JsonProperty("trainExamples") int trainExamples, @JsonProperty("environment") Environment environment,
            @JsonProperty("denseAccuracy") double denseAccuracy, @JsonProperty("prunedAccuracy") double prunedAccuracy,
            @JsonProperty("thinnedAccuracy") double thinnedAccuracy,
            @JsonProperty("maxAbsOutputDiff") double maxAbsOutputDiff, @JsonProperty("params") long[] params,
            @JsonProperty("flops") long[] flops, @JsonProperty("zipBytes") long[] zipBytes,
            @JsonProperty("inferenceSeconds") double[] inferenceSeconds, @JsonProperty("speedup") double speedup,
            @JsonProperty("flopRatio") double flopRatio, @JsonProperty("inferenceRuns") List<double[]> inferenceRuns,
            @JsonProperty("referenceSeconds") double referenceSeconds,
            @JsonProperty("thinnedVsReference") double thinnedVsReference, @JsonProperty("layers") List<String> layers,
            @JsonProperty("layerFlops") List<long[]> layerFlops, @JsonProperty("layerSeconds") List<double[]> layerSeconds) {
    }

    @Override
    public Integer call() throws Exception {
        return CommandSupport.run(spec, common.quiet, this::prepare, this::execute);
    }

    private record Prepared(Environment environment, FashionMnist data) {
    }

    private Prepared prepare() {
        if (!(remove > 0 && remove < 1)) {
            throw new IllegalArgumentException("remove (" + remove + ") must be in (0, 1): the share of hidden units "
                    + "removed, e.g. --remove 0.5");
        }
        if (denseEpochs < 1) {
            throw new IllegalArgumentException("denseEpochs (" + denseEpochs + ") must be >= 1: epochs of dense "
                    + "training before the units are removed, e.g. --dense-epochs 2");
        }
        if (finetuneEpochs < 0) {
            throw new IllegalArgumentException("finetuneEpochs (" + finetuneEpochs + ") must be >= 0: epochs of "
                    + "fine-tuning with the masks, e.g. --finetune-epochs 1");
        }
        if ((long) denseEpochs + finetuneEpochs > CommandSupport.MAX_EPOCHS) {
            throw new IllegalArgumentException("denseEpochs (" + denseEpochs + ") + finetuneEpochs (" + finetuneEpochs
                    + ") must be at most " + CommandSupport.MAX_EPOCHS + " training epochs: lower them");
        }
        if (repeats < 1 || repeats > CommandSupport.MAX_REPEATS) {
            throw new IllegalArgumentException("repeats (" + repeats + ") must be in [1, " + CommandSupport.MAX_REPEATS
                    + "]: timed inference passes per network, e.g. --repeats 5");
        }
        if (trainExamples < 0) {
            throw new IllegalArgumentException("trainExamples (" + trainExamples + ") must be >= 0: the first N "
                    + "training examples, 0 = all");
        }
        groupScore(groupScore);
        CommandSupport.checkBatchAndThreads(common);
        CommandSupport.jsonTarget(common.json);
        Path dir = CommandSupport.dataDirectory(common);
        Environment environment = Environment.capture(CommandSupport.oneDnn(common), ThreadSettings.apply(common.threads));
        FashionMnist data = trainExamples > 0 ? FashionMnist.load(dir, trainExamples, Integer.MAX_VALUE)
                : FashionMnist.load(dir);
        CommandSupport.checkTrainExamples(trainExamples, data);
        return new Prepared(environment, data);
    }

    private int execute(Prepared prepared) {
        FashionMnist data = prepared.data();
        ModelKind kind = common.model;
        Granularity granularity = kind == ModelKind.LENET_300_100 ? Granularity.NEURON : Granularity.FILTER;
        GroupScore score = groupScore(groupScore);
        ThinNet net = ThinNet.of(kind.buildAny(common.seed));
        DataSetIterator train = data.trainIterator(common.batch, common.seed);
        for (int e = 0; e < denseEpochs; e++) {
            net.fit(train);
        }
        DataSet test = data.testSet();
        double denseAcc = net.accuracy(test);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .granularity(granularity).groupScore(score).scope(Scope.LOCAL).build());
        l.prune(net.model, 1.0 - remove);
        net.model.setListeners(l);
        for (int e = 0; e < finetuneEpochs; e++) {
            net.fit(train);
        }
        double prunedAcc = net.accuracy(test);
        net.model.setListeners();
        ThinNet thin = net.thinned();
        double diff = net.output(test.getFeatures()).sub(thin.output(test.getFeatures())).amaxNumber().doubleValue();
        double thinAcc = thin.accuracy(test);
        ThinNet reference = thin.builtAfresh();
        INDArray x = test.getFeatures();
        net.time(x, common.batch);                       // warm-up
        thin.time(x, common.batch);
        reference.time(x, common.batch);
        double[] a = new double[repeats];
        double[] b = new double[repeats];
        double[] c = new double[repeats];
        List<String> names = net.layerNames();
        int n = names.size();
        double[][] la = new double[n][repeats];
        double[][] lb = new double[n][repeats];
        for (int r = 0; r < repeats; r++) {
            a[r] = net.time(x, common.batch);
            b[r] = thin.time(x, common.batch);
            c[r] = reference.time(x, common.batch);
            double[] pa = net.layerTimes(x, common.batch);
            double[] pb = thin.layerTimes(x, common.batch);
            for (int i = 0; i < n; i++) {
                la[i][r] = pa[i];
                lb[i][r] = pb[i];
            }
        }
        List<double[]> runs = List.of(a, b);
        double ma = median(a);
        double mb = median(b);
        double mc = median(c);
        double[] layerA = new double[n];
        double[] layerB = new double[n];
        for (int i = 0; i < n; i++) {
            layerA[i] = median(la[i]);
            layerB[i] = median(lb[i]);
        }
        long[] flops = {net.flops(), thin.flops()};
        ThinResult result = new ThinResult("thin", kind.id(), granularity.name(), score.name(), remove, denseEpochs,
                finetuneEpochs, data.trainCount(), prepared.environment(), denseAcc, prunedAcc, thinAcc, diff,
                new long[] {net.numParams(), thin.numParams()}, flops, new long[] {net.zipBytes(), thin.zipBytes()},
                new double[] {ma, mb}, ma / mb, (double) flops[0] / flops[1], runs, mc, mb / mc, names,
                List.of(net.layerFlops(), thin.layerFlops()), List.of(layerA, layerB));
        CommandSupport.writeJson(common.json, result);
        if (!common.quiet) {
            print(result, test.numExamples(), prepared.environment());
        }
        return CommandSupport.EXIT_OK;
    }

    private void print(ThinResult r, int testImages, Environment environment) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s, %s, %.0f%% of hidden units removed, %d dense + %d fine-tune epochs%n", r.model(),
                r.granularity(), r.remove() * 100, r.denseEpochs(), r.finetuneEpochs());
        out.printf(Locale.ROOT, "accuracy: dense %.4f, pruned %.4f, thinned %.4f (max |output diff| %.2e)%n",
                r.denseAccuracy(), r.prunedAccuracy(), r.thinnedAccuracy(), r.maxAbsOutputDiff());
        long[] p = r.params();
        long[] f = r.flops();
        long[] z = r.zipBytes();
        out.printf(Locale.ROOT, "params %d -> %d (%.2fx), FLOPs/example %d -> %d (%.2fx), zip %d -> %d bytes (%.2fx)%n",
                p[0], p[1], (double) p[0] / p[1], f[0], f[1], r.flopRatio(), z[0], z[1], (double) z[0] / z[1]);
        double ma = r.inferenceSeconds()[0];
        double mb = r.inferenceSeconds()[1];
        out.printf(Locale.ROOT, "inference, %d test images, batch %d: %.3f s -> %.3f s, speedup %.2fx (%.0f%% of the "
                + "FLOP ratio) (%s backend, %d thread(s))%n", testImages, common.batch, ma, mb, r.speedup(),
                100 * r.speedup() / r.flopRatio(), environment.backend(), environment.threads());
        out.printf(Locale.ROOT, "a network of the thinned shape built directly in DL4J: %.3f s (thinned / built: %.2f)%n",
                r.referenceSeconds(), r.thinnedVsReference());
        int width = Math.max(10, r.layers().stream().mapToInt(String::length).max().orElse(0));
        out.printf(Locale.ROOT, "%-" + width + "s %14s %14s %10s %10s %9s %9s%n", "layer", "FLOPs", "FLOPs thin", "s",
                "s thin", "FLOP x", "time x");
        long[] fa = r.layerFlops().get(0);
        long[] fb = r.layerFlops().get(1);
        double[] sa = r.layerSeconds().get(0);
        double[] sb = r.layerSeconds().get(1);
        for (int i = 0; i < fa.length; i++) {
            out.printf(Locale.ROOT, "%-" + width + "s %14d %14d %10.3f %10.3f %9s %9.2f%n", r.layers().get(i), fa[i],
                    fb[i], sa[i], sb[i], fb[i] == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) fa[i] / fb[i]),
                    sa[i] / sb[i]);
        }
        out.flush();
    }

    /**
     * Parses {@code --group-score}.
     *
     * @param name l1, l2 or bn-gamma (case-insensitive)
     * @return the score
     * @throws IllegalArgumentException naming the flag and the allowed values
     */
    static GroupScore groupScore(String name) {
        for (GroupScore g : List.of(GroupScore.L1, GroupScore.L2, GroupScore.BN_GAMMA)) {
            if (g.name().replace('_', '-').equalsIgnoreCase(name)) {
                return g;
            }
        }
        throw new IllegalArgumentException("groupScore (" + name + ") must be l1, l2 or bn-gamma (flag --group-score)");
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
