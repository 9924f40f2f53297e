package io.github.dl4jpruning.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.testing.TestNets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/** The serializable masks-only listener, as a Spark executor would receive it. */
class MaskingListenerTest {

    @Test
    void aSerializedCopyMasksACopyOfTheNetwork() throws Exception {
        MultiLayerNetwork driver = TestNets.mlp(3, 32);
        PruningListener pruning = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).build());
        pruning.prune(driver, 0.1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(pruning.maskingListener());
        }
        MaskingListener onExecutor;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            onExecutor = (MaskingListener) in.readObject();
        }
        assertEquals(pruning.state().orElseThrow().mask(), onExecutor.mask());
        MultiLayerNetwork executorCopy = TestNets.mlp(3, 32);      // unpruned copy
        executorCopy.setListeners(onExecutor);
        DataSet batch = TestNets.data().trainIterator(64, 1).next();
        for (int i = 0; i < 3; i++) {
            executorCopy.fit(batch);
        }
        assertEquals(0, TestNets.revivedCount(executorCopy.params(), onExecutor.mask()));
        assertEquals(Math.round(0.1 * 25408), io.github.dl4jpruning.Pruning.measure(executorCopy).nonzeroCount(),
                "the driver's density on the executor copy");
        MultiLayerNetwork other = TestNets.mlp(3, 16);
        other.setListeners(onExecutor);
        assertTrue(assertThrows(IllegalStateException.class, () -> other.fit(batch)).getMessage()
                .startsWith("mask length (25450) must equal"));
    }
}
