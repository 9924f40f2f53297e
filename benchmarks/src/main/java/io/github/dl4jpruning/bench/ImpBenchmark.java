package io.github.dl4jpruning.bench;

import io.github.dl4jpruning.data.FashionMnist;
import io.github.dl4jpruning.htmlreport.EpochLoss;
import io.github.dl4jpruning.htmlreport.InputConnections;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.schedule.GradualSchedule;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.schedule.OneShotSchedule;
import io.github.dl4jpruning.schedule.PruningSchedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IMP protocol of {@code docs/BENCHMARK.md}: iterative magnitude pruning as in Han, Pool, Tran and Dally,
 * "Learning both Weights and Connections for Efficient Neural Networks", NeurIPS 2015.
 *
 * <p>A fresh network gets a {@link PruningListener} with
 * {@code new IterativeSchedule(denseEpochs, rate, finetuneEpochs, targetDensity)} and is trained with
 * {@code net.fit(trainIterator)}, one epoch per call. After the dense epochs the full test set is evaluated:
 * round 0. Then, per round, {@code finetuneEpochs} more epochs; the listener prunes at the start of the first
 * of them (DL4J's {@code onEpochStart}), so when the round's last {@code fit} returns the network is
 * pruned and fine-tuned but not yet pruned again: it is evaluated then. The run stops after the round that
 * reached the target density.
 *
 * <p>{@code --schedule} picks other moments to prune ({@code oneshot}, {@code gradual}, {@code init},
 * {@code lottery}) and {@code --criterion} other importance scores; for the schedules other than {@code imp}
 * and {@code lottery} every epoch is a row (see {@link #runEpochs}).
 *
 * <p>Per round it records the measured density (exact zeros of the prunable weights, from
 * {@link PruningListener#report}), accuracy, the wall time of the round's last epoch without the mask update,
 * and the mask update's own wall time (from the round's {@link PruningReport}).
 */
public final class ImpBenchmark {

    private static final Logger log = LoggerFactory.getLogger(ImpBenchmark.class);

    /** Largest accepted gap between the final measured density and the target (counts are exact). */
    private static final double TARGET_TOLERANCE = 1e-4;

    private final ImpParams params;

    /**
     * Creates the benchmark.
     *
     * @param params the run's parameters (already validated by their constructor)
     */
    public ImpBenchmark(ImpParams params) {
        this.params = Objects.requireNonNull(params, "params");
    }

    /**
     * The parameters.
     *
     * @return the parameters
     */
    public ImpParams params() {
        return params;
    }

    /**
     * What a run produced beyond the JSON result: the material of the HTML report.
     *
     * @param result the rounds and timings (the JSON)
     * @param epochs mean training loss per epoch, with the epochs that started with a mask update marked
     * @param magnitudesBefore |w| of every prunable weight after the dense epochs, before the first round
     * @param magnitudesAfter |w| of the prunable weights kept after the last round
     * @param inputConnections the first layer's kept connections per input after the last round, empty when the
     *     first prunable parameter is not a matrix (a convolution)
     */
    public record Run(ImpResult result, List<EpochLoss> epochs, float[] magnitudesBefore,
            float[] magnitudesAfter, Optional<InputConnections> inputConnections) {
    }

    /**
     * Runs the protocol.
     *
     * @param data the loaded Fashion-MNIST data
     * @param environment where it runs, copied into the result
     * @param onRound called with each round as soon as it has been evaluated (for progress output)
     * @param startNanos {@link System#nanoTime()} at the start of the whole run, for {@code totalSeconds}
     * @return the rounds and timings, and the report material
     * @throws IllegalStateException if the listener did not prune when the schedule says it must
     */
    public Run run(FashionMnist data, Environment environment, Consumer<RoundResult> onRound, long startNanos) {
        IterativeSchedule schedule = params.iterativeSchedule();
        Model net = params.modelKind().buildAny(params.seed());
        long batches = (data.trainCount() + params.batch() - 1) / params.batch();
        PruningListener listener = new PruningListener(params.pruningConfig(pruningSchedule(batches)));
        listener.bind(net);
        EpochLossListener losses = new EpochLossListener();
        int totalRounds = schedule.rounds();
        long iterations = batches * totalEpochs();
        try (ProgressListener progress = ProgressListener.create(params.schedule() + " " + params.model(), iterations,
                params.quiet())) {
            net.setListeners(listener, losses, progress);
            return switch (params.scheduleKind()) {
                case IMP, LOTTERY -> run(net, listener, losses, progress, data, environment, onRound, startNanos);
                default -> runEpochs(net, listener, losses, progress, data, environment, onRound, startNanos);
            };
        }
    }

    /**
     * Training epochs of the whole run: IMP's {@code denseEpochs + rounds * finetuneEpochs} for {@code imp},
     * {@code lottery}, {@code oneshot} and {@code init}; {@code 1 + gradualEpochs + finetuneEpochs} for
     * {@code gradual}.
     *
     * @return the epoch count
     */
    int totalEpochs() {
        return params.totalEpochs();
    }

    private PruningSchedule pruningSchedule(long batchesPerEpoch) {
        return switch (params.scheduleKind()) {
            case IMP, LOTTERY -> params.iterativeSchedule();
            case ONESHOT -> new OneShotSchedule(params.denseEpochs(), params.targetDensity());
            case INIT -> new ConstantSchedule();
            case GRADUAL -> new GradualSchedule(1.0, params.targetDensity(), batchesPerEpoch,
                    batchesPerEpoch * (1 + params.gradualEpochs()), Math.max(1, batchesPerEpoch / 10),
                    GradualSchedule.Unit.ITERATION);
        };
    }

    /**
     * The schedules other than IMP: every epoch is evaluated (row {@code k} after {@code k} epochs). For
     * {@code init} the network is pruned before training (from {@code initBatches} minibatches for gradient
     * criteria; row 0 is the pruned, untrained network); for {@code oneshot} row 0 is the dense network after
     * the dense epochs; for {@code gradual} row 0 is the untrained network.
     */
    private Run runEpochs(Model net, PruningListener listener, EpochLossListener losses,
            ProgressListener progress, FashionMnist data, Environment environment, Consumer<RoundResult> onRound,
            long startNanos) {
        DataSetIterator train = data.trainIterator(params.batch(), params.seed());
        DataSetIterator test = data.testIterator(params.batch());
        int epochs = totalEpochs();
        log.info("{} on {}: criterion {}, {} epochs in all, to density {} ({} training, {} test examples)",
                params.schedule(), params.model(), params.criterion(), epochs, params.targetDensity(),
                data.trainCount(), data.testCount());
        List<RoundResult> rows = new ArrayList<>();
        List<Boolean> prunedAtStart = new ArrayList<>();
        double initPrune = 0;
        if (params.scheduleKind() == ImpParams.ScheduleKind.INIT) {
            if (params.criterionValue().needsGradients()) {
                listener.pruneAtInitialization(net, data.trainIterator(params.batch(), params.seed() + 1),
                        params.initBatches(), params.targetDensity());
            } else {
                listener.prune(net, params.targetDensity());
            }
            initPrune = lastReport(listener).pruneSeconds();
        }
        float[] before = null;
        int start = 0;
        if (params.scheduleKind() == ImpParams.ScheduleKind.ONESHOT) {
            double lastEpoch = 0;
            for (int e = 0; e < params.denseEpochs(); e++) {
                lastEpoch = fitEpoch(net, train, "dense epoch " + (e + 1) + "/" + params.denseEpochs());
                prunedAtStart.add(false);
            }
            rows.add(evaluated(0, listener, net, test, lastEpoch, 0.0, onRound));
            before = magnitudes(net, listener, false);
            start = params.denseEpochs();
        } else {
            before = magnitudes(net, listener, false);
            rows.add(evaluated(0, listener, net, test, 0.0, initPrune, onRound));
        }
        for (int e = start; e < epochs; e++) {
            progress.message(String.format(Locale.ROOT, "epoch %d/%d, density %.4f", e + 1, epochs,
                    rows.get(rows.size() - 1).density()));
            int roundsBefore = listener.state().orElseThrow().roundsCompleted();
            double seconds = fitEpoch(net, train, params.schedule() + " epoch " + (e + 1) + "/" + epochs);
            List<PruningReport> h = listener.state().orElseThrow().history();
            double prune = 0;
            for (PruningReport r : h.subList(roundsBefore, h.size())) {
                prune += r.pruneSeconds();
            }
            prunedAtStart.add(h.size() > roundsBefore);
            rows.add(evaluated(e + 1, listener, net, test, Math.max(0.0, seconds - prune), prune, onRound));
        }
        double total = (System.nanoTime() - startNanos) / 1e9;
        ImpResult result = new ImpResult(ImpResult.PROTOCOL, params.model(), params, environment, rows, total);
        List<EpochLoss> epochLosses = new ArrayList<>();
        List<Double> means = losses.epochMeans();
        for (int i = 0; i < means.size(); i++) {
            epochLosses.add(new EpochLoss(i + 1, means.get(i), prunedAtStart.get(i)));
        }
        return new Run(result, epochLosses, before, magnitudes(net, listener, true),
                inputConnections(net, listener));
    }

    private Run run(Model net, PruningListener listener, EpochLossListener losses,
            ProgressListener progress, FashionMnist data, Environment environment, Consumer<RoundResult> onRound,
            long startNanos) {
        IterativeSchedule schedule = params.iterativeSchedule();
        DataSetIterator train = data.trainIterator(params.batch(), params.seed());
        DataSetIterator test = data.testIterator(params.batch());
        int totalRounds = schedule.rounds();
        List<Boolean> prunedAtStart = new ArrayList<>();
        log.info("IMP on {}: {} dense epochs, then {} rounds of rate {} with {} fine-tune epoch(s) each, to density "
                + "{} ({} training, {} test examples)", params.model(), params.denseEpochs(), totalRounds,
                params.rate(), params.finetuneEpochs(), params.targetDensity(), data.trainCount(), data.testCount());

        List<RoundResult> rounds = new ArrayList<>();
        double lastEpoch = 0;
        for (int e = 0; e < params.denseEpochs(); e++) {
            progress.message("dense epoch " + (e + 1) + "/" + params.denseEpochs());
            lastEpoch = fitEpoch(net, train, "dense epoch " + (e + 1) + "/" + params.denseEpochs());
            requireRounds(listener, 0, "dense epoch " + (e + 1));
            prunedAtStart.add(false);
        }
        rounds.add(evaluated(0, listener, net, test, lastEpoch, 0.0, onRound));
        float[] before = magnitudes(net, listener, false);

        for (int r = 1; r <= totalRounds; r++) {
            double pruneSeconds = 0;
            for (int e = 0; e < params.finetuneEpochs(); e++) {
                progress.message(String.format(Locale.ROOT, "round %d/%d, accuracy %.4f", r, totalRounds,
                        rounds.get(rounds.size() - 1).accuracy()));
                prunedAtStart.add(e == 0);
                double seconds = fitEpoch(net, train, "round " + r + ", fine-tune epoch " + (e + 1) + "/"
                        + params.finetuneEpochs());
                requireRounds(listener, r, "round " + r + ", fine-tune epoch " + (e + 1));
                if (e == 0) {
                    PruningReport pruned = lastReport(listener);
                    pruneSeconds = pruned.pruneSeconds();
                    seconds = Math.max(0.0, seconds - pruneSeconds);
                }
                lastEpoch = seconds;
            }
            rounds.add(evaluated(r, listener, net, test, lastEpoch, pruneSeconds, onRound));
        }

        double finalDensity = rounds.get(rounds.size() - 1).density();
        if (Math.abs(finalDensity - params.targetDensity()) > TARGET_TOLERANCE) {
            log.warn("final density {} differs from the target {}", finalDensity, params.targetDensity());
        }
        double total = (System.nanoTime() - startNanos) / 1e9;
        ImpResult result = new ImpResult(ImpResult.PROTOCOL, params.model(), params, environment, rounds, total);
        List<EpochLoss> epochs = new ArrayList<>();
        List<Double> means = losses.epochMeans();
        for (int i = 0; i < means.size(); i++) {
            epochs.add(new EpochLoss(i + 1, means.get(i), prunedAtStart.get(i)));
        }
        return new Run(result, epochs, before, magnitudes(net, listener, true),
                inputConnections(net, listener));
    }

    /**
     * Copies |w| of the prunable weights to the heap, for the report's histogram (after training, never
     * inside the training loop).
     *
     * @param net the network
     * @param listener the bound pruning listener (names the prunable parameters)
     * @param keptOnly whether to leave out the exact zeros
     * @return the magnitudes
     */
    static float[] magnitudes(Model net, PruningListener listener, boolean keptOnly) {
        MaskState state = listener.state().orElseThrow();
        INDArray all = Nd4j.concat(0, state.params().stream().map(p -> MaskState.segment(net.params(), p))
                .toArray(INDArray[]::new));
        float[] abs = Transforms.abs(all, true).toFloatVector();
        if (!keptOnly) {
            return abs;
        }
        int n = 0;
        for (float v : abs) {
            if (v != 0f) {
                abs[n++] = v;
            }
        }
        return Arrays.copyOf(abs, n);
    }

    /** The first layer's kept connections per input, for the report's picture; empty for a convolution. */
    private static Optional<InputConnections> inputConnections(Model net, PruningListener listener) {
        try {
            return Optional.of(InputConnections.of(net, listener));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private RoundResult evaluated(int round, PruningListener listener, Model net, DataSetIterator test,
            double epochSeconds, double pruneSeconds, Consumer<RoundResult> onRound) {
        RoundResult result = RoundResult.of(round, listener.report(net), accuracy(net, test), epochSeconds,
                pruneSeconds);
        log.debug("round {}: density {}, accuracy {}", round, String.format(Locale.ROOT, "%.4f", result.density()),
                String.format(Locale.ROOT, "%.4f", result.accuracy()));
        onRound.accept(result);
        return result;
    }

    /**
     * Trains one epoch and returns its wall time in seconds.
     *
     * @param net the network
     * @param train the training iterator; {@code fit} resets it at the start of the epoch
     * @param what a description for the log
     * @return the wall time of the {@code fit} call
     */
    static double fitEpoch(Model net, DataSetIterator train, String what) {
        CommandSupport.skipInputGradients(net);
        long t0 = System.nanoTime();
        if (net instanceof ComputationGraph graph) {
            graph.fit(train);
        } else {
            ((MultiLayerNetwork) net).fit(train);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.info("{}: {} s", what, String.format(Locale.ROOT, "%.2f", seconds));
        return seconds;
    }

    /**
     * Test-set accuracy.
     *
     * @param net the network
     * @param test the test iterator; reset before use
     * @return the share of test examples classified correctly
     */
    static double accuracy(Model net, DataSetIterator test) {
        test.reset();
        Evaluation evaluation = net instanceof ComputationGraph graph ? graph.evaluate(test)
                : ((MultiLayerNetwork) net).evaluate(test);
        return evaluation.accuracy();
    }

    private static void requireRounds(PruningListener listener, int expected, String when) {
        int done = listener.state().orElseThrow().roundsCompleted();
        if (done != expected) {
            throw new IllegalStateException("pruning rounds completed after " + when + " (" + done + ") must be "
                    + expected + ": the listener prunes at the start of an epoch, so each fit call must train "
                    + "exactly one epoch");
        }
    }

    private static PruningReport lastReport(PruningListener listener) {
        List<PruningReport> history = listener.state().orElseThrow().history();
        return history.get(history.size() - 1);
    }
}
