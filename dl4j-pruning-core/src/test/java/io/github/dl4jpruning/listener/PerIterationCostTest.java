package io.github.dl4jpruning.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.testing.TestNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The per-iteration cost of keeping masks applied is a constant number of ND4J ops for the whole
 * network, independent of its depth: counted with ND4J's OpProfiler (OPERATIONS mode) over plain and
 * masked training of 2- and 8-hidden-layer MLPs.
 */
class PerIterationCostTest {

    private static final int ITERATIONS = 5;

    @AfterEach
    void profilerOff() {
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
    }

    @ParameterizedTest(name = "l1={0}")
    @ValueSource(doubles = {0.0, 1e-4})
    void maskingCostsTheSameNumberOfOpsAtDepth2And8(double l1) {
        long extra2 = extraOpsPerIteration(2, l1);
        long extra8 = extraOpsPerIteration(8, l1);
        assertEquals(extra2, extra8, "masking cost must not grow with depth");
        // gradient *= mask; params *= mask (+ sign(w), *= l1 vector, gradient += with L1)
        assertEquals(l1 == 0.0 ? 2 : 5, extra8);
    }

    private static long extraOpsPerIteration(int depth, double l1) {
        int[] hidden = new int[depth];
        java.util.Arrays.fill(hidden, 32);
        DataSet batch = TestNets.data().trainIterator(64, 1).next();
        MultiLayerNetwork plain = TestNets.mlp(3, hidden);
        MultiLayerNetwork masked = TestNets.mlp(3, hidden);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).l1(l1).build());
        masked.addListeners(l);
        l.step(masked, 0);         // binds and sets the L1 strength for epoch 0
        l.prune(masked, 0.1);
        plain.fit(batch);          // warm-up: gradient views, updater state
        masked.fit(batch);
        return (count(masked, batch) - count(plain, batch)) / ITERATIONS;
    }

    private static long count(MultiLayerNetwork net, DataSet batch) {
        return TestNets.opsOverFits(net, batch, ITERATIONS);
    }
}
