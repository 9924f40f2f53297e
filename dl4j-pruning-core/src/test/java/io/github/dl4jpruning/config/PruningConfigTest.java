package io.github.dl4jpruning.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.criterion.MagnitudeCriterion;
import io.github.dl4jpruning.criterion.TaylorCriterion;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.schedule.Rewind;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import io.github.dl4jpruning.schedule.OneShotSchedule;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

class PruningConfigTest {

    @Test
    void defaults() {
        PruningConfig c = PruningConfig.builder().schedule(new OneShotSchedule(0, 0.5)).build();
        assertEquals(new MagnitudeCriterion(), c.criterion());
        assertEquals(Scope.GLOBAL, c.scope());
        assertEquals(0.0, c.minLayerDensity(), 0.0);
        assertTrue(c.l1().isEmpty());
        assertEquals(42L, c.seed());
        assertTrue(!c.layers().hasIncludes());
        assertEquals(ParamMasking.AUTO, c.paramMasking());
    }

    @Test
    void rejectsAConfigWithoutSchedule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PruningConfig.builder().build());
        assertTrue(e.getMessage().startsWith("schedule must be set"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.5, Double.NaN})
    void rejectsFloorsOutsideUnitInterval(double floor) {
        assertEquals("minLayerDensity (" + floor + ") must be in [0, 1]", assertThrows(IllegalArgumentException.class,
                () -> PruningConfig.builder().minLayerDensity(floor)).getMessage());
    }

    @Test
    void rejectsAFloorAboveTheTarget() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PruningConfig.builder()
                .schedule(new IterativeSchedule(1, 0.5, 1, 0.02)).minLayerDensity(0.05).build());
        assertTrue(e.getMessage().startsWith("minLayerDensity (0.05) must be <= the schedule's final density (0.02)"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1e-3, Double.NaN, Double.POSITIVE_INFINITY})
    void rejectsBadL1(double l1) {
        assertEquals("l1 (" + l1 + ") must be finite and >= 0", assertThrows(IllegalArgumentException.class,
                () -> PruningConfig.builder().l1(l1)).getMessage());
    }

    @Test
    void rejectsAnL1ScheduleGoingNegative() {
        Map<Integer, Double> m = new TreeMap<>();
        m.put(0, 1e-3);
        m.put(1, -1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PruningConfig.builder()
                .schedule(new ConstantSchedule()).l1(new MapSchedule(ScheduleType.EPOCH, m)).build());
        assertEquals("l1 (at epoch 1) (-1.0) must be finite and >= 0", e.getMessage());
    }

    @Test
    void jsonRoundTripsEqualOnEveryField() {
        Map<Integer, Double> m = new TreeMap<>();
        m.put(0, 1e-4);
        m.put(3, 0.0);
        PruningConfig c = PruningConfig.builder().schedule(new IterativeSchedule(2, 0.3, 2, 0.05))
                .scope(Scope.LOCAL).minLayerDensity(0.01).includeLayers("layer0", "layer1").includeLayers(2)
                .excludeLayers("layer9").excludeLayers(7).l1(new MapSchedule(ScheduleType.EPOCH, m)).seed(7)
                .layer("layer2", LayerPruning.builder().targetDensity(0.3).criterion(new TaylorCriterion()).build())
                .rewind(Rewind.toIteration(40)).paramMasking(ParamMasking.EVERY_ITERATION).build();
        PruningConfig back = PruningConfig.fromJson(c.toJson());
        assertEquals(c, back);
        assertEquals(c.schedule(), back.schedule());
        assertEquals(c.criterion(), back.criterion());
        assertEquals(c.scope(), back.scope());
        assertEquals(c.minLayerDensity(), back.minLayerDensity(), 0.0);
        assertEquals(c.layers(), back.layers());
        assertEquals(c.l1(), back.l1());
        assertEquals(c.seed(), back.seed());
        assertEquals(c.layerSettings(), back.layerSettings());
        assertEquals(c.rewind(), back.rewind());
        assertEquals(ParamMasking.EVERY_ITERATION, back.paramMasking());
        assertTrue(c.toString().endsWith(", paramMasking=EVERY_ITERATION)"), c.toString());
        assertEquals(c.toString(), back.toString());
        assertEquals(c, c.toBuilder().build());
        PruningConfig constantL1 = PruningConfig.builder().schedule(new ConstantSchedule()).l1(2e-4).build();
        assertEquals(constantL1, PruningConfig.fromJson(constantL1.toJson()));
    }

    @Test
    void paramMaskingIsNeverNullAndAFileWithoutItReadsAuto() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PruningConfig.builder().paramMasking(null));
        assertTrue(e.getMessage().startsWith("paramMasking"), e.getMessage());
        PruningConfig c = PruningConfig.builder().schedule(new ConstantSchedule()).build();
        String json = c.toJson().replaceFirst(",\\s*\"paramMasking\"\\s*:\\s*\"AUTO\"", "");
        org.junit.jupiter.api.Assertions.assertFalse(json.contains("paramMasking"), json);
        assertEquals(c, PruningConfig.fromJson(json));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PruningConfig.fromJson(
                c.toJson().replace("\"AUTO\"", "\"SOMETIMES\""))).getMessage().contains("SOMETIMES"));
    }

    @Test
    void aFileWithoutSeedReadsTheBuildersDefaultSeed() {
        PruningConfig c = PruningConfig.builder().schedule(new ConstantSchedule()).build();
        String json = c.toJson().replaceFirst("\"seed\"\\s*:\\s*42\\s*,?", "");
        org.junit.jupiter.api.Assertions.assertFalse(json.contains("\"seed\""), json);
        assertEquals(PruningConfig.DEFAULT_SEED, PruningConfig.fromJson(json).seed());
        assertEquals(c, PruningConfig.fromJson(json));
    }

    @Test
    void jsonPathValidatesLikeTheBuilder() {
        String json = PruningConfig.builder().schedule(new OneShotSchedule(0, 0.1)).build().toJson()
                .replace("\"minLayerDensity\" : 0.0", "\"minLayerDensity\" : 0.5");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PruningConfig.fromJson(json));
        assertTrue(e.getMessage().contains("minLayerDensity (0.5) must be <= the schedule's final density (0.1)"),
                e.getMessage());
    }

    @Test
    void nullOrBlankLayerNamesAreRefusedAtTheCall() {
        // before: an NPE without message from build()
        assertEquals("includeLayers name 0 (null) must be a non-blank layer name, e.g. \"layer0\"",
                assertThrows(IllegalArgumentException.class, () -> PruningConfig.builder().includeLayers((String) null))
                        .getMessage());
        assertEquals("excludeLayers name 1 (null) must be a non-blank layer name, e.g. \"layer0\"",
                assertThrows(IllegalArgumentException.class, () -> PruningConfig.builder().excludeLayers("a", null))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PruningConfig.builder()
                .includeLayers((String[]) null)).getMessage().startsWith("includeLayers (null) must be layer names"));
        assertEquals("excludeLayers index (-1) must be >= 0", assertThrows(IllegalArgumentException.class,
                () -> PruningConfig.builder().excludeLayers(-1)).getMessage());
    }

    @Test
    void iterationDrivenL1SchedulesAreRefused() {
        // before: accepted, then read as valueAt(0, epoch) for ever
        Map<Integer, Double> m = new TreeMap<>();
        m.put(0, 1e-4);
        m.put(100, 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PruningConfig.builder().l1(new MapSchedule(ScheduleType.ITERATION, m)));
        assertTrue(e.getMessage().startsWith("l1 (MapSchedule with ScheduleType.ITERATION) must be an epoch-driven "
                + "schedule"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PruningConfig.builder()
                .l1(new org.nd4j.linalg.schedule.RampSchedule(new org.nd4j.linalg.schedule.FixedSchedule(1e-3), 10)))
                .getMessage().startsWith("l1 (RampSchedule) must not depend on the iteration"));
        // the same values per epoch are fine
        PruningConfig c = PruningConfig.builder().schedule(new ConstantSchedule())
                .l1(new MapSchedule(ScheduleType.EPOCH, m)).build();
        assertEquals(1e-4, c.l1().orElseThrow().valueAt(0, 99), 0.0);
        // and the JSON path refuses what the builder refuses
        String json = c.toJson().replace("\"EPOCH\"", "\"ITERATION\"");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PruningConfig.fromJson(json)).getMessage()
                .contains("l1 (MapSchedule with ScheduleType.ITERATION) must be an epoch-driven schedule"));
    }

    @Test
    void jsonRefusesFloatsNullsAndTrailingTokensWhereTheyWereSilentlyAccepted() {
        String json = PruningConfig.builder().schedule(new OneShotSchedule(0, 0.1)).build().toJson();
        // before: "seed": 1.9 became 1, null became 0, trailing text was ignored
        assertEquals("invalid PruningConfig JSON: seed (1.9) must be a whole number (long): floats are not rounded, "
                + "write it without a fraction", assertThrows(IllegalArgumentException.class,
                        () -> PruningConfig.fromJson(json.replace("\"seed\" : 42", "\"seed\" : 1.9"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PruningConfig.fromJson(json.replace(
                "\"seed\" : 42", "\"seed\" : null"))).getMessage().startsWith("invalid PruningConfig JSON: seed: "
                        + "null must be an integer (long)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PruningConfig.fromJson(json + " []"))
                .getMessage().contains("Trailing token"));
        // an integer where a floating-point number is expected still reads
        assertEquals(PruningConfig.fromJson(json), PruningConfig.fromJson(json.replace("\"minLayerDensity\" : 0.0",
                "\"minLayerDensity\" : 0")));
    }
}
