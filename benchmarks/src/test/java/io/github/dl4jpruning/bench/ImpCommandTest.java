package io.github.dl4jpruning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.data.FashionMnistFixture;
import io.github.dl4jpruning.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * {@link ImpCommand} through picocli on the Fashion-MNIST fixture (1,000 training, 200 test examples), with
 * tiny settings. Exact densities follow from the weight counts: LeNet-300-100 has 266,200 prunable weights,
 * so densities 0.5 and 0.25 are exact integers of kept weights; LeNet-5 has 430,500.
 */
class ImpCommandTest {

    /** The one native build on this module's class path (surefire names its extension, see the pom). */
    static final String NATIVE_BUILD = "linux-x86_64"
            + System.getProperty("org.bytedeco.javacpp.platform.extension", "-onednn-avx2");


    private static final double EXACT = 1e-4;

    @TempDir
    Path tmp;

    private static String fixture() {
        return FashionMnistFixture.directory().toString();
    }

    @Test
    void runsTheProtocolAndWritesTheJson() throws IOException {
        Path json = tmp.resolve("imp.json");
        CliRun run = CliRun.plain("imp", "--data", fixture(), "--dense-epochs", "1", "--finetune-epochs", "1",
                "--rate", "0.5", "--target-density", "0.25", "--json", json.toString(), "--report",
                tmp.resolve("report").toString());
        assertEquals(0, run.exitCode(), run.err());
        String html = Files.readString(tmp.resolve("report").resolve("index.html"));
        assertTrue(html.contains("java -jar benchmarks.jar imp --data "), "the command as typed, once");
        assertTrue(html.contains("<section id=\"input\">") && html.contains("width=\"280\" height=\"280\""),
                "LeNet-300-100's first layer as a 28 x 28 image, shown 10x");
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("src=\"accuracy"),
                "self-contained: charts inline");
        assertTrue(run.out().contains("HTML report written to " + tmp.resolve("report").resolve("index.html")
                .toAbsolutePath()), run.out());
        assertFalse(run.err().contains("imp lenet-300-100"), "no progress bar when stderr is not a terminal");

        JsonNode root = Json.mapper().readTree(json.toFile());
        assertEquals("imp", root.get("protocol").asText());
        assertEquals("lenet-300-100", root.get("model").asText());
        assertEquals(List.of("protocol", "model", "params", "environment", "rounds", "totalSeconds"),
                fieldNames(root));

        JsonNode params = root.get("params");
        assertEquals(List.of("model", "denseEpochs", "finetuneEpochs", "rate", "targetDensity", "scope",
                "minLayerDensity", "l1", "l1StartEpoch", "criterion", "schedule", "initBatches", "rewindIteration", "gradualEpochs", "granularity", "trainExamples",
                "seed", "batch", "threads", "onednn", "data", "json", "report", "quiet"), fieldNames(params));
        assertTrue(params.get("onednn").asBoolean(), "oneDNN is on by default");
        assertEquals("magnitude", params.get("criterion").asText());
        assertEquals("imp", params.get("schedule").asText());
        assertEquals("lenet-300-100", params.get("model").asText());
        assertEquals(1, params.get("denseEpochs").asInt());
        assertEquals(1, params.get("finetuneEpochs").asInt());
        assertEquals(0.5, params.get("rate").asDouble());
        assertEquals(0.25, params.get("targetDensity").asDouble());
        assertEquals("global", params.get("scope").asText());
        assertEquals(0.0, params.get("minLayerDensity").asDouble());
        assertEquals(0.0, params.get("l1").asDouble());
        assertEquals(42, params.get("seed").asLong());
        assertEquals(128, params.get("batch").asInt());
        assertEquals(1, params.get("threads").asInt());
        assertEquals(Path.of(fixture()).toAbsolutePath().toString(), params.get("data").asText());
        assertEquals(json.toAbsolutePath().toString(), params.get("json").asText());
        assertEquals(tmp.resolve("report").toAbsolutePath().toString(), params.get("report").asText());
        assertFalse(params.get("quiet").asBoolean());

