package io.github.dl4jpruning.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.testing.TestNets;
import java.util.concurrent.atomic.AtomicReference;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** One listener, the main network and a worker replica trained on another thread (as ParallelWrapper does). */
class ReplicaMaskingTest {

    @Test
    void aReplicaOnAnotherThreadIsMaskedWithTheMainNetworksMask() throws Exception {
        MultiLayerNetwork main = TestNets.mlp(3, 32);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).build());
        l.bind(main);
        MultiLayerNetwork replica = main.clone();           // unpruned weights, like a worker made before the prune
        l.prune(main, 0.2);
        INDArray mask = l.state().orElseThrow().mask();
        replica.setListeners(l);
        DataSet batch = TestNets.data().trainIterator(64, 1).next();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                for (int i = 0; i < 3; i++) {
                    replica.fit(batch);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        worker.start();
        worker.join();
        assertEquals(null, failure.get());
        assertEquals(0, TestNets.revivedCount(replica.params(), mask), "replica masked after every iteration");
        assertEquals(1, l.replicasSeen());
        INDArray adam = replica.getUpdater().getStateViewArray().reshape(replica.getUpdater().getStateViewArray().length());
        long n = mask.length();
        assertEquals(0, TestNets.revivedCount(adam.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n)), mask),
                "Adam's M of the replica is zero at pruned positions");
        MultiLayerNetwork other = TestNets.mlp(3, 16);
        other.setListeners(l);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.fit(batch));
        assertTrue(e.getMessage().startsWith("this PruningListener is bound to another network"), e.getMessage());
    }
}
