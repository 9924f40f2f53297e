package io.github.dl4jpruning.bench;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Wraps a listener and measures the wall time spent inside its per-iteration hooks
 * ({@code onGradientCalculation} and {@code iterationDone}): the direct cost of keeping masks applied,
 * free of the epoch-to-epoch noise of the machine. ND4J's CPU backend runs ops synchronously, so the time
 * inside the hook is the ops' time.
 */
final class HookTimer implements TrainingListener {

    private final TrainingListener inner;
    private long nanos;

    HookTimer(TrainingListener inner) {
        this.inner = inner;
    }

    /**
     * Returns the time spent in the per-iteration hooks since the last call, and restarts the count.
     *
     * @return seconds
     */
    double takeSeconds() {
        double s = nanos / 1e9;
        nanos = 0;
        return s;
    }

    @Override
    public void onGradientCalculation(Model model) {
        long t0 = System.nanoTime();
        inner.onGradientCalculation(model);
        nanos += System.nanoTime() - t0;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        long t0 = System.nanoTime();
        inner.iterationDone(model, iteration, epoch);
        nanos += System.nanoTime() - t0;
    }

    @Override
    public void onEpochStart(Model model) {
        inner.onEpochStart(model);
    }

    @Override
    public void onEpochEnd(Model model) {
        inner.onEpochEnd(model);
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        inner.onForwardPass(model, activations);
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        inner.onForwardPass(model, activations);
    }

    @Override
    public void onBackwardPass(Model model) {
        inner.onBackwardPass(model);
    }
}