        JsonNode env = root.get("environment");
        assertEquals(List.of("backend", "threads", "java", "dl4j", "os", "device", "maskKernels", "nativeBuild", "oneDnn",
                "skipInputGradient"),
                fieldNames(env));
        assertEquals(ImpCommandTest.NATIVE_BUILD, env.get("nativeBuild").asText(), "the benchmarks' one native build");
        assertTrue(env.get("oneDnn").asBoolean());
        assertEquals("portable", env.get("maskKernels").asText());
        assertFalse(env.get("device").asText().isBlank());
        assertEquals("CPU", env.get("backend").asText());
        assertEquals(1, env.get("threads").asInt());
        assertEquals("1.0.0-M2.1", env.get("dl4j").asText());
        assertEquals(System.getProperty("java.version"), env.get("java").asText());

        JsonNode rounds = root.get("rounds");
        assertEquals(3, rounds.size());
        double[] densities = {1.0, 0.5, 0.25};
        for (int r = 0; r < 3; r++) {
            JsonNode round = rounds.get(r);
            assertEquals(List.of("round", "density", "p", "compression", "accuracy", "epochSeconds", "pruneSeconds",
                    "layerDensity"), fieldNames(round));
            assertEquals(r, round.get("round").asInt());
            assertEquals(densities[r], round.get("density").asDouble(), EXACT);
            assertEquals(1 - densities[r], round.get("p").asDouble(), EXACT);
            assertEquals(1 / densities[r], round.get("compression").asDouble(), EXACT);
            double accuracy = round.get("accuracy").asDouble();
            assertTrue(accuracy > 0 && accuracy <= 1, "accuracy " + accuracy);
            assertTrue(round.get("epochSeconds").asDouble() > 0);
            assertEquals(List.of("layer0_W", "layer1_W", "layer2_W"), fieldNames(round.get("layerDensity")));
            if (r == 0) {
                assertEquals(0.0, round.get("pruneSeconds").asDouble());
                round.get("layerDensity").elements().forEachRemaining(d -> assertEquals(1.0, d.asDouble()));
            } else {
                assertTrue(round.get("pruneSeconds").asDouble() > 0);
            }
        }
        assertTrue(root.get("totalSeconds").asDouble() > 0);

