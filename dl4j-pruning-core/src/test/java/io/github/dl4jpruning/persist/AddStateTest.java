package io.github.dl4jpruning.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.testing.TestNets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PrunedModels#addState}: a zip DL4J wrote becomes one that {@link PrunedModels#load} restores exactly; entries
 * are replaced, not duplicated; a file of another network, a bad epoch count or a listener without state are refused
 * and leave the file byte for byte as it was.
 */
class AddStateTest {

    @TempDir
    Path tmp;

    private static MultiLayerNetwork trained(PruningListener pruning) {
        MultiLayerNetwork net = TestNets.mlp(3, 32);
        net.addListeners(pruning);
        net.fit(TestNets.data().trainIterator(100, 9), 3);
        return net;
    }

    private static PruningListener pruning() {
        return new PruningListener(PruningConfig.builder().schedule(new IterativeSchedule(1, 0.5, 1, 0.1)).build());
    }

    @Test
    void aPlainDl4jZipLoadsWithTheFullStateAndTheGivenEpochCount() throws IOException {
        PruningListener pruning = pruning();
        MultiLayerNetwork net = trained(pruning);
        Path file = tmp.resolve("plain.zip");
        ModelSerializer.writeModel(net, file.toFile(), true);
        PrunedModels.addState(file, net, pruning);
        PrunedModels.addState(file, net, pruning, 7);              // again: replaced, not duplicated
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<String> names = zip.stream().map(java.util.zip.ZipEntry::getName).toList();
            assertEquals(names.size(), names.stream().distinct().count(), "no duplicate entries: " + names);
            assertTrue(names.contains(PrunedModels.STATE_ENTRY) && names.contains(PrunedModels.MASK_ENTRY), "" + names);
        }
        PrunedModels.Loaded loaded = PrunedModels.load(file);
        assertEquals(7, ((MultiLayerNetwork) loaded.model()).getEpochCount());
        assertEquals(net.getIterationCount(), ((MultiLayerNetwork) loaded.model()).getIterationCount());
        assertEquals(2, loaded.listener().state().orElseThrow().roundsCompleted());
        assertArrayEquals(pruning.state().orElseThrow().mask().toFloatVector(),
                loaded.listener().state().orElseThrow().mask().toFloatVector(), 0f);
        assertArrayEquals(net.params().toFloatVector(), loaded.model().params().toFloatVector(), 0f);
        assertEquals(pruning.state().orElseThrow().history().size(),
                loaded.listener().state().orElseThrow().history().size());
    }

    @Test
    void refusalsLeaveTheFileAsItWas() throws IOException {
        PruningListener pruning = pruning();
        MultiLayerNetwork net = trained(pruning);
        Path file = tmp.resolve("other.zip");
        ComputationGraph other = TestNets.graph(3, 32);
        ModelSerializer.writeModel(other, file.toFile(), true);
        byte[] before = Files.readAllBytes(file);

        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
                () -> PrunedModels.addState(file, net, pruning));
        assertTrue(kind.getMessage().startsWith(file.toAbsolutePath().toString()), kind.getMessage());
        assertTrue(kind.getMessage().contains("holds a ComputationGraph"), kind.getMessage());
        IllegalArgumentException epoch = assertThrows(IllegalArgumentException.class,
                () -> PrunedModels.addState(file, net, pruning, -1));
        assertEquals("epochCount (-1) must be >= 0", epoch.getMessage());
        Path own = tmp.resolve("own.zip");
        ModelSerializer.writeModel(net, own.toFile(), true);
        byte[] ownBefore = Files.readAllBytes(own);
        IllegalStateException unbound = assertThrows(IllegalStateException.class,
                () -> PrunedModels.addState(own, net, pruning()));
        assertTrue(unbound.getMessage().contains("has not seen a network yet"), unbound.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> PrunedModels.addState(tmp.resolve("missing.zip"), net, pruning));
        assertTrue(missing.getMessage().contains("must be an existing model zip"), missing.getMessage());

        assertArrayEquals(before, Files.readAllBytes(file));
        assertArrayEquals(ownBefore, Files.readAllBytes(own));
    }
}
