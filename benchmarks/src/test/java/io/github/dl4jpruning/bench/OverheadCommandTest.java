package io.github.dl4jpruning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.data.FashionMnistFixture;
import io.github.dl4jpruning.internal.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;

/** {@link OverheadCommand} through picocli on the Fashion-MNIST fixture. */
class OverheadCommandTest {

    @TempDir
    Path tmp;

    @Test
    void measuresBothKindsAndWritesTheJson() throws IOException {
        Path json = tmp.resolve("overhead.json");
        CliRun run = CliRun.plain("overhead", "--data", FashionMnistFixture.directory().toString(), "--epochs", "1",
                "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("ratio masked/plain"), run.out());

        JsonNode root = Json.mapper().readTree(json.toFile());
        assertEquals(List.of("protocol", "model", "params", "environment", "plainEpochSeconds",
                "maskedEpochSeconds", "ratio", "plainEpochs", "maskedEpochs", "hookEpochSeconds", "hookRatio", "hookEpochs"),
                ImpCommandTest.fieldNames(root));
        assertEquals("overhead", root.get("protocol").asText());
        assertEquals("lenet-300-100", root.get("model").asText());
        JsonNode params = root.get("params");
        assertEquals(List.of("model", "depth", "trainExamples", "epochs", "maskDensity", "seed", "batch", "threads",
                "onednn", "data", "json", "quiet"), ImpCommandTest.fieldNames(params));
        assertTrue(params.get("onednn").asBoolean());
        assertEquals(0, params.get("depth").asInt());
        assertEquals(0, params.get("trainExamples").asInt());
        assertEquals(1, params.get("epochs").asInt());
        assertEquals(0.1, params.get("maskDensity").asDouble());
        assertEquals(42, params.get("seed").asLong());
        assertEquals(128, params.get("batch").asInt());
        assertEquals(1, params.get("threads").asInt());
        assertEquals(1, root.get("environment").get("threads").asInt());

        double plain = root.get("plainEpochSeconds").asDouble();
        double masked = root.get("maskedEpochSeconds").asDouble();
        double ratio = root.get("ratio").asDouble();
        assertTrue(plain > 0 && masked > 0 && ratio > 0, root.toString());
        assertEquals(masked / plain, ratio, 1e-12);
        assertEquals(1, root.get("plainEpochs").size());
        assertEquals(1, root.get("maskedEpochs").size());
        assertEquals(plain, root.get("plainEpochs").get(0).asDouble());
        assertEquals(masked, root.get("maskedEpochs").get(0).asDouble());
        double hooks = root.get("hookEpochSeconds").asDouble();
        assertTrue(hooks > 0 && hooks < masked, "time in the masking hooks " + hooks + " of a " + masked + " s epoch");
        assertEquals(hooks, root.get("hookEpochs").get(0).asDouble());
        assertEquals(masked / (masked - hooks), root.get("hookRatio").asDouble(), 1e-12);
        assertTrue(run.out().contains("time in the masking hooks"), run.out());
    }

    @Test
    void deepMlpWithLimitedExamples() throws IOException {
        Path json = tmp.resolve("deep.json");
        CliRun run = CliRun.plain("overhead", "--data", FashionMnistFixture.directory().toString(), "--epochs", "1",
                "--depth", "3", "--train-examples", "300", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = Json.mapper().readTree(json.toFile());
        assertEquals("mlp-256x3", root.get("model").asText());
        assertEquals(3, root.get("params").get("depth").asInt());
        assertEquals(300, root.get("params").get("trainExamples").asInt());
        assertTrue(root.get("ratio").asDouble() > 0);
    }

    @Test
    void badDepthIsRejected() {
        CliRun run = CliRun.plain("overhead", "--data", FashionMnistFixture.directory().toString(), "--depth", "-1");
        assertEquals(CommandSupport.EXIT_BAD_INPUT, run.exitCode());
        assertTrue(run.err().startsWith("overhead: depth (-1) must be in [0, 128]"), run.err());
    }

    @Test
    void zeroEpochsIsRejected() {
        CliRun run = CliRun.plain("overhead", "--data", FashionMnistFixture.directory().toString(), "--epochs", "0");
        assertEquals(CommandSupport.EXIT_BAD_INPUT, run.exitCode());
        assertTrue(run.err().startsWith("overhead: epochs (0) must be >= 1"), run.err());
    }
}
