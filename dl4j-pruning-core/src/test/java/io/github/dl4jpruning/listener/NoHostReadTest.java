package io.github.dl4jpruning.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.testing.HostReadTrap;
import io.github.dl4jpruning.testing.TestNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The listener's per-iteration path never reads the parameter buffer on the host: the network's flat parameters
 * live in a {@link HostReadTrap} that fails on any Java-side element read while training runs with the listener
 * attached. (On the GPU such a read would be a device-to-host copy every iteration.)
 */
class NoHostReadTest {

    @Test
    void trainingWithTheListenerDoesNotReadParametersOnTheHost() {
        MultiLayerNetwork template = TestNets.mlp(4, 16);
        HostReadTrap.Trapped params = HostReadTrap.of(template.params().toFloatVector());
        MultiLayerNetwork net = new MultiLayerNetwork(template.getLayerWiseConfigurations().clone());
        net.init(params.array(), false);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).build());
        net.addListeners(l);
        l.prune(net, 0.2);                       // mask updates may read scalars; not the hot path
        DataSet batch = TestNets.data().trainIterator(64, 1).next();
        net.fit(batch);                          // warm-up: DL4J allocates its views
        assertSame(params.array(), net.params(), "the network trains on the trapped buffer itself");
        params.trap().arm();
        try {
            for (int i = 0; i < 5; i++) {
                net.fit(batch);
            }
        } finally {
            params.trap().disarm();
        }
        assertEquals(l.report(net).nonzeroCount(), Math.round(0.2 * (784 * 16 + 160)));
        params.trap().arm();
        assertThrows(AssertionError.class, () -> net.params().getFloat(0), "the trap catches host reads");
        params.trap().disarm();
    }
}
