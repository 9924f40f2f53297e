package io.github.dl4jpruning.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Mean training loss per epoch: sums {@code model.score()} (a double DL4J already holds on the host) after
 * every iteration and closes the epoch in {@code onEpochEnd}.
 */
public final class EpochLossListener extends BaseTrainingListener {

    private final List<Double> means = new ArrayList<>();
    private double sum;
    private long count;

    /** Creates the listener. */
    public EpochLossListener() {
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        sum += model.score();
        count++;
    }

    @Override
    public void onEpochEnd(Model model) {
        means.add(count == 0 ? Double.NaN : sum / count);
        sum = 0;
        count = 0;
    }

    /**
     * The mean minibatch loss of every finished epoch, in order.
     *
     * @return an unmodifiable list
     */
    public List<Double> epochMeans() {
        return Collections.unmodifiableList(means);
    }
}
