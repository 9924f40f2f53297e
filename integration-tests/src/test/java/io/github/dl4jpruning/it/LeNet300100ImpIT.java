package io.github.dl4jpruning.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.bench.Models;
import io.github.dl4jpruning.data.FashionMnist;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.testing.TestNets;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LeNet-300-100 on the real Fashion-MNIST: 2 dense epochs, then rounds of 50% pruning (global
 * magnitude) with 1 fine-tune epoch each, down to density 0.05; test accuracy on the full 10k test set.
 */
class LeNet300100ImpIT {

    private static final Logger log = LoggerFactory.getLogger(LeNet300100ImpIT.class);

    @Test
    void shortImpReachesDensity005WithAccuracyAtLeast085AndExactZeros() {
        FashionMnist data = FashionMnist.load(FashionMnist.resolveDirectory(null));
        assertEquals(60_000, data.trainCount());
        assertEquals(10_000, data.testCount());
        MultiLayerNetwork net = Models.lenet300100(42);
        IterativeSchedule schedule = new IterativeSchedule(2, 0.5, 1, 0.05);
        PruningListener pruning = new PruningListener(PruningConfig.builder().schedule(schedule).build());
        net.addListeners(pruning);
        DataSetIterator train = data.trainIterator(128, 42);
        DataSetIterator test = data.testIterator(1000);

        net.fit(train, 2);
        double dense = net.evaluate(test).accuracy();
        log.info("dense accuracy after 2 epochs: {}", dense);
        List<Double> accuracies = new ArrayList<>();
        for (int r = 1; r <= schedule.rounds(); r++) {
            net.fit(train);                       // prunes at the epoch start, then fine-tunes one epoch
            accuracies.add(net.evaluate(test).accuracy());
        }
        MaskState state = pruning.state().orElseThrow();
        List<PruningReport> h = state.history();
        assertEquals(5, h.size(), "0.5, 0.25, 0.125, 0.0625, 0.05");
        PruningReport last = pruning.report(net);
        assertEquals(Math.round(0.05 * last.paramCount()), last.nonzeroCount(), "density 0.05 exactly");
        for (PrunableParam p : state.params()) {
            assertEquals(0, TestNets.revivedCount(MaskState.segment(net.params(), p), MaskState.segment(state.mask(), p)),
                    p.id() + ": pruned weights must be exactly 0.0 after fine-tuning");
        }
        double acc = accuracies.get(accuracies.size() - 1);
        log.info("accuracy per round {} ; final density {} accuracy {}", accuracies, last.density(), acc);
        assertTrue(acc >= 0.85, "accuracy at density 0.05 was " + acc);
    }
}
