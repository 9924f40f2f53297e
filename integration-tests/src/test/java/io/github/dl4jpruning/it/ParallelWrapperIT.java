package io.github.dl4jpruning.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.bench.Models;
import io.github.dl4jpruning.data.FashionMnist;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.testing.TestNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IMP on real Fashion-MNIST (first 20,000 training images, full test set) with DL4J's ParallelWrapper, 2 workers,
 * parameter averaging after every iteration, one PruningListener shared by the workers; pruning decided on the
 * main network between epochs. Compared with single-worker training on the same protocol.
 */
class ParallelWrapperIT {

    private static final Logger log = LoggerFactory.getLogger(ParallelWrapperIT.class);
    private static final int EPOCHS = 6;     // 2 dense, then rounds to 0.5, 0.25, 0.125, 0.1

    private static PruningConfig config() {
        return PruningConfig.builder().schedule(new IterativeSchedule(2, 0.5, 1, 0.1)).build();
    }

    private static double accuracy(MultiLayerNetwork net, DataSet test) {
        Evaluation e = new Evaluation();
        e.eval(test.getLabels(), net.output(test.getFeatures()));
        return e.accuracy();
    }

    @Test
    void twoWorkersKeepPrunedWeightsExactlyZeroAndMatchSingleWorkerAccuracy() throws Exception {
        FashionMnist data = FashionMnist.load(FashionMnist.resolveDirectory(null), 20_000, 10_000);
        DataSet test = data.testSet();

        MultiLayerNetwork single = Models.lenet300100(42);
        PruningListener ls = new PruningListener(config());
        single.addListeners(ls);
        DataSetIterator it1 = data.trainIterator(128, 42);
        for (int e = 0; e < EPOCHS; e++) {
            single.fit(it1);
        }
        double singleAcc = accuracy(single, test);

        MultiLayerNetwork main = Models.lenet300100(42);
        PruningListener lp = new PruningListener(config());
        lp.bind(main);
        DataSetIterator it2 = data.trainIterator(128, 42);
        try (ParallelWrapper pw = new ParallelWrapper.Builder<>(main).workers(2).averagingFrequency(1)
                .prefetchBuffer(4).trainingMode(ParallelWrapper.TrainingMode.AVERAGING).build()) {
            pw.setListeners(lp);
            for (int e = 0; e < EPOCHS; e++) {
                lp.step(main, e);                 // ParallelWrapper fires no epoch events
                it2.reset();
                pw.fit(it2);
                MaskState s = lp.state().orElseThrow();
                assertEquals(0, TestNets.revivedCount(main.params(), s.mask()),
                        "pruned weights exactly 0.0 on the averaged model after epoch " + e);
            }
        }
        assertTrue(lp.replicasSeen() > 0, "the second worker's replica was masked by the shared listener");
        PruningReport r = lp.report(main);
        assertEquals(4, lp.state().orElseThrow().roundsCompleted());
        assertEquals(Math.round(0.1 * r.paramCount()), r.nonzeroCount(), "density 0.1 exactly");
        double pwAcc = accuracy(main, test);
        log.info("IMP to density 0.1 on 20k images, {} epochs: single worker {}, ParallelWrapper (2 workers, averaging "
                + "every iteration) {}", EPOCHS, singleAcc, pwAcc);
        assertTrue(Math.abs(pwAcc - singleAcc) <= 0.01, "ParallelWrapper " + pwAcc + " vs single " + singleAcc);
    }
}