        String[] lines = run.out().split("\\R");
        assertEquals(RoundTable.header(), lines[0]);
        assertTrue(lines[1].trim().startsWith("0 "), lines[1]);
        assertTrue(run.out().contains("Total wall time: "), run.out());
    }

    @Test
    void eachRoundIsPrintedOnceUnlessVerbose() {
        // what reaches the log at all (the levels decide), whatever appenders the configuration has
        ch.qos.logback.classic.Logger project = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                "io.github.dl4jpruning");
        for (boolean verbose : new boolean[] {false, true}) {
            ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log =
                    new ch.qos.logback.core.read.ListAppender<>();
            log.start();
            project.addAppender(log);
            CliRun run;
            try {
                List<String> args = new ArrayList<>(List.of("imp", "--data", fixture(), "--dense-epochs", "1",
                        "--target-density", "0.5", "--train-examples", "200", "--batch", "100"));
                if (verbose) {
                    args.add("--verbose");
                }
                run = CliRun.plain(args.toArray(String[]::new));
            } finally {
                project.detachAppender(log);
            }
            assertEquals(0, run.exitCode(), run.err());
            List<String> lines = log.list.stream().map(e -> e.getLoggerName() + " - " + e.getFormattedMessage())
                    .toList();
            assertEquals(1, run.out().lines().filter(l -> l.trim().startsWith("1 ")).count(), run.out());
            assertEquals(verbose ? 1 : 0, lines.stream().filter(l -> l.startsWith(ImpCommand.ENGINE_LOGGER
                    + " - round 1: density")).count(), String.join("\n", lines));
            assertEquals(verbose ? 1 : 0, lines.stream().filter(l -> l.startsWith(ImpBenchmark.class.getName()
                    + " - round 1: density")).count(), String.join("\n", lines));
            assertTrue(lines.stream().anyMatch(l -> l.contains("ImpBenchmark - IMP on lenet-300-100")),
                    "other INFO lines stay: " + lines);
        }
    }

    @Test
    void trainExamplesTrainsOnTheFirstNExamplesAndIsRecorded() throws IOException {
        Path json = tmp.resolve("quick.json");
        CliRun run = CliRun.plain("imp", "--data", fixture(), "--dense-epochs", "1", "--target-density", "0.5",
                "--train-examples", "300", "--batch", "100", "--quiet", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = Json.mapper().readTree(json.toFile());
        assertEquals(300, root.get("params").get("trainExamples").asInt());
        assertEquals(0.5, root.get("rounds").get(1).get("density").asDouble(), EXACT);
        // 300 examples in batches of 100: 3 iterations per epoch, so rewinding to iteration 4 is out of range
        CliRun late = CliRun.configured("imp", "--data", fixture(), "--dense-epochs", "1", "--schedule", "lottery",
                "--rewind-iteration", "4", "--train-examples", "300", "--batch", "100", "--json",
                tmp.resolve("late.json").toString());
        assertEquals(CommandSupport.EXIT_BAD_INPUT, late.exitCode());
        assertTrue(late.err().startsWith("imp: rewindIteration (4) must be in [0, 3]"), late.err());
    }

    @Test
    void localScopeGivesEveryLayerTheSameDensityAndTimesTheLastFineTuneEpoch() throws IOException {
        Path json = tmp.resolve("local.json");
        CliRun run = CliRun.plain("imp", "--data", fixture(), "--dense-epochs", "1", "--finetune-epochs", "2",
                "--rate", "0.5", "--target-density", "0.5", "--scope", "LOCAL", "--batch", "100", "--seed", "7",
                "--quiet", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.out());

        JsonNode root = Json.mapper().readTree(json.toFile());
        assertEquals("local", root.get("params").get("scope").asText());
        assertEquals(2, root.get("params").get("finetuneEpochs").asInt());
        assertEquals(100, root.get("params").get("batch").asInt());
        assertEquals(7, root.get("params").get("seed").asLong());
        assertTrue(root.get("params").get("quiet").asBoolean());
        JsonNode rounds = root.get("rounds");
        assertEquals(2, rounds.size());
        // 235,200, 30,000 and 1,000 weights: half of each is an integer, so local scope lands exactly on 0.5
        rounds.get(1).get("layerDensity").elements().forEachRemaining(d -> assertEquals(0.5, d.asDouble(), 1e-12));
        assertTrue(rounds.get(1).get("pruneSeconds").asDouble() > 0);
    }

    @Test
    void everyScheduleAndCriterionRunsAndEndsAtTheTargetDensity() throws IOException {
        String[][] combos = {{"taylor", "imp"}, {"random", "oneshot"}, {"magnitude", "gradual"}, {"snip", "init"},
            {"magnitude", "lottery"}};
        for (String[] c : combos) {
            Path json = tmp.resolve(c[0] + "-" + c[1] + ".json");
            CliRun run = CliRun.plain("imp", "--data", fixture(), "--dense-epochs", "1", "--rate", "0.5",
                    "--target-density", "0.25", "--criterion", c[0], "--schedule", c[1], "--gradual-epochs", "1",
                    "--init-batches", "2", "--quiet", "--json", json.toString());
            assertEquals(0, run.exitCode(), String.join("/", c) + ": " + run.err());
            JsonNode root = Json.mapper().readTree(json.toFile());
            JsonNode rounds = root.get("rounds");
            JsonNode last = rounds.get(rounds.size() - 1);
            assertEquals(0.25, last.get("density").asDouble(), 1e-5, String.join("/", c));
            assertEquals(c[0], root.get("params").get("criterion").asText());
            assertEquals(c[1], root.get("params").get("schedule").asText());
            // imp and lottery: rounds 0, 1, 2; oneshot: dense row + 2 fine-tune epochs; init: 3 epochs + row 0;
            // gradual: 1 + 1 + 1 epochs + row 0
            int expectedRows = switch (c[1]) {
                case "imp", "lottery", "oneshot" -> 3;
                default -> 4;
            };
            assertEquals(expectedRows, rounds.size(), String.join("/", c));
        }
        List<String> args = new ArrayList<>(List.of("table"));
        for (String[] c : combos) {
            args.add(tmp.resolve(c[0] + "-" + c[1] + ".json").toString());
        }
        CliRun table = CliRun.plain(args.toArray(String[]::new));
        assertEquals(0, table.exitCode(), table.err());
        List<String> lines = table.out().lines().toList();
        assertEquals("| criterion | schedule | epochs | accuracy at 0.25 |", lines.get(0));
        assertEquals(2 + combos.length, lines.size(), table.out());
        assertTrue(lines.get(2).startsWith("| taylor | imp | 3 | 0."), lines.get(2));
        assertTrue(lines.get(4).startsWith("| magnitude | gradual | 3 | 0."), lines.get(4));
        CliRun bad = CliRun.plain("table", tmp.resolve("missing.json").toString());
        assertTrue(bad.exitCode() != 0);
    }

    @Test
    void theDefaultTargetIsAFiftiethOfTheWeightsOrAnEighthOfTheUnits() throws IOException {
        Path weights = tmp.resolve("default-weights.json");
        CliRun plain = CliRun.plain("imp", "--data", fixture(), "--dense-epochs", "1", "--rate", "0.5",
                "--train-examples", "200", "--quiet", "--json", weights.toString());
        assertEquals(0, plain.exitCode(), plain.err());
        JsonNode w = Json.mapper().readTree(weights.toFile());
        assertEquals(ImpCommand.UNSTRUCTURED_TARGET, w.get("params").get("targetDensity").asDouble(), 0.0);
        assertEquals(7, w.get("rounds").size(), "round 0 and six rounds of 0.5 down to 0.02");
        Path units = tmp.resolve("default-units.json");
        CliRun neuron = CliRun.plain("imp", "--data", fixture(), "--dense-epochs", "1", "--rate", "0.5",
                "--train-examples", "200", "--granularity", "neuron", "--scope", "local", "--quiet", "--json",
                units.toString());
        assertEquals(0, neuron.exitCode(), neuron.err());
        JsonNode u = Json.mapper().readTree(units.toFile());
        assertEquals(ImpCommand.STRUCTURED_TARGET, u.get("params").get("targetDensity").asDouble(), 0.0);
        assertEquals(4, u.get("rounds").size(), "round 0 and three rounds of 0.5 down to an eighth");
        // an eighth of both hidden layers' neurons: 38 of 300 and 13 of 100 (rounded up at each round)
        assertEquals(38.0 / 300, u.get("rounds").get(3).get("layerDensity").get("layer0_W").asDouble(), 1e-12);
    }

    @Test
    void neuronGranularityPrunesWholeNeuronsAndThinShrinksTheNetwork() throws IOException {
        Path json = tmp.resolve("neuron.json");
        CliRun run = CliRun.plain("imp", "--data", fixture(), "--dense-epochs", "1", "--rate", "0.5",
                "--target-density", "0.5", "--granularity", "neuron", "--scope", "local", "--quiet", "--json",
                json.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode last = Json.mapper().readTree(json.toFile()).get("rounds").get(1);
        // half the neurons of both hidden layers: layer0 keeps 150 of 300 columns, layer1 50 of 100 columns and
        // 150 of 300 rows, the output layer 50 of 100 rows
        assertEquals(0.5, last.get("layerDensity").get("layer0_W").asDouble(), EXACT);
        assertEquals(0.25, last.get("layerDensity").get("layer1_W").asDouble(), EXACT);
        assertEquals(0.5, last.get("layerDensity").get("layer2_W").asDouble(), EXACT);

        Path thinJson = tmp.resolve("thin.json");
        CliRun thin = CliRun.plain("thin", "--data", fixture(), "--dense-epochs", "1", "--finetune-epochs", "1",
                "--remove", "0.75", "--repeats", "1", "--json", thinJson.toString());
        assertEquals(0, thin.exitCode(), thin.err());
        assertTrue(thin.out().contains("speedup"), thin.out());
        JsonNode t = Json.mapper().readTree(thinJson.toFile());
        assertEquals("NEURON", t.get("granularity").asText());
        assertEquals(t.get("prunedAccuracy").asDouble(), t.get("thinnedAccuracy").asDouble(), 0.0);
        assertTrue(t.get("maxAbsOutputDiff").asDouble() <= 1e-5);
        // 784x75 + 75 + 75x25 + 25 + 25x10 + 10 of 266,610
        assertEquals(266_610, t.get("params").get(0).asLong());
        assertEquals(784 * 75 + 75 + 75 * 25 + 25 + 25 * 10 + 10, t.get("params").get(1).asLong());
        assertEquals(2L * (784 * 300 + 300 * 100 + 100 * 10), t.get("flops").get(0).asLong());
        assertTrue(t.get("zipBytes").get(1).asLong() < t.get("zipBytes").get(0).asLong());
        assertTrue(t.get("speedup").asDouble() > 0);
        assertEquals(3, t.get("layers").size());
        long[] thinLayerFlops = {2L * 784 * 75, 2L * 75 * 25, 2L * 25 * 10};
        for (int i = 0; i < 3; i++) {
            assertEquals(thinLayerFlops[i], t.get("layerFlops").get(1).get(i).asLong(), "layer " + i);
            assertTrue(t.get("layerSeconds").get(0).get(i).asDouble() > 0 && t.get("layerSeconds").get(1).get(i)
                    .asDouble() > 0, "layer " + i);
        }
        assertEquals(t.get("flops").get(0).asLong(), t.get("layerFlops").get(0).get(0).asLong()
                + t.get("layerFlops").get(0).get(1).asLong() + t.get("layerFlops").get(0).get(2).asLong());
        assertEquals(t.get("inferenceSeconds").get(1).asDouble() / t.get("referenceSeconds").asDouble(),
                t.get("thinnedVsReference").asDouble(), 1e-12);
    }

    @Test
    void l1ReachesThePruningConfigAndTheJson() throws IOException {
        Path json = tmp.resolve("l1.json");
        CliRun run = CliRun.plain("imp", "--data", fixture(), "--dense-epochs", "1", "--target-density", "0.5",
                "--l1", "1e-4", "--quiet", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode params = Json.mapper().readTree(json.toFile()).get("params");
        assertEquals(1e-4, params.get("l1").asDouble(), 0.0);
        ImpParams p = Json.mapper().treeToValue(params, ImpParams.class);
        assertEquals(1e-4, p.pruningConfig(p.iterativeSchedule()).l1().orElseThrow().valueAt(0, 0), 0.0);
        ImpParams none = Json.mapper().treeToValue(((org.nd4j.shade.jackson.databind.node.ObjectNode) params.deepCopy())
                .put("l1", 0.0), ImpParams.class);
        assertFalse(none.pruningConfig(none.iterativeSchedule()).l1().isPresent());
        ImpParams late = Json.mapper().treeToValue(((org.nd4j.shade.jackson.databind.node.ObjectNode) params.deepCopy())
                .put("l1StartEpoch", 5), ImpParams.class);
        org.nd4j.linalg.schedule.ISchedule s = late.pruningConfig(late.iterativeSchedule()).l1().orElseThrow();
        assertEquals(0.0, s.valueAt(0, 4), 0.0);
        assertEquals(1e-4, s.valueAt(0, 5), 0.0);
        assertEquals(1e-4, s.valueAt(0, 9), 0.0);
    }

    @Test
    void lenet5RunsTheSameLoop() throws IOException {
        Path json = tmp.resolve("lenet5.json");
        CliRun run = CliRun.plain("imp", "--model", "lenet-5", "--data", fixture(), "--dense-epochs", "1",
                "--rate", "0.5", "--target-density", "0.5", "--quiet", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err());

        JsonNode root = Json.mapper().readTree(json.toFile());
        assertEquals("lenet-5", root.get("model").asText());
        assertTrue(root.get("environment").get("oneDnn").asBoolean(), "lenet-5 runs through oneDNN by default");
        JsonNode last = root.get("rounds").get(1);
        assertEquals(0.5, last.get("density").asDouble(), EXACT);
        assertEquals(List.of("layer0_W", "layer2_W", "layer4_W", "layer5_W"), fieldNames(last.get("layerDensity")));

        Path filters = tmp.resolve("lenet5-filter.json");
        CliRun f = CliRun.plain("imp", "--model", "lenet-5", "--data", fixture(), "--dense-epochs", "1",
                "--rate", "0.5", "--target-density", "0.5", "--granularity", "filter", "--scope", "local", "--quiet",
                "--json", filters.toString());
        assertEquals(0, f.exitCode(), f.err());
        JsonNode ld = Json.mapper().readTree(filters.toFile()).get("rounds").get(1).get("layerDensity");
        // half of the 20 and 50 filters and of the 500 neurons: conv1 0.5, conv2 0.5 * 0.5 (its inputs), dense
        // 0.5 * 0.5, output 0.5
        assertEquals(0.5, ld.get("layer0_W").asDouble(), EXACT);
        assertEquals(0.25, ld.get("layer2_W").asDouble(), EXACT);
        assertEquals(0.25, ld.get("layer4_W").asDouble(), EXACT);
        assertEquals(0.5, ld.get("layer5_W").asDouble(), EXACT);
    }

    @Test
    void resnetMiniPrunesWholeChannelGroupsThroughItsResidualAdds() throws IOException {
        Path json = tmp.resolve("resnet.json");
        CliRun run = CliRun.plain("imp", "--model", "resnet-mini", "--data", fixture(), "--dense-epochs", "1",
                "--rate", "0.5", "--target-density", "0.5", "--granularity", "filter", "--scope", "local", "--quiet",
                "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = Json.mapper().readTree(json.toFile());
        assertEquals("resnet-mini", root.get("model").asText());
        assertEquals(2, root.get("rounds").size());
        JsonNode ld = root.get("rounds").get(1).get("layerDensity");
        // half of every group's channels: the stem reads the image (1 channel, kept), so half of its weights stay;
        // a block's convolutions lose half their outputs and half their inputs; the output layer half its inputs
        assertEquals(0.5, ld.get("stem_conv_W").asDouble(), EXACT);
        assertEquals(0.25, ld.get("s1b1a_conv_W").asDouble(), EXACT);
        assertEquals(0.25, ld.get("s2b1b_conv_W").asDouble(), EXACT);
        assertEquals(0.25, ld.get("s3b2a_conv_W").asDouble(), EXACT);
        assertEquals(0.5, ld.get("output_W").asDouble(), EXACT);
        CliRun taylor = CliRun.configured("thin", "--model", "resnet-mini", "--data", fixture(), "--group-score",
                "taylor");
        assertEquals(CommandSupport.EXIT_BAD_INPUT, taylor.exitCode(), taylor.err());
        assertTrue(taylor.err().contains("groupScore (taylor) must be l1, l2 or bn-gamma (flag --group-score)"),
                taylor.err());
        CliRun overhead = CliRun.configured("overhead", "--model", "resnet-mini", "--data", fixture());
        assertEquals(CommandSupport.EXIT_BAD_INPUT, overhead.exitCode(), overhead.err());
        assertTrue(overhead.err().contains("model (resnet-mini) is a ComputationGraph"), overhead.err());
    }

    @Test
    void thinThinsTheResidualGraphWithTheSameOutputs() throws IOException {
        Path json = tmp.resolve("thin-resnet.json");
        CliRun run = CliRun.plain("thin", "--model", "resnet-mini", "--data", fixture(), "--dense-epochs", "1",
                "--finetune-epochs", "1", "--remove", "0.5", "--repeats", "1", "--group-score", "bn-gamma", "--json",
                json.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("s1b1_add"), run.out());
        JsonNode t = Json.mapper().readTree(json.toFile());
        assertEquals("FILTER", t.get("granularity").asText());
        assertEquals("BN_GAMMA", t.get("groupScore").asText());
        assertTrue(t.get("maxAbsOutputDiff").asDouble() <= 1e-5, t.toString());
        assertEquals(t.get("prunedAccuracy").asDouble(), t.get("thinnedAccuracy").asDouble(), 0.0);
        List<String> layers = new ArrayList<>();
        t.get("layers").forEach(n -> layers.add(n.asText()));
        assertEquals("stem_conv", layers.get(0));
        assertEquals("output", layers.get(layers.size() - 1));
        assertTrue(layers.contains("s3b2_add"), layers.toString());
        // half of every group's channels: a 3x3 block convolution keeps half its inputs and half its outputs
        int conv = layers.indexOf("s2b2a_conv");
        long dense = t.get("layerFlops").get(0).get(conv).asLong();
        assertEquals(2L * 9 * 16 * 16 * 7 * 7, dense);
        assertEquals(dense / 4, t.get("layerFlops").get(1).get(conv).asLong());
        assertEquals(0, t.get("layerFlops").get(0).get(layers.indexOf("s2b2_add")).asLong());
        assertEquals(0, t.get("layerFlops").get(0).get(layers.indexOf("s2b2a_bn")).asLong());
        // the stem reads the one image channel: half its filters go
        assertEquals(t.get("layerFlops").get(0).get(0).asLong() / 2, t.get("layerFlops").get(1).get(0).asLong());
        assertTrue(t.get("params").get(1).asLong() < t.get("params").get(0).asLong() / 3, t.toString());
        assertEquals(layers.size(), t.get("layerSeconds").get(1).size());
        assertEquals(t.get("inferenceSeconds").get(1).asDouble() / t.get("referenceSeconds").asDouble(),
                t.get("thinnedVsReference").asDouble(), 1e-12);
    }

    @Test
    void noOnednnRunsTheBuiltInPathAndSaysSo() throws IOException {
        Path json = tmp.resolve("lenet5-builtin.json");
        CliRun run = CliRun.plain("imp", "--model", "lenet-5", "--data", fixture(), "--dense-epochs", "1",
                "--rate", "0.5", "--target-density", "0.5", "--quiet", "--no-onednn", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = Json.mapper().readTree(json.toFile());
        assertFalse(root.get("params").get("onednn").asBoolean());
        assertFalse(root.get("environment").get("oneDnn").asBoolean());
        assertEquals(ImpCommandTest.NATIVE_BUILD, root.get("environment").get("nativeBuild").asText());
        assertEquals(0.5, root.get("rounds").get(1).get("density").asDouble(), EXACT);
    }

    @Test
    void rateOutsideTheOpenUnitIntervalIsRejectedWithOneLine() {
        CliRun run = CliRun.plain("imp", "--data", fixture(), "--rate", "1.5");
        assertNotEquals(0, run.exitCode());
        assertEquals(CommandSupport.EXIT_BAD_INPUT, run.exitCode());
        assertTrue(run.err().startsWith("imp: rate (1.5) must be in (0, 1)"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertEquals("", run.out());
    }

    @Test
    void flagsAreCheckedBeforeTheDataDirectory() {
        CliRun run = CliRun.plain("imp", "--data", tmp.resolve("missing").toString(), "--rate", "0");
        assertEquals(CommandSupport.EXIT_BAD_INPUT, run.exitCode());
        assertTrue(run.err().startsWith("imp: rate (0.0) must be in (0, 1)"), run.err());
    }

    @Test
    void missingDataDirectorySaysHowToInstallTheData() {
        CliRun run = CliRun.plain("imp", "--data", tmp.resolve("missing").toString());
        assertEquals(CommandSupport.EXIT_BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("must be an existing directory"), run.err());
        assertTrue(run.err().contains("apt-get install -y dataset-fashion-mnist"), run.err());
    }

    @Test
    void otherBadFlagsNameTheFieldAndRange() {
        assertBadInput("targetDensity (1.0) prunes nothing", "--target-density", "1");
        assertBadInput("minLayerDensity (0.5) must be <= the schedule's final density (0.02)",
                "--min-layer-density", "0.5");
        assertBadInput("scope (diagonal) must be global or local", "--scope", "diagonal");
        assertBadInput("l1 (-1.0) must be >= 0 and finite", "--l1", "-1");
        assertBadInput("l1StartEpoch (-1) must be >= 0", "--l1-start-epoch", "-1");
        assertBadInput("denseEpochs (0) must be >= 1", "--dense-epochs", "0");
        assertBadInput("finetuneEpochs (0) must be >= 1", "--finetune-epochs", "0");
        assertBadInput("batch (0) must be >= 1", "--batch", "0");
        assertBadInput("threads (0) must be >= 1", "--threads", "0");
        assertBadInput("criterion (obd) must be magnitude, taylor, snip or random", "--criterion", "obd");
        assertBadInput("schedule (cyclic) must be imp, oneshot, gradual, init or lottery", "--schedule", "cyclic");
        assertBadInput("initBatches (0) must be >= 1", "--init-batches", "0");
        assertBadInput("rewindIteration (-1) must be >= 0", "--rewind-iteration", "-1");
        assertBadInput("gradualEpochs (0) must be >= 1", "--gradual-epochs", "0");
        assertBadInput("granularity (block) must be unstructured, neuron, filter or channel", "--granularity", "block");
        assertBadInput("json (" + tmp.resolve("no/such/dir/x.json") + ") must be in an existing directory",
                "--json", tmp.resolve("no/such/dir/x.json").toString());
    }

    @Test
    void unknownModelIsAUsageErrorListingTheModels() {
        CliRun run = CliRun.configured("imp", "--data", fixture(), "--model", "resnet");
        assertEquals(CommandSupport.EXIT_BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("model (resnet) must be one of lenet-300-100, lenet-5"), run.err());
        assertTrue(run.err().contains("Try 'dl4j-pruning imp --help'"), run.err());
    }

    private void assertBadInput(String expected, String... flags) {
        List<String> args = new ArrayList<>(List.of("imp", "--data", fixture()));
        args.addAll(List.of(flags));
        CliRun run = CliRun.plain(args.toArray(String[]::new));
        assertEquals(CommandSupport.EXIT_BAD_INPUT, run.exitCode(), String.join(" ", args));
        assertTrue(run.err().startsWith("imp: " + expected), run.err());
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
