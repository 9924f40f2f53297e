package io.github.dl4jpruning.bench;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.data.FashionMnist;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.structured.Thinning;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code thin}: how much smaller and faster structured pruning makes a network. Trains the model dense, removes a
 * share of the hidden units (neurons of LeNet-300-100, filters and neurons of LeNet-5; per layer by L2 norm),
 * fine-tunes with the masks, then {@link Thinning thins} it and compares the thinned network with the same
 * network unthinned (dense shapes): parameters, FLOPs per example, model-zip size, and the inference time of the
 * 10k test images in batches (medians of alternating runs in one process, ratio dense/thinned), plus accuracies.
 * Two more measurements explain the ratio: a network of the thinned shape built directly in DL4J, timed in the same
 * alternation (thinning's output should run exactly as fast), and the time of every layer with its FLOPs.
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
    @JsonPropertyOrder({"protocol", "model", "granularity", "remove", "denseEpochs", "finetuneEpochs", "trainExamples",
        "environment", "denseAccuracy", "prunedAccuracy", "thinnedAccuracy", "maxAbsOutputDiff", "params", "flops",
        "zipBytes", "inferenceSeconds", "speedup", "flopRatio", "inferenceRuns", "referenceSeconds",
        "thinnedVsReference", "layers", "layerFlops", "layerSeconds"})
    public record ThinResult(@JsonProperty("protocol") String protocol, @JsonProperty("model") String model,
            @JsonProperty("granularity") String granularity, @JsonProperty("remove") double remove,
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
        common.model.requireMultiLayer();
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
        Granularity granularity = kind == ModelKind.LENET_5 ? Granularity.FILTER : Granularity.NEURON;
        MultiLayerNetwork net = kind.build(common.seed);
        DataSetIterator train = data.trainIterator(common.batch, common.seed);
        for (int e = 0; e < denseEpochs; e++) {
            net.fit(train);
        }
        double denseAcc = accuracy(net, data.testSet());
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .granularity(granularity).scope(Scope.LOCAL).build());
        l.prune(net, 1.0 - remove);
        net.addListeners(l);
        for (int e = 0; e < finetuneEpochs; e++) {
            net.fit(train);
        }
        double prunedAcc = accuracy(net, data.testSet());
        net.setListeners();
        MultiLayerNetwork thin = Thinning.thin(net);
        DataSet test = data.testSet();
        double diff = net.output(test.getFeatures()).sub(thin.output(test.getFeatures())).amaxNumber().doubleValue();
        double thinAcc = accuracy(thin, test);
        MultiLayerNetwork reference = new MultiLayerNetwork(thin.getLayerWiseConfigurations().clone());
        reference.init();
        List<double[]> runs = new ArrayList<>();
        time(net, test);                       // warm-up
        time(thin, test);
        time(reference, test);
        double[] a = new double[repeats];
        double[] b = new double[repeats];
        double[] c = new double[repeats];
        int n = net.getnLayers();
        double[][] la = new double[n][repeats];
        double[][] lb = new double[n][repeats];
        for (int r = 0; r < repeats; r++) {
            a[r] = time(net, test);
            b[r] = time(thin, test);
            c[r] = time(reference, test);
            double[] pa = layerTimes(net, test);
            double[] pb = layerTimes(thin, test);
            for (int i = 0; i < n; i++) {
                la[i][r] = pa[i];
                lb[i][r] = pb[i];
            }
        }
        runs.add(a);
        runs.add(b);
        double ma = median(a);
        double mb = median(b);
        double mc = median(c);
        double[] layerA = new double[n];
        double[] layerB = new double[n];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            layerA[i] = median(la[i]);
            layerB[i] = median(lb[i]);
            names.add(net.getLayer(i).conf().getLayer().getLayerName());
        }
        long[] flops = {flops(net), flops(thin)};
        ThinResult result = new ThinResult("thin", kind.id(), granularity.name(), remove, denseEpochs, finetuneEpochs,
                data.trainCount(), prepared.environment(), denseAcc, prunedAcc, thinAcc, diff,
                new long[] {net.numParams(), thin.numParams()}, flops, new long[] {zipBytes(net), zipBytes(thin)},
                new double[] {ma, mb}, ma / mb, (double) flops[0] / flops[1], runs, mc, mb / mc, names,
                List.of(layerFlops(net), layerFlops(thin)), List.of(layerA, layerB));
        CommandSupport.writeJson(common.json, result);
        if (!common.quiet) {
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%s, %s, %.0f%% of hidden units removed, %d dense + %d fine-tune epochs%n", kind.id(),
                    granularity, remove * 100, denseEpochs, finetuneEpochs);
            out.printf(Locale.ROOT, "accuracy: dense %.4f, pruned %.4f, thinned %.4f (max |output diff| %.2e)%n",
                    denseAcc, prunedAcc, thinAcc, diff);
            out.printf(Locale.ROOT, "params %d -> %d (%.2fx), FLOPs/example %d -> %d (%.2fx), zip %d -> %d bytes (%.2fx)%n",
                    net.numParams(), thin.numParams(), (double) net.numParams() / thin.numParams(), flops[0], flops[1],
                    (double) flops[0] / flops[1], result.zipBytes()[0], result.zipBytes()[1],
                    (double) result.zipBytes()[0] / result.zipBytes()[1]);
            out.printf(Locale.ROOT, "inference, %d test images, batch %d: %.3f s -> %.3f s, speedup %.2fx (%.0f%% of the "
                    + "FLOP ratio) (%s backend, %d thread(s))%n", test.numExamples(), common.batch, ma, mb, ma / mb,
                    100 * (ma / mb) / ((double) flops[0] / flops[1]), prepared.environment().backend(),
                    prepared.environment().threads());
            out.printf(Locale.ROOT, "a network of the thinned shape built directly in DL4J: %.3f s (thinned / built: %.2f)%n",
                    mc, mb / mc);
            out.printf(Locale.ROOT, "%-10s %14s %14s %10s %10s %9s %9s%n", "layer", "FLOPs", "FLOPs thin", "s", "s thin",
                    "FLOP x", "time x");
            long[] fa = result.layerFlops().get(0);
            long[] fb = result.layerFlops().get(1);
            for (int i = 0; i < n; i++) {
                out.printf(Locale.ROOT, "%-10s %14d %14d %10.3f %10.3f %9s %9.2f%n", names.get(i), fa[i], fb[i],
                        layerA[i], layerB[i], fb[i] == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) fa[i] / fb[i]),
                        layerA[i] / layerB[i]);
            }
            out.flush();
        }
        return CommandSupport.EXIT_OK;
    }

    private double time(MultiLayerNetwork net, DataSet test) {
        INDArray x = test.getFeatures();
        long rows = x.rows();
        long t0 = System.nanoTime();
        for (long s = 0; s < rows; s += common.batch) {
            net.output(x.get(NDArrayIndex.interval(s, Math.min(rows, s + common.batch)), NDArrayIndex.all()));
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double accuracy(MultiLayerNetwork net, DataSet test) {
        Evaluation e = new Evaluation();
        e.eval(test.getLabels(), net.output(test.getFeatures()));
        return e.accuracy();
    }

    /**
     * Seconds per layer for the test set in batches: each layer's input preprocessor and forward pass (inference
     * mode), layer by layer as {@code output} runs them.
     */
    private double[] layerTimes(MultiLayerNetwork net, DataSet test) {
        INDArray x = test.getFeatures();
        long rows = x.rows();
        int n = net.getnLayers();
        double[] t = new double[n];
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        for (long s = 0; s < rows; s += common.batch) {
            INDArray a = x.get(NDArrayIndex.interval(s, Math.min(rows, s + common.batch)), NDArrayIndex.all());
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                InputPreProcessor pre = conf.getInputPreProcess(i);
                if (pre != null) {
                    a = pre.preProcess(a, (int) a.size(0), mgr);
                }
                a = net.getLayer(i).activate(a, false, mgr);
                t[i] += (System.nanoTime() - t0) / 1e9;
            }
        }
        return t;
    }

    /** FLOPs per example: 2 per multiply-add of Dense/Output and convolution layers. */
    static long flops(MultiLayerNetwork net) {
        return Arrays.stream(layerFlops(net)).sum();
    }

    /** FLOPs per example of each layer: 2 per multiply-add of Dense/Output and convolution layers, 0 for others. */
    static long[] layerFlops(MultiLayerNetwork net) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        InputType in = net.getLayer(0).conf().getLayer() instanceof ConvolutionLayer
                ? InputType.convolutionalFlat(FashionMnist.ROWS, FashionMnist.COLUMNS, 1)
                : InputType.feedForward(FashionMnist.PIXELS);
        List<InputType> types = conf.getLayerActivationTypes(in);
        long[] f = new long[conf.getConfs().size()];
        for (int i = 0; i < f.length; i++) {
            Layer l = conf.getConf(i).getLayer();
            if (l instanceof ConvolutionLayer c) {
                InputType.InputTypeConvolutional o = (InputType.InputTypeConvolutional) types.get(i);
                f[i] = 2L * c.getKernelSize()[0] * c.getKernelSize()[1] * c.getNIn() * c.getNOut() * o.getHeight()
                        * o.getWidth();
            } else if (l instanceof FeedForwardLayer ff) {
                f[i] = 2L * ff.getNIn() * ff.getNOut();
            }
        }
        return f;
    }

    private static long zipBytes(MultiLayerNetwork net) {
        try {
            File f = File.createTempFile("thin", ".zip");
            try {
                ModelSerializer.writeModel(net, f, false);
                return Files.size(f.toPath());
            } finally {
                Files.deleteIfExists(f.toPath());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write a temporary model zip", e);
        }
    }
}
