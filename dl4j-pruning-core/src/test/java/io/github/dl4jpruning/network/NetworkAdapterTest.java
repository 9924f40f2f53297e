package io.github.dl4jpruning.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.dl4jpruning.testing.TestNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NetworkAdapterTest {

    @Test
    void masksEverySegmentOfAdamState() {
        MultiLayerNetwork net = TestNets.mlp(1, 4);
        net.fit(TestNets.data().trainIterator(100, 1).next());
        NetworkAdapter a = NetworkAdapter.of(net);
        long n = net.numParams();
        INDArray mask = Nd4j.ones(net.params().dataType(), n);
        mask.putScalar(0, 0f);
        mask.putScalar(n - 1, 0f);
        a.maskUpdaterState(mask);
        INDArray state = ((BaseMultiLayerUpdater<?>) net.getUpdater()).getStateViewArray();
        INDArray flat = NetworkAdapter.flat(state);
        assertEquals(2 * n, flat.length(), "Adam keeps M and V");
        assertEquals(0f, flat.getFloat(0), 0f);
        assertEquals(0f, flat.getFloat(n - 1), 0f);
        assertEquals(0f, flat.getFloat(n), 0f, "V of parameter 0");
        assertEquals(0f, flat.getFloat(2 * n - 1), 0f, "V of the last parameter");
        assertEquals(1, a.epochCount() + 1);
        assertEquals("MultiLayerNetwork", a.kind());
    }
}
