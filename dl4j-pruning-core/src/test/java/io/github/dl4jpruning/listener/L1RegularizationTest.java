package io.github.dl4jpruning.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.testing.TestNets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** L1 on prunable weights pushes them toward zero: weight-magnitude quantiles with and without. */
class L1RegularizationTest {

    private static final Logger log = LoggerFactory.getLogger(L1RegularizationTest.class);

    @Test
    void l1PushesWeightMagnitudesTowardZero() {
        double[] plain = quantiles(train(0.0));
        double[] withL1 = quantiles(train(1e-2));
        log.info("|W| quantiles (10%, 25%, 50%, 75%) without L1 {} and with L1=1e-2 {}", Arrays.toString(plain),
                Arrays.toString(withL1));
        // 100 Adam steps of lr 1e-3: L1 drags the small weights (lower quantiles) most.
        for (int i = 0; i < 3; i++) {
            assertTrue(withL1[i] < 0.7 * plain[i], "quantile " + i + ": " + withL1[i] + " vs " + plain[i]);
        }
        assertTrue(withL1[3] < plain[3], "75% quantile: " + withL1[3] + " vs " + plain[3]);
    }

    @Test
    void l1StrengthFollowsItsEpochSchedule() {
        Map<Integer, Double> values = new HashMap<>();
        values.put(0, 1e-3);
        values.put(2, 0.0);
        MultiLayerNetwork net = TestNets.mlp(2, 16);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .l1(new MapSchedule(ScheduleType.EPOCH, values)).build());
        net.addListeners(l);
        net.fit(TestNets.data().trainIterator(250, 2), 1);
        assertEquals(1e-3, l.currentL1(), 0.0);
        net.fit(TestNets.data().trainIterator(250, 2), 2);
        assertEquals(0.0, l.currentL1(), 0.0, "switched off from epoch 2 on");
    }

    private static INDArray train(double l1) {
        MultiLayerNetwork net = TestNets.mlp(21, 64);
        net.addListeners(new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).l1(l1).build()));
        net.fit(TestNets.data().trainIterator(50, 21), 5);
        return net.getParam("0_W");
    }

    private static double[] quantiles(INDArray w) {
        double[] a = Nd4j.sort(Transforms.abs(w.reshape(w.length()), true), true).toDoubleVector();
        return new double[] {a[a.length / 10], a[a.length / 4], a[a.length / 2], a[3 * a.length / 4]};
    }

    private static final class Transforms {
        static INDArray abs(INDArray x, boolean dup) {
            return org.nd4j.linalg.ops.transforms.Transforms.abs(x, dup);
        }
    }
}
