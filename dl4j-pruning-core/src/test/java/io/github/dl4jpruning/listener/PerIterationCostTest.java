package io.github.dl4jpruning.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.dl4jpruning.config.ParamMasking;
import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.testing.TestNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The per-iteration cost of keeping masks applied is a constant number of ND4J ops for the whole
 * network, independent of its depth: counted with ND4J's OpProfiler (OPERATIONS mode) over plain and
 * masked training of 2- and 8-hidden-layer MLPs. With Adam (proven: {@code ParamMaskDecision}) the parameter
 * multiply after the update is skipped once the mask update's first iteration is done; with AdaMax (unproven) or
 * {@code ParamMasking.EVERY_ITERATION} it runs on every iteration.
 */
class PerIterationCostTest {

    private static final int ITERATIONS = 5;

    @AfterEach
    void profilerOff() {
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
    }

    @ParameterizedTest(name = "{0} l1={1}")
    @CsvSource({"ADAM_AUTO, 0.0, 1", "ADAM_AUTO, 1e-4, 4", "ADAMAX_AUTO, 0.0, 2", "ADAMAX_AUTO, 1e-4, 5",
            "ADAM_EVERY_ITERATION, 0.0, 2"})
    void maskingCostsTheSameNumberOfOpsAtDepth2And8(Variant v, double l1, long expected) {
        long extra2 = extraOpsPerIteration(v, 2, l1);
        long extra8 = extraOpsPerIteration(v, 8, l1);
        assertEquals(extra2, extra8, "masking cost must not grow with depth");
        // gradient *= mask; params *= mask unless skipped (+ sign(w), *= l1 vector, gradient += with L1)
        assertEquals(expected, extra8);
    }

    /** The updater and the setting. */
    enum Variant {
        ADAM_AUTO, ADAMAX_AUTO, ADAM_EVERY_ITERATION;

        IUpdater updater() {
            return this == ADAMAX_AUTO ? new AdaMax(1e-3) : new Adam(1e-3);
        }

        ParamMasking setting() {
            return this == ADAM_EVERY_ITERATION ? ParamMasking.EVERY_ITERATION : ParamMasking.AUTO;
        }
    }

    private static long extraOpsPerIteration(Variant v, int depth, double l1) {
        int[] hidden = new int[depth];
        java.util.Arrays.fill(hidden, 32);
        DataSet batch = TestNets.data().trainIterator(64, 1).next();
        MultiLayerNetwork plain = TestNets.mlp(3, v.updater(), hidden);
        MultiLayerNetwork masked = TestNets.mlp(3, v.updater(), hidden);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).l1(l1)
                .paramMasking(v.setting()).build());
        masked.addListeners(l);
        l.step(masked, 0);         // binds and sets the L1 strength for epoch 0
        l.prune(masked, 0.1);
        plain.fit(batch);          // warm-up: gradient views, updater state; the first iteration after the update
        masked.fit(batch);
        assertEquals(v != Variant.ADAM_AUTO, l.paramMasking().orElseThrow().everyIteration(),
                l.paramMasking().orElseThrow().reason());
        return (count(masked, batch) - count(plain, batch)) / ITERATIONS;
    }

    private static long count(MultiLayerNetwork net, DataSet batch) {
        return TestNets.opsOverFits(net, batch, ITERATIONS);
    }
}
