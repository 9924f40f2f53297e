package io.github.dl4jpruning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.testing.TestNets;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

class EpochLossListenerTest {

    @Test
    void recordsOneMeanPerEpochAndTheLossFalls() {
        MultiLayerNetwork net = TestNets.mlp(3, 32);
        EpochLossListener l = new EpochLossListener();
        net.addListeners(l);
        net.fit(TestNets.data().trainIterator(100, 3), 4);
        List<Double> m = l.epochMeans();
        assertEquals(4, m.size());
        assertTrue(m.get(3) < m.get(0), "training loss should fall: " + m);
        assertTrue(m.get(0) > 0.5 && m.get(0) < 3.0, "first-epoch MCXENT of 10 classes: " + m.get(0));
    }
}
