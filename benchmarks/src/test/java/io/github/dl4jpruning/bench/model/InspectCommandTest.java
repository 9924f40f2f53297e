package io.github.dl4jpruning.bench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.internal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * {@link InspectCommand}: the printed and JSON counts equal the counts taken on the Java heap from the network
 * restored with plain DL4J, for a MultiLayerNetwork (with exact zeros put in) and a ComputationGraph, with and without
 * pruning masks.
 */
class InspectCommandTest {

    @TempDir
    Path dir;

    @Test
    void plainMultiLayerNetworkCountsAreExact() throws Exception {
        Path zip = ModelFixtures.write(ModelFixtures.mln(), dir.resolve("mln.zip"));
        JsonNode json = inspect(zip, false);
        assertEquals("MultiLayerNetwork", json.get("kind").asText());
        assertFalse(json.get("hasMasks").asBoolean());
        assertCountsEqual(ModelFixtures.restore(zip, false), json);
        JsonNode w0 = json.get("params").get(0);
        assertEquals("layer0_W", w0.get("id").asText());
        assertTrue(w0.get("zeros").asLong() >= 4, "the fixture's four zeros: " + w0);
        assertTrue(json.get("totals").get("masksMatchWeights").isNull());
    }

    @Test
    void plainComputationGraphCountsAreExact() throws Exception {
        Path zip = ModelFixtures.write(ModelFixtures.graph(), dir.resolve("cg.zip"));
        JsonNode json = inspect(zip, false);
        assertEquals("ComputationGraph", json.get("kind").asText());
        assertCountsEqual(ModelFixtures.restore(zip, true), json);
        assertEquals("d1_W", json.get("params").get(0).get("id").asText());
    }

    @Test
    void zipWithMasksShowsMaskDensityAndThatMasksMatchTheWeights() throws Exception {
        for (boolean graph : new boolean[] {false, true}) {
            Model net = graph ? ModelFixtures.graph() : ModelFixtures.mln();
            Path zip = ModelFixtures.write(net, dir.resolve("in-" + graph + ".zip"));
            Path pruned = dir.resolve("pruned-" + graph + ".zip");
            assertEquals(0, ModelFixtures.cli("prune", zip.toString(), "--density", "0.3", "--out",
                    pruned.toString()).exitCode());
            JsonNode json = inspect(pruned, true);
            assertTrue(json.get("hasMasks").asBoolean());
            Model restored = ModelFixtures.restore(pruned, graph);
            assertCountsEqual(restored, json);
            JsonNode totals = json.get("totals");
            long n = totals.get("prunableCount").asLong();
            assertEquals(Math.round(0.3 * n), totals.get("prunableNonzero").asLong());
            assertEquals(totals.get("prunableNonzero").asLong(), totals.get("maskKept").asLong(),
                    "every weight was non-zero before pruning, so the mask keeps exactly the non-zero ones");
            assertEquals(totals.get("density").asDouble(), totals.get("maskDensity").asDouble(), 0.0);
            assertTrue(totals.get("masksMatchWeights").asBoolean());
            assertEquals(0, totals.get("maskMismatches").asLong());
            for (JsonNode p : json.get("params")) {
                if (p.get("prunable").asBoolean()) {
                    assertEquals(p.get("nonzero").asLong(), p.get("maskKept").asLong(), p.toString());
                } else {
                    assertEquals(p.get("count").asLong(), p.get("maskKept").asLong(), "biases are never masked");
                }
            }
        }
    }

    /** Runs inspect with --json, checks the printed lines and returns the JSON. */
    private JsonNode inspect(Path zip, boolean masks) throws Exception {
        Path out = dir.resolve(zip.getFileName() + ".json");
        ModelFixtures.Run run = ModelFixtures.cli("inspect", zip.toString(), "--json", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        JsonNode json = Json.mapper().readTree(Files.readString(out));
        assertTrue(run.out().contains(masks ? "with pruning masks" : "no pruning masks"), run.out());
        for (JsonNode p : json.get("params")) {
            assertTrue(run.out().lines().anyMatch(l -> l.startsWith(p.get("id").asText() + " ")
                    && l.contains(" " + p.get("count").asLong() + " ") && l.contains(" " + p.get("zeros").asLong()
                    + " ")), "row of " + p.get("id") + " in\n" + run.out());
        }
        JsonNode t = json.get("totals");
        assertTrue(run.out().contains(String.format(java.util.Locale.ROOT, "prunable weights: %,d of which %,d non-zero",
                t.get("prunableCount").asLong(), t.get("prunableNonzero").asLong())), run.out());
        assertTrue(run.out().contains(masks ? "zeros of the masks match the weights: yes" : "all parameters:"),
                run.out());
        return json;
    }

    private static void assertCountsEqual(Model restored, JsonNode json) {
        Map<String, long[]> real = ModelFixtures.counts(restored);
        assertEquals(real.size(), json.get("params").size(), real.keySet() + " vs " + json.get("params"));
        long all = 0;
        long allZeros = 0;
        long prunable = 0;
        long prunableZeros = 0;
        for (JsonNode p : json.get("params")) {
            long[] c = real.get(p.get("id").asText());
            assertEquals(c[0], p.get("count").asLong(), p.toString());
            assertEquals(c[1], p.get("zeros").asLong(), p.toString());
            assertEquals(c[0] - c[1], p.get("nonzero").asLong(), p.toString());
            assertEquals((double) (c[0] - c[1]) / c[0], p.get("density").asDouble(), 0.0, p.toString());
            assertEquals(p.get("paramKey").asText().equals("W"), p.get("prunable").asBoolean(), p.toString());
            all += c[0];
            allZeros += c[1];
            if (p.get("prunable").asBoolean()) {
                prunable += c[0];
                prunableZeros += c[1];
            }
        }
        JsonNode t = json.get("totals");
        assertEquals(all, t.get("paramCount").asLong());
        assertEquals(all - allZeros, t.get("paramNonzero").asLong());
        assertEquals(all, restored.numParams());
        assertEquals(prunable, t.get("prunableCount").asLong());
        assertEquals(prunable - prunableZeros, t.get("prunableNonzero").asLong());
        assertEquals((double) (prunable - prunableZeros) / prunable, t.get("density").asDouble(), 1e-15);
    }
}
