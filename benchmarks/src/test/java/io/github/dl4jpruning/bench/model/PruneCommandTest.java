package io.github.dl4jpruning.bench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.persist.PrunedModels;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link PruneCommand}: the written zip holds exactly the requested density (global: {@code round(d * n)} non-zero
 * weights in all; local: {@code round(d * n_layer)} per layer), with a floor every layer stays above it, biases are
 * untouched, and the zip loads with its masks through {@link PrunedModels#load}.
 */
class PruneCommandTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"false, global, 0.3", "false, local, 0.3", "true, global, 0.1", "true, local, 0.25",
        "true, global, 1.0"})
    void prunesToExactlyTheRequestedDensity(boolean graph, String scope, double density) throws Exception {
        Model net = graph ? ModelFixtures.graph() : ModelFixtures.mln();
        Map<String, long[]> before = ModelFixtures.counts(net);
        Path in = ModelFixtures.write(net, dir.resolve("in.zip"));
        Path out = dir.resolve("out.zip");
        ModelFixtures.Run run = ModelFixtures.cli("prune", in.toString(), "--density", Double.toString(density),
                "--scope", scope, "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Pruned model with masks written to " + out.toAbsolutePath()), run.out());

        Model pruned = ModelFixtures.restore(out, graph);
        Map<String, Long> nonzero = ModelFixtures.weightNonzeros(pruned);
        long n = 0;
        long kept = 0;
        for (Map.Entry<String, Long> e : nonzero.entrySet()) {
            long count = before.get(e.getKey())[0];
            long keptBefore = count - before.get(e.getKey())[1];
            n += count;
            kept += e.getValue();
            if (scope.equals("local")) {
                assertEquals(Math.min(keptBefore, Math.round(density * count)), e.getValue(), e.getKey());
            }
        }
        long alreadyZero = before.entrySet().stream().filter(e -> e.getKey().endsWith("_W"))
                .mapToLong(e -> e.getValue()[1]).sum();
        assertEquals(density == 1.0 ? n - alreadyZero : Math.round(density * n), kept, "non-zero weights");
        ModelFixtures.counts(pruned).forEach((id, c) -> {
            if (!id.endsWith("_W")) {
                assertEquals(before.get(id)[1], c[1], "zeros of " + id + " (never pruned)");
            }
        });
        PrunedModels.Loaded loaded = PrunedModels.load(out);
        assertEquals(1, loaded.listener().state().orElseThrow().roundsCompleted(), "one prune, saved with its masks");
        assertEquals(kept, io.github.dl4jpruning.Pruning.measure(loaded.model()).nonzeroCount());
    }

    @Test
    void floorKeepsEveryLayerAtOrAboveIt() throws Exception {
        Path in = ModelFixtures.write(ModelFixtures.mln(), dir.resolve("in.zip"));
        Path out = dir.resolve("floor.zip");
        ModelFixtures.Run run = ModelFixtures.cli("prune", in.toString(), "--density", "0.2", "--floor", "0.15",
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        Model pruned = ModelFixtures.restore(out, false);
        Map<String, long[]> counts = ModelFixtures.counts(pruned);
        long n = 0;
        long kept = 0;
        for (Map.Entry<String, Long> e : ModelFixtures.weightNonzeros(pruned).entrySet()) {
            long count = counts.get(e.getKey())[0];
            n += count;
            kept += e.getValue();
            assertTrue(e.getValue() >= Math.floor(0.15 * count), e.getKey() + ": " + e.getValue() + "/" + count);
        }
        assertEquals(Math.round(0.2 * n), kept);
    }

    @Test
    void densityAboveTheCurrentOneIsRefused() throws Exception {
        Path in = ModelFixtures.write(ModelFixtures.mln(), dir.resolve("in.zip"));
        Path half = dir.resolve("half.zip");
        assertEquals(0, ModelFixtures.cli("prune", in.toString(), "--density", "0.5", "--out", half.toString())
                .exitCode());
        Path out = dir.resolve("again.zip");
        ModelFixtures.Run run = ModelFixtures.cli("prune", half.toString(), "--density", "0.8", "--out",
                out.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("prune: density (0.8) must be at most the model's current density (0.5"),
                run.err());
        assertTrue(!out.toFile().exists());
        ModelFixtures.Run lower = ModelFixtures.cli("prune", half.toString(), "--density", "0.25", "--out",
                out.toString());
        assertEquals(0, lower.exitCode(), lower.err());
    }
}
