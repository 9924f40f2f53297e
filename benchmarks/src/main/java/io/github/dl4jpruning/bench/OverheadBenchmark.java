package io.github.dl4jpruning.bench;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.data.FashionMnist;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OVERHEAD protocol of {@code docs/BENCHMARK.md}: the cost per epoch of keeping masks applied.
 *
 * <p>Two networks with the same seed, each with its own training iterator with the same shuffling seed:
 * (a) plain DL4J, (b) with a {@link PruningListener} on a {@link ConstantSchedule}, pruned once to density
 * {@value OverheadParams#MASK_DENSITY} by {@link PruningListener#prune} before training, so that masks are
 * applied every iteration but never recomputed during the measurement. One warm-up epoch of each (not
 * counted), then {@code epochs} rounds of one plain epoch followed by one masked epoch, so that drift in the
 * machine's speed hits both alike. Reported: the median epoch time of each and their ratio masked / plain,
 * and, measured inside the same masked epochs, the time spent in the listener's per-iteration hooks
 * ({@link HookTimer}) with the ratio {@code masked / (masked - hooks)}: the direct cost of masking, which
 * epoch-to-epoch noise of a shared machine (often ±5-10%) cannot hide.
 */
public final class OverheadBenchmark {

    private static final Logger log = LoggerFactory.getLogger(OverheadBenchmark.class);

    private final OverheadParams params;

    /**
     * Creates the benchmark.
     *
     * @param params the run's parameters (already validated by their constructor)
     */
    public OverheadBenchmark(OverheadParams params) {
        this.params = Objects.requireNonNull(params, "params");
    }

    /**
     * The parameters.
     *
     * @return the parameters
     */
    public OverheadParams params() {
        return params;
    }

    /**
     * Runs the protocol.
     *
     * @param data the loaded Fashion-MNIST data
     * @param environment where it runs, copied into the result
     * @return the epoch times, medians and ratio
     * @throws IllegalStateException if the masked network lost its masks during the run
     */
    public OverheadResult run(FashionMnist data, Environment environment) {
        MultiLayerNetwork plain = params.buildModel(params.seed());
        MultiLayerNetwork masked = params.buildModel(params.seed());
        PruningListener listener = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .seed(params.seed()).build());
        listener.prune(masked, params.maskDensity());
        HookTimer hooks = new HookTimer(listener);
        masked.addListeners(hooks);
        DataSetIterator plainTrain = data.trainIterator(params.batch(), params.seed());
        DataSetIterator maskedTrain = data.trainIterator(params.batch(), params.seed());
        log.info("Overhead on {}: 1 warm-up + {} measured epochs each of plain and masked (density {}) training, "
                + "{} training examples", params.model(), params.epochs(), params.maskDensity(), data.trainCount());

        ImpBenchmark.fitEpoch(plain, plainTrain, "warm-up, plain");
        ImpBenchmark.fitEpoch(masked, maskedTrain, "warm-up, masked");
        hooks.takeSeconds();
        List<Double> plainEpochs = new ArrayList<>();
        List<Double> maskedEpochs = new ArrayList<>();
        List<Double> hookSeconds = new ArrayList<>();
        for (int e = 1; e <= params.epochs(); e++) {
            plainEpochs.add(ImpBenchmark.fitEpoch(plain, plainTrain, "epoch " + e + "/" + params.epochs() + ", plain"));
            maskedEpochs.add(ImpBenchmark.fitEpoch(masked, maskedTrain, "epoch " + e + "/" + params.epochs()
                    + ", masked"));
            hookSeconds.add(hooks.takeSeconds());
        }

        double density = listener.report(masked).density();
        if (Math.abs(density - params.maskDensity()) > 1e-4 || listener.state().orElseThrow().roundsCompleted() != 1) {
            throw new IllegalStateException("masked network density after training (" + density + ") must still be "
                    + params.maskDensity() + " with exactly one mask update: the masked epochs did not measure what "
                    + "they should");
        }
        OverheadResult result = OverheadResult.of(params, environment, plainEpochs, maskedEpochs, hookSeconds);
        log.info("median epoch: plain {} s, masked {} s, ratio {} (masked density {}); time in the masking hooks "
                + "{} s per masked epoch, hook ratio {}", String.format(Locale.ROOT, "%.3f", result.plainEpochSeconds()),
                String.format(Locale.ROOT, "%.3f", result.maskedEpochSeconds()),
                String.format(Locale.ROOT, "%.4f", result.ratio()), String.format(Locale.ROOT, "%.4f", density),
                String.format(Locale.ROOT, "%.4f", result.hookEpochSeconds()),
                String.format(Locale.ROOT, "%.4f", result.hookRatio()));
        return result;
    }
}
