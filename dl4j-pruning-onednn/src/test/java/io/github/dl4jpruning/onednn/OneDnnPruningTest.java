package io.github.dl4jpruning.onednn;

import static io.github.dl4jpruning.onednn.OneDnnTestSupport.init;
import static io.github.dl4jpruning.onednn.OneDnnTestSupport.lenet5;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.Pruning;
import io.github.dl4jpruning.config.ParamMasking;
import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.data.FashionMnist;
import io.github.dl4jpruning.data.FashionMnistFixture;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.testing.TestNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pruning with the oneDNN helper engaged keeps its guarantees: pruned weights stay exactly zero through training
 * (the helper reads the masked parameters and its gradients are masked like the built-in path's), and keeping masks
 * applied still costs two ND4J ops per iteration for the whole network ({@code PerIterationCostTest} in core counts
 * the same on MLPs without helpers).
 */
class OneDnnPruningTest {

    private static final int ITERATIONS = 5;

    private static FashionMnist data;

    @BeforeAll
    static void enableOneDnn() {
        assertTrue(OneDnn.enable().engaged(), "oneDNN must engage in this module's tests");
        data = FashionMnistFixture.load();
    }

    @AfterEach
    void profilerOff() {
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
    }

    @Test
    void prunedWeightsStayExactlyZeroWhileTheHelperTrains() {
        MultiLayerNetwork net = init(true, lenet5(7));
        PruningListener pruning = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).build());
        net.addListeners(pruning);
        pruning.step(net, 0);
        PruningReport pruned = pruning.prune(net, 0.3);
        long kept = pruned.nonzeroCount();
        assertEquals(Math.round(0.3 * pruned.paramCount()), kept, "exact density after the prune");

        net.fit(data.trainIterator(128, 7));                      // one epoch: 8 iterations through the helper

        PruningReport after = Pruning.measure(net);
        assertTrue(after.nonzeroCount() <= kept, "no pruned weight revived: " + after.nonzeroCount() + " > " + kept);
        assertEquals(kept, after.nonzeroCount(), "kept weights stay nonzero (none trained to exactly 0.0 here)");
        assertTrue(OneDnn.isEngaged(net), "the conv layers ran through oneDNN: " + OneDnn.convolutionPaths(net));
    }

    @Test
    void maskingCostsOneOpPerIterationWithAdamAndTwoWhenForced() {
        DataSet batch = data.trainIterator(64, 1).next();
        MultiLayerNetwork plain = init(true, lenet5(3));
        plain.fit(batch);                                          // warm-up: gradient views, updater state
        long plainOps = TestNets.opsOverFits(plain, batch, ITERATIONS);
        for (ParamMasking mode : ParamMasking.values()) {
            MultiLayerNetwork masked = init(true, lenet5(3));
            PruningListener pruning = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                    .paramMasking(mode).build());
            masked.addListeners(pruning);
            pruning.step(masked, 0);
            pruning.prune(masked, 0.1);
            masked.fit(batch);                                     // warm-up, and the multiply after the prune
            long maskedOps = TestNets.opsOverFits(masked, batch, ITERATIONS);
            System.out.printf("LeNet-5 with oneDNN helpers, %s: %d ND4J ops per iteration plain, %d masked%n", mode,
                    plainOps / ITERATIONS, maskedOps / ITERATIONS);
            boolean every = mode == ParamMasking.EVERY_ITERATION;
            assertEquals(every, pruning.paramMasking().orElseThrow().everyIteration(), mode.name());
            assertEquals(every ? 2 : 1, (maskedOps - plainOps) / ITERATIONS,
                    every ? "gradient *= mask; params *= mask" : "gradient *= mask (Adam keeps pruned weights at 0)");
            assertEquals(0, (maskedOps - plainOps) % ITERATIONS);
            assertTrue(OneDnn.isEngaged(plain) && OneDnn.isEngaged(masked));
        }
    }
}
