package io.github.dl4jpruning.listener;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.criterion.MagnitudeCriterion;
import io.github.dl4jpruning.criterion.SnipCriterion;
import io.github.dl4jpruning.criterion.TaylorCriterion;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.persist.PrunedModels;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.schedule.GradualSchedule;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.schedule.OneShotSchedule;
import io.github.dl4jpruning.schedule.Rewind;
import io.github.dl4jpruning.testing.TestNets;
import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.TestDataSetIterator;

/** Gradient accumulation for Taylor/SNIP, pruning at initialization, gradual per-iteration pruning, rewinding. */
class CriteriaAndSchedulesTest {

    @TempDir
    Path tmp;

    @Test
    void theListenerAccumulatesRawGradientsForTaylorAndResetsThemAtEveryMaskUpdate() {
        MultiLayerNetwork net = TestNets.mlp(2, 16);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .criterion(new TaylorCriterion()).build());
        net.addListeners(l);
        DataSet batch = TestNets.data().trainIterator(50, 1).next();
        // golden: the accumulator after collecting one batch is that batch's gradient
        MultiLayerNetwork twin = TestNets.mlp(2, 16);
        twin.setInput(batch.getFeatures());
        twin.setLabels(batch.getLabels());
        twin.computeGradientAndScore();
        INDArray expected = twin.getFlattenedGradients().dup();
        assertEquals(1, l.collectGradients(net, new TestDataSetIterator(batch, 50), 3), "one batch available");
        assertArrayEquals(expected.toFloatVector(), l.checkpoint().gradients().orElseThrow().toFloatVector(), 1e-6f);
        assertEquals(1, l.checkpoint().gradientBatches());
        for (int i = 0; i < 4; i++) {
            net.fit(batch);
        }
        assertEquals(5, l.checkpoint().gradientBatches(), "one per training iteration");
        l.prune(net, 0.3);
        assertEquals(0, l.checkpoint().gradientBatches());
        assertEquals(0.0, l.checkpoint().gradients().orElseThrow().amaxNumber().doubleValue(), 0.0);
    }

    @Test
    void taylorPrunesByWeightTimesGradientNotByMagnitude() {
        MultiLayerNetwork a = TestNets.mlp(2, 16);
        MultiLayerNetwork b = TestNets.mlp(2, 16);
        DataSetIterator it = TestNets.data().trainIterator(100, 4);
        PruningListener taylor = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .criterion(new TaylorCriterion()).build());
        taylor.collectGradients(a, it, 5);
        PruningReport r = taylor.prune(a, 0.2);
        PruningReport m = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .criterion(new MagnitudeCriterion()).build()).prune(b, 0.2);
        assertEquals(m.nonzeroCount(), r.nonzeroCount(), "same exact density");
        assertNotEquals(a.params(), b.params(), "different weights kept");
    }

    @Test
    void collectingGradientsNeedsAGradientCriterionAndData() {
        MultiLayerNetwork net = TestNets.mlp(2, 16);
        PruningListener mag = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).build());
        assertTrue(assertThrows(IllegalStateException.class, () -> mag.collectGradients(net,
                TestNets.data().trainIterator(50, 1), 1)).getMessage().startsWith("criterion MagnitudeCriterion(|w|) "
                + "does not use gradients"));
        PruningListener snip = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .criterion(new SnipCriterion()).build());
        assertEquals("batches (0) must be >= 1", assertThrows(IllegalArgumentException.class,
                () -> snip.collectGradients(net, TestNets.data().trainIterator(50, 1), 0)).getMessage());
        DataSetIterator empty = TestNets.data().trainIterator(1000, 1);
        empty.next();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> snip.collectGradients(net, empty, 2))
                .getMessage().startsWith("data has no minibatch left"));
        MultiLayerNetwork fresh = TestNets.mlp(2, 16);
        PruningListener taylorNoData = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .criterion(new TaylorCriterion()).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> taylorNoData.prune(fresh, 0.5));
        assertTrue(e.getMessage().startsWith("gradientBatches (0) must be >= 1"), e.getMessage());
    }

    @Test
    void snipAtInitializationThenTrainingKeepsTheMasks() {
        MultiLayerNetwork net = TestNets.mlp(2, 32);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .criterion(new SnipCriterion()).build());
        PruningReport r = l.pruneAtInitialization(net, TestNets.data().trainIterator(100, 2), 3, 0.1);
        assertEquals(Math.round(0.1 * r.paramCount()), r.nonzeroCount());
        INDArray mask = l.state().orElseThrow().mask().dup();
        net.addListeners(l);
        net.fit(TestNets.data().trainIterator(100, 3), 2);
        MaskState s = l.state().orElseThrow();
        assertEquals(mask, s.mask(), "masks fixed during training");
        assertEquals(0, TestNets.revivedCount(net.params(), mask));
        assertEquals(r.nonzeroCount(), l.report(net).nonzeroCount());
    }

    @Test
    void gradualPerIterationFollowsTheCubicCurve() {
        MultiLayerNetwork net = TestNets.mlp(2, 32);
        GradualSchedule g = new GradualSchedule(1.0, 0.1, 0, 20, 4, GradualSchedule.Unit.ITERATION);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(g).build());
        net.addListeners(l);
        net.fit(TestNets.data().trainIterator(100, 5), 3);     // 30 iterations
        MaskState s = l.state().orElseThrow();
        // updates at iterations 4, 8, 12, 16, 20 (0 gives 1.0: nothing to prune)
        assertEquals(5, s.roundsCompleted());
        for (int i = 0; i < 5; i++) {
            assertEquals(g.densityAt(4L * (i + 1)), s.history().get(i).targetDensity(), 1e-15, "update " + i);
        }
        PruningReport last = l.report(net);
        assertEquals(Math.round(0.1 * last.paramCount()), last.nonzeroCount());
    }

    @Test
    void rewindingRestoresTheInitialValuesOfSurvivorsAndKeepsPrunedWeightsAtZero() {
        MultiLayerNetwork net = TestNets.mlp(2, 32);
        INDArray init = net.params().dup();
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new IterativeSchedule(1, 0.5, 1, 0.25))
                .rewind(Rewind.toInitialization()).build());
        net.addListeners(l);
        DataSetIterator it = TestNets.data().trainIterator(100, 6);
        net.fit(it);                        // dense epoch
        net.fit(it);                        // starts with round 1: prune, rewind, then one epoch
        assertNotEquals(init, net.params());
        l.prune(net, 0.25);                 // round 2 by hand: look right after it
        INDArray mask = l.state().orElseThrow().mask();
        assertArrayEquals(init.mul(mask).toFloatVector(), net.params().toFloatVector(), 0f,
                "survivors at their initial values, pruned at 0.0");
        assertEquals(0.0, net.getUpdater().getStateViewArray().amaxNumber().doubleValue(), 0.0, "optimizer state reset");
        assertEquals(0, TestNets.revivedCount(net.params(), mask));
    }

    @Test
    void lateRewindingCopiesTheWeightsAfterIterationK() {
        MultiLayerNetwork net = TestNets.mlp(2, 32);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .rewind(Rewind.toIteration(3)).build());
        net.addListeners(l);
        DataSet batch = TestNets.data().trainIterator(100, 6).next();
        for (int i = 0; i < 3; i++) {
            net.fit(batch);
        }
        INDArray atThree = net.params().dup();
        assertArrayEquals(atThree.toFloatVector(), l.checkpoint().rewindWeights().orElseThrow().toFloatVector(), 0f);
        net.fit(batch);
        l.prune(net, 0.5);
        assertArrayEquals(atThree.mul(l.state().orElseThrow().mask()).toFloatVector(), net.params().toFloatVector(), 0f);
    }

    @Test
    void gradientAccumulatorAndRewindWeightsAreSavedWithTheModel() throws IOException {
        MultiLayerNetwork net = TestNets.mlp(2, 16);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new OneShotSchedule(5, 0.5))
                .criterion(new TaylorCriterion()).rewind(Rewind.toInitialization()).build());
        net.addListeners(l);
        net.fit(TestNets.data().trainIterator(100, 6));
        Path file = tmp.resolve("t.zip");
        PrunedModels.save(net, l, file);
        PrunedModels.Loaded back = PrunedModels.load(file);
        assertEquals(10, back.listener().checkpoint().gradientBatches());
        assertArrayEquals(l.checkpoint().gradients().orElseThrow().toFloatVector(),
                back.listener().checkpoint().gradients().orElseThrow().toFloatVector(), 0f);
        assertArrayEquals(l.checkpoint().rewindWeights().orElseThrow().toFloatVector(),
                back.listener().checkpoint().rewindWeights().orElseThrow().toFloatVector(), 0f);
        assertFalse(back.listener().checkpoint().rewindWeights().orElseThrow().equals(net.params()), "the initial weights, not "
                + "the trained ones");
        assertEquals(DataType.FLOAT, back.listener().checkpoint().gradients().orElseThrow().dataType());
    }
}
