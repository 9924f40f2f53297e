package io.github.dl4jpruning.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.github.dl4jpruning.internal.Json;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.schedule.GradualSchedule;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.schedule.OneShotSchedule;
import io.github.dl4jpruning.schedule.Rewind;
import io.github.dl4jpruning.testing.Hostile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.RampSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * Hostile inputs to the configuration, through the builder and through JSON: every one is refused with an
 * {@link IllegalArgumentException} whose message names the field, the value found and what is allowed, and the
 * JSON file read is unchanged afterwards ({@link Hostile#assertRefused}). Cases marked "new" failed before the
 * hardening of this package (accepted silently, an NPE, or an endless loop).
 */
class HostileConfigTest {

    @TempDir
    static Path tmp;

    /** A valid configuration with a unit granularity (so group lasso is allowed) and an epoch L1 schedule. */
    private static String validJson() {
        Map<Integer, Double> l1 = new TreeMap<>();
        l1.put(0, 1e-4);
        l1.put(3, 0.0);
        return PruningConfig.builder().schedule(new IterativeSchedule(2, 0.5, 1, 0.1))
                .granularity(Granularity.NEURON).groupLasso(1e-4).l1(new MapSchedule(ScheduleType.EPOCH, l1))
                .includeLayers("layer0").layer("layer2", LayerPruning.DEFAULTS).build().toJson();
    }

    /** The valid JSON with one field of the top-level object replaced. */
    private static String edited(UnaryOperator<ObjectNode> edit) {
        try {
            ObjectNode root = (ObjectNode) Json.mapper().readTree(validJson());
            return Json.mapper().writeValueAsString(edit.apply(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> builderCases() {
        return Stream.of(
                arguments("NaN floor", act(() -> PruningConfig.builder().minLayerDensity(Double.NaN)),
                        List.of("minLayerDensity (NaN)", "[0, 1]")),
                arguments("infinite floor", act(() -> PruningConfig.builder()
                        .minLayerDensity(Double.POSITIVE_INFINITY)), List.of("minLayerDensity (Infinity)", "[0, 1]")),
                arguments("negative floor", act(() -> PruningConfig.builder().minLayerDensity(-0.1)),
                        List.of("minLayerDensity (-0.1)", "[0, 1]")),
                arguments("NaN l1", act(() -> PruningConfig.builder().l1(Double.NaN)),
                        List.of("l1 (NaN)", "finite and >= 0")),
                arguments("-inf l1", act(() -> PruningConfig.builder().l1(Double.NEGATIVE_INFINITY)),
                        List.of("l1 (-Infinity)", "finite and >= 0")),
                arguments("NaN group lasso", act(() -> PruningConfig.builder().groupLasso(Double.NaN)),
                        List.of("groupLasso (NaN)", "finite and >= 0")),
                arguments("negative group lasso", act(() -> PruningConfig.builder().groupLasso(-1)),
                        List.of("groupLasso (-1.0)", "finite and >= 0")),
                arguments("group lasso on single weights", act(() -> PruningConfig.builder()
                        .schedule(new OneShotSchedule(0, 0.5)).groupLasso(1e-3).build()),
                        List.of("groupLasso (0.001)", "needs a structured granularity")),
                // new: an NPE without message at build()
                arguments("null include name", act(() -> PruningConfig.builder().includeLayers((String) null)),
                        List.of("includeLayers name 0 (null)", "non-blank layer name")),
                arguments("null include array", act(() -> PruningConfig.builder().includeLayers((String[]) null)),
                        List.of("includeLayers (null)", "layer names")),
                arguments("null exclude name", act(() -> PruningConfig.builder().excludeLayers("layer0", null)),
                        List.of("excludeLayers name 1 (null)", "non-blank layer name")),
                // new: refused at build(), not at the call
                arguments("blank exclude name", act(() -> PruningConfig.builder().excludeLayers(" ")),
                        List.of("excludeLayers name 0 (\" \")", "non-blank layer name")),
                arguments("negative include index", act(() -> PruningConfig.builder().includeLayers(0, -3)),
                        List.of("includeLayers index (-3)", ">= 0")),
                arguments("null layer name", act(() -> PruningConfig.builder().layer(null, LayerPruning.DEFAULTS)),
                        List.of("layerName (null)", "non-blank layer name")),
                arguments("blank layer name", act(() -> PruningConfig.builder().layer("\t", LayerPruning.DEFAULTS)),
                        List.of("layerName (\t)", "non-blank layer name")),
                arguments("null layer settings", act(() -> PruningConfig.builder().layer("layer0", null)),
                        List.of("settings must not be null")),
                // new: accepted, then read at iteration 0 for ever
                arguments("ITERATION l1 schedule", act(() -> PruningConfig.builder()
                        .l1(new StepSchedule(ScheduleType.ITERATION, 1e-3, 0.5, 100))),
                        List.of("l1 (StepSchedule with ScheduleType.ITERATION)", "ScheduleType.EPOCH")),
                arguments("iteration-driven l1 without a type", act(() -> PruningConfig.builder()
                        .l1(new RampSchedule(new FixedSchedule(1e-3), 500))),
                        List.of("l1 (RampSchedule) must not depend on the iteration", "valueAt(0, 0) = ")),
                arguments("l1 schedule NaN at epoch 10", act(() -> PruningConfig.builder().l1(epochL1(10, Double.NaN))),
                        List.of("l1 (at epoch 10) (NaN)", "finite and >= 0")),
                // new: counted rounds to int overflow (42 s, then a stack trace)
                arguments("rate 1e-12", act(() -> new IterativeSchedule(1, 1e-12, 1, 0.02)),
                        List.of("rate (1.0E-12)", "targetDensity (0.02)", "need 3912023", "at most 1000",
                                "raise rate")),
                arguments("subnormal target", act(() -> new IterativeSchedule(1, 0.5, 1, Double.MIN_VALUE)),
                        List.of("targetDensity (4.9E-324)", "rounds, which must be at most 1000")),
                arguments("NaN rate", act(() -> new IterativeSchedule(1, Double.NaN, 1, 0.1)),
                        List.of("rate (NaN)", "(0, 1)")),
                // new: an EPOCH schedule ending after the last int epoch never reaches its final density
                arguments("gradual end beyond int epochs", act(() -> new GradualSchedule(1.0, 0.1, 0, 3_000_000_000L,
                        1, GradualSchedule.Unit.EPOCH)), List.of("end (3000000000)", "<= 2147483647", "EPOCH")),
                arguments("NaN gradual density", act(() -> new GradualSchedule(1.0, Double.NaN, 0, 10, 1,
                        GradualSchedule.Unit.ITERATION)), List.of("finalDensity (NaN)", "(0, 1]")),
                arguments("infinite one-shot density", act(() -> new OneShotSchedule(0, Double.POSITIVE_INFINITY)),
                        List.of("targetDensity (Infinity)", "(0, 1]")),
                arguments("negative one-shot epoch", act(() -> new OneShotSchedule(-1, 0.5)),
                        List.of("atEpoch (-1)", ">= 0")),
                arguments("negative rewind", act(() -> Rewind.toIteration(-5)),
                        List.of("iteration (-5)", ">= 0")),
                arguments("1x1 blocks", act(() -> PruningConfig.builder().blocks(1)),
                        List.of("blockSize (1)", ">= 2")),
                arguments("2:2 pattern", act(() -> PruningConfig.builder().nm(2, 2)),
                        List.of("n (2) and m (2)", "1 <= n < m")));
    }

    static Stream<Arguments> jsonCases() {
        String valid = validJson();
        return Stream.of(
                // new: 1.9 became 1
                arguments("float seed", edited(r -> r.put("seed", 1.9)), List.of("seed (1.9)", "whole number")),
                arguments("float block size", edited(r -> r.put("blockSize", 2.5)),
                        List.of("blockSize (2.5)", "whole number")),
                // new: null became 0
                arguments("null seed", edited(r -> r.putNull("seed")), List.of("seed", "null must be an integer")),
                arguments("null floor", edited(r -> r.putNull("minLayerDensity")),
                        List.of("minLayerDensity", "null must be a number")),
                // new: strings were coerced to numbers
                arguments("string floor", edited(r -> r.put("minLayerDensity", "0.5")),
                        List.of("minLayerDensity", "String value (\"0.5\")")),
                arguments("string seed", edited(r -> r.put("seed", "42")), List.of("seed", "String value (\"42\")")),
                // new: an ordinal became an enum constant
                arguments("number for an enum", edited(r -> r.put("scope", 1)), List.of("scope", "from number 1")),
                arguments("unknown enum", edited(r -> r.put("scope", "DIAGONAL")),
                        List.of("scope", "DIAGONAL", "GLOBAL", "LOCAL")),
                arguments("unknown field", edited(r -> r.put("pruneHarder", true)),
                        List.of("unknown field \"pruneHarder\" must be one of [blockSize, criterion, granularity")),
                // new: both were ignored
                arguments("trailing tokens", valid + " {}", List.of("Trailing token")),
                arguments("duplicate key", valid.replaceFirst("\\{", "{ \"seed\" : 7,"),
                        List.of("Duplicate field 'seed'")),
                arguments("NaN floor", edited(r -> r.put("minLayerDensity", "NaN")),
                        List.of("minLayerDensity (NaN)", "[0, 1]")),
                arguments("-inf group lasso", edited(r -> r.put("groupLasso", "-Infinity")),
                        List.of("groupLasso (-Infinity)", "finite and >= 0")),
                arguments("seed beyond long", edited(r -> r.put("seed", new java.math.BigInteger("99999999999999999999"))),
                        List.of("seed", "99999999999999999999", "out of range of long")),
                arguments("null layer name", edited(r -> {
                    ((ObjectNode) r.get("layers")).putArray("excludeNames").addNull();
                    return r;
                }), List.of("layers.excludeNames", "null")),
                arguments("blank layer-settings name", edited(r -> {
                    ((ObjectNode) r.get("layerSettings")).set(" ", r.get("layerSettings").get("layer2"));
                    return r;
                }), List.of("layer settings name ( )", "non-blank layer name")),
                arguments("null layer settings", edited(r -> {
                    ((ObjectNode) r.get("layerSettings")).putNull("layer2");
                    return r;
                }), List.of("layer settings of \"layer2\" must not be null")),
                arguments("wrong type for layers", edited(r -> {
                    r.putArray("layers");
                    return r;
                }), List.of("layers", "ARRAY")),
                arguments("no schedule", edited(r -> r.putNull("schedule")), List.of("schedule must be set")),
                arguments("schedule of another type", edited(r -> {
                    ((ObjectNode) r.get("schedule")).put("@class", "java.lang.Runtime");
                    return r;
                }), List.of("java.lang.Runtime", "subtype")),
                // new: accepted, then counted rounds for ever
                arguments("rate 1e-12 in JSON", edited(r -> {
                    ((ObjectNode) r.get("schedule")).put("rate", 1e-12);
                    return r;
                }), List.of("rate (1.0E-12)", "at most 1000")),
                // new: accepted, then read at iteration 0 for ever
                arguments("ITERATION l1 in JSON", edited(r -> {
                    ((ObjectNode) r.get("l1")).put("scheduleType", "ITERATION");
                    return r;
                }), List.of("l1 (MapSchedule with ScheduleType.ITERATION)")),
                arguments("truncated JSON", valid.substring(0, valid.length() / 2), List.of("end-of-input")),
                arguments("not JSON", "seed = 42", List.of("Unrecognized token 'seed'")),
                arguments("empty text", "", List.of("No content")));
    }

    @ParameterizedTest(name = "builder: {0}")
    @MethodSource("builderCases")
    void builderRefuses(String name, Executable action, List<String> words) {
        Hostile.assertRefused(IllegalArgumentException.class, action, Hostile.snapshot(List.of(), List.of()),
                words.toArray(String[]::new));
    }

    @ParameterizedTest(name = "json: {0}")
    @MethodSource("jsonCases")
    void jsonRefuses(String name, String json, List<String> words) throws IOException {
        Path file = tmp.resolve(name.replaceAll("[^A-Za-z0-9]", "_") + ".json");
        Files.writeString(file, json);
        Hostile.Snapshot before = Hostile.snapshot(List.of(), List.of(file, tmp));
        IllegalArgumentException e = Hostile.assertRefused(IllegalArgumentException.class,
                () -> PruningConfig.fromJson(Files.readString(file)), before, words.toArray(String[]::new));
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    }

    @Test
    void theValidJsonOfTheseCasesReadsBack() {
        String valid = validJson();
        assertEquals(valid, PruningConfig.fromJson(valid).toJson());
        // integers where floating-point numbers are expected stay accepted
        assertEquals(0.0, PruningConfig.fromJson(edited(r -> r.put("minLayerDensity", 0))).minLayerDensity(), 0.0);
        // a field left out (written before it existed) still gets its default
        assertEquals(new GranularitySpec.Units(Granularity.NEURON, io.github.dl4jpruning.criterion.GroupScore.L2, 0.0),
                PruningConfig.fromJson(edited(r -> {
                    r.remove("groupLasso");
                    return r;
                })).granularity());
    }

    @Test
    void aNullJsonTextIsRefused() {
        Hostile.assertRefused(IllegalArgumentException.class, () -> PruningConfig.fromJson(null),
                Hostile.snapshot(List.of(), List.of()), "json (null)", "JSON text");
    }

    private static Executable act(Executable e) {
        return e;
    }

    private static ISchedule epochL1(int epoch, double value) {
        Map<Integer, Double> m = new TreeMap<>();
        m.put(0, 1e-4);
        m.put(epoch, value);
        return new MapSchedule(ScheduleType.EPOCH, m);
    }
}
