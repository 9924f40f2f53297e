package io.github.dl4jpruning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.data.FashionMnistFixture;
import io.github.dl4jpruning.internal.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;

/** {@code train}: the JSON of {@link TrainResult}, oneDNN on by default and off with {@code --no-onednn}, bad flags. */
class TrainCommandTest {

    @TempDir
    Path tmp;

    private static String fixture() {
        return FashionMnistFixture.directory().toString();
    }

    @Test
    void trainsLenet5ThroughOneDnnAndWritesTheJson() throws IOException {
        Path json = tmp.resolve("train.json");
        CliRun run = CliRun.plain("train", "--model", "lenet-5", "--data", fixture(), "--epochs", "2",
                "--train-examples", "500", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("epoch 2: "), run.out());
        assertTrue(run.out().contains("convolutions through oneDNN"), run.out());

        JsonNode root = Json.mapper().readTree(json.toFile());
        assertEquals(List.of("protocol", "model", "params", "environment", "epochSeconds", "lastEpochSeconds",
                "epochCpuSeconds", "lastEpochCpuSeconds", "accuracy", "oneDnnEngaged"), ImpCommandTest.fieldNames(root));
        assertEquals(2, root.get("epochCpuSeconds").size());
        assertTrue(root.get("lastEpochCpuSeconds").asDouble() > 0, "process CPU time is reported on Linux");
        assertEquals("train", root.get("protocol").asText());
        JsonNode params = root.get("params");
        assertEquals(List.of("model", "trainExamples", "epochs", "seed", "batch", "threads", "onednn", "data", "json",
                "quiet"), ImpCommandTest.fieldNames(params));
        assertEquals(500, params.get("trainExamples").asInt());
        assertTrue(params.get("onednn").asBoolean());
        assertEquals(2, root.get("epochSeconds").size());
        assertEquals(root.get("epochSeconds").get(1).asDouble(), root.get("lastEpochSeconds").asDouble());
        double accuracy = root.get("accuracy").asDouble();
        assertTrue(accuracy > 0.1 && accuracy <= 1, "accuracy " + accuracy);
        assertTrue(root.get("oneDnnEngaged").asBoolean(), "the trained LeNet-5 itself ran through oneDNN");
        assertTrue(root.get("environment").get("oneDnn").asBoolean());
        assertTrue(root.get("environment").get("skipInputGradient").asBoolean(), "on by default with oneDNN");
        assertEquals(ImpCommandTest.NATIVE_BUILD, root.get("environment").get("nativeBuild").asText());
    }

    @Test
    void noSkipInputGradientIsRecorded() throws IOException {
        Path json = tmp.resolve("noskip.json");
        CliRun run = CliRun.plain("train", "--model", "lenet-5", "--data", fixture(), "--epochs", "1",
                "--train-examples", "200", "--no-skip-input-gradient", "--quiet", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = Json.mapper().readTree(json.toFile());
        assertTrue(root.get("environment").get("oneDnn").asBoolean());
        assertFalse(root.get("environment").get("skipInputGradient").asBoolean());
        assertTrue(root.get("oneDnnEngaged").asBoolean());
    }

    @Test
    void noOnednnTrainsOnTheBuiltInPath() throws IOException {
        Path json = tmp.resolve("builtin.json");
        CliRun run = CliRun.plain("train", "--model", "lenet-5", "--data", fixture(), "--epochs", "1",
                "--train-examples", "300", "--no-onednn", "--quiet", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.out());
        JsonNode root = Json.mapper().readTree(json.toFile());
        assertFalse(root.get("params").get("onednn").asBoolean());
        assertFalse(root.get("environment").get("oneDnn").asBoolean());
        assertFalse(root.get("environment").get("skipInputGradient").asBoolean(), "needs oneDNN");
        assertFalse(root.get("oneDnnEngaged").asBoolean());
    }

    @Test
    void aNetworkWithoutConvolutionsIsNeverEngaged() throws IOException {
        Path json = tmp.resolve("mlp.json");
        CliRun run = CliRun.plain("train", "--data", fixture(), "--epochs", "1", "--quiet", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = Json.mapper().readTree(json.toFile());
        assertEquals("lenet-300-100", root.get("model").asText());
        assertEquals(10000, root.get("params").get("trainExamples").asInt(), "the default (the fixture has 1,000)");
        assertFalse(root.get("oneDnnEngaged").asBoolean());
    }

    @Test
    void zeroEpochsAreRejectedWithOneLine() {
        CliRun run = CliRun.plain("train", "--data", fixture(), "--epochs", "0");
        assertEquals(CommandSupport.EXIT_BAD_INPUT, run.exitCode());
        assertTrue(run.err().startsWith("train: epochs (0) must be >= 1"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }
}
