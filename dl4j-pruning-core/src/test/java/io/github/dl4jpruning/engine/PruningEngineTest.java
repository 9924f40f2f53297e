package io.github.dl4jpruning.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.nn.layers.PrunedLayerImpl;
import io.github.dl4jpruning.registry.PrunableLayerRegistry;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.testing.TestNets;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** The engine on its own: a failed bind changes nothing, and checkpoints are independent copies that restore exactly. */
class PruningEngineTest {

    private static PruningConfig constant() {
        return PruningConfig.builder().schedule(new ConstantSchedule()).build();
    }

    @Test
    void aBindThatFailsLeavesTheWrappersMaskingOnTheirOwn() {
        MultiLayerNetwork net = TestNets.wrappedMlp(1, LayerPruning.builder().targetDensity(0.5).build(), 16);
        PruningConfig units = PruningConfig.builder().schedule(new ConstantSchedule()).granularity(Granularity.NEURON)
                .build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PruningEngine.bind(net, units,
                PrunableLayerRegistry.defaults())).getMessage().contains("apply to unstructured pruning only"));
        assertFalse(((PrunedLayerImpl) net.getLayer(0)).isDelegated(), "no wrapper was handed to a half-built engine");
        PruningEngine e = PruningEngine.bind(net, constant(), PrunableLayerRegistry.defaults());
        assertTrue(((PrunedLayerImpl) net.getLayer(0)).isDelegated());
        assertEquals(net, e.model());
    }

    @Test
    void aCheckpointIsACopyAndRestoresEveryField() {
        MultiLayerNetwork net = TestNets.mlp(3, 16);
        PruningEngine e = PruningEngine.bind(net, constant(), PrunableLayerRegistry.defaults());
        e.prune(0.5);
        PruningCheckpoint c = e.checkpoint();
        float[] mask = c.mask().toFloatVector();
        e.prune(0.25);
        assertArrayEquals(mask, c.mask().toFloatVector(), 0f, "later updates do not reach the checkpoint");
        assertEquals(1, c.roundsCompleted());

        MultiLayerNetwork twin = TestNets.mlp(3, 16);
        PruningEngine restored = PruningEngine.bind(twin, constant(), PrunableLayerRegistry.defaults());
        restored.restore(c);
        assertArrayEquals(mask, restored.state().mask().toFloatVector(), 0f);
        assertEquals(c.history(), restored.state().history());
        assertEquals(c.currentDensity(), restored.state().currentDensity(), 0.0);
        assertEquals(0, TestNets.revivedCount(twin.params(), restored.state().mask()), "masks applied to the weights");
        PruningCheckpoint again = restored.checkpoint();
        assertEquals(c.params(), again.params());
        assertEquals(c.config(), again.config());
        assertEquals(Optional.empty(), again.gradients());
        assertEquals(Optional.empty(), again.rewindWeights());
    }

    @Test
    void aCheckpointThatDoesNotFitIsRefusedBeforeAnythingChanges() {
        MultiLayerNetwork net = TestNets.mlp(3, 16);
        PruningEngine e = PruningEngine.bind(net, constant(), PrunableLayerRegistry.defaults());
        float[] before = e.state().mask().toFloatVector();
        PruningCheckpoint wrong = new PruningCheckpoint(constant(), e.state().params(), Nd4j.ones(5), 0, 1.0,
                List.of(), Optional.empty(), 0, Optional.empty());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> e.restore(wrong)).getMessage()
                .startsWith("mask length (5) must equal the network's parameter count"));
        assertArrayEquals(before, e.state().mask().toFloatVector(), 0f);
        assertEquals(0, e.state().roundsCompleted());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PruningCheckpoint(constant(),
                e.state().params(), Nd4j.ones(5), 2, 1.0, List.of(), Optional.empty(), 0, Optional.empty()))
                .getMessage().startsWith("history (0 reports) must hold one report per completed round (2)"));
    }
}
