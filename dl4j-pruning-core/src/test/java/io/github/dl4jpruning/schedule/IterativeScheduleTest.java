package io.github.dl4jpruning.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.internal.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IterativeScheduleTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1.0, 1.5, -0.5, Double.NaN})
    void rejectsRatesOutsideTheOpenUnitInterval(double rate) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new IterativeSchedule(5, rate, 1, 0.02));
        assertEquals("rate (" + rate + ") must be in (0, 1): a pruning rate is the share of the remaining weights "
                + "removed per round (0 would remove nothing, 1 everything)", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.1, 1.01, Double.NaN})
    void rejectsTargetDensitiesOutsideZeroOne(double d) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new IterativeSchedule(5, 0.5, 1, d));
        assertTrue(e.getMessage().startsWith("targetDensity (" + d + ") must be in (0, 1]"), e.getMessage());
    }

    @Test
    void rejectsATargetThatPrunesNothingAndBadCounts() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new IterativeSchedule(5, 0.5, 1, 1.0))
                .getMessage().contains("prunes nothing"));
        assertEquals("startEpoch (-1) must be >= 0", assertThrows(IllegalArgumentException.class,
                () -> new IterativeSchedule(-1, 0.5, 1, 0.1)).getMessage());
        assertEquals("frequency (0) must be >= 1", assertThrows(IllegalArgumentException.class,
                () -> new IterativeSchedule(1, 0.5, 0, 0.1)).getMessage());
    }

    @Test
    void defaultProtocolRoundsLandExactlyOnTheTarget() {
        // docs/BENCHMARK.md defaults: 0.5^r until 0.02; 0.5^6 = 0.015625 < 0.02, so round 6 stops at 0.02.
        IterativeSchedule s = new IterativeSchedule(5, 0.5, 1, 0.02);
        double[] want = {0.5, 0.25, 0.125, 0.0625, 0.03125, 0.02};
        for (int r = 1; r <= want.length; r++) {
            assertEquals(want[r - 1], s.densityAtRound(r), 0.0);
        }
        assertEquals(6, s.rounds());
    }

    @Test
    void decidesOnRoundEpochsOnly() {
        IterativeSchedule s = new IterativeSchedule(2, 0.5, 3, 0.2);
        assertFalse(s.decide(new ScheduleContext(0, 0, 1.0)).updateMasks());
        assertFalse(s.decide(new ScheduleContext(1, 0, 1.0)).updateMasks());
        assertEquals(ScheduleDecision.pruneTo(0.5), s.decide(new ScheduleContext(2, 0, 1.0)));
        assertFalse(s.decide(new ScheduleContext(3, 1, 0.5)).updateMasks());
        assertFalse(s.decide(new ScheduleContext(4, 1, 0.5)).updateMasks());
        assertEquals(ScheduleDecision.pruneTo(0.25), s.decide(new ScheduleContext(5, 1, 0.5)));
        assertEquals(ScheduleDecision.pruneTo(0.2), s.decide(new ScheduleContext(8, 2, 0.25)));
        assertFalse(s.decide(new ScheduleContext(11, 3, 0.2)).updateMasks(), "target reached: done");
    }

    @Test
    void jsonRoundTripsEqual() {
        IterativeSchedule s = new IterativeSchedule(3, 0.3, 2, 0.05);
        PruningSchedule back = Json.read(Json.write(s), PruningSchedule.class);
        assertEquals(s, back);
        assertEquals(s.toString(), back.toString());
        assertEquals("IterativeSchedule(startEpoch=3, rate=0.3, frequency=2, targetDensity=0.05)", s.toString());
    }

    @Test
    void jsonPathValidates() {
        String bad = "{\"@class\":\"io.github.dl4jpruning.schedule.IterativeSchedule\",\"startEpoch\":1,"
                + "\"rate\":1.5,\"frequency\":1,\"targetDensity\":0.1}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Json.read(bad, PruningSchedule.class));
        assertTrue(e.getMessage().contains("rate (1.5) must be in (0, 1)"), e.getMessage());
    }

    @Test
    void aScheduleNeedingMoreThanMaxRoundsIsRefusedWhenBuilt() {
        // before: rounds() counted to int overflow (42 s, then a stack trace) for rate 1e-12
        long start = System.nanoTime();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new IterativeSchedule(5, 1e-12, 1, 0.02));
        assertTrue(System.nanoTime() - start < 1e9, "refused at once");
        assertTrue(e.getMessage().startsWith("rate (1.0E-12) and targetDensity (0.02) need 3912023004427 rounds, "
                + "which must be at most 1000: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("raise rate (e.g. 0.2 reaches 0.02 in 18 rounds) or targetDensity"),
                e.getMessage());
        // 1 - rate == 1.0 in double: the count is estimated, not looped
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new IterativeSchedule(0, 1e-300, 1, 0.5))
                .getMessage().contains("need about 6.93"));
        String json = "{\"@class\":\"io.github.dl4jpruning.schedule.IterativeSchedule\",\"startEpoch\":1,"
                + "\"rate\":0.001,\"frequency\":1,\"targetDensity\":0.02}";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Json.read(json, PruningSchedule.class))
                .getMessage().contains("rate (0.001) and targetDensity (0.02) need 3911 rounds"));
    }

    @Test
    void upToMaxRoundsAreAccepted() {
        // 0.99^999 = 4.3607e-5 > 4.32e-5 >= 0.99^1000 = 4.3171e-5: exactly 1000 rounds
        IterativeSchedule s = new IterativeSchedule(0, 0.01, 1, 4.32e-5);
        assertEquals(IterativeSchedule.MAX_ROUNDS, s.rounds());
        assertEquals(4.32e-5, s.densityAtRound(1000), 0.0);
        assertTrue(s.densityAtRound(999) > 4.32e-5);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new IterativeSchedule(0, 0.01, 1, 4.32e-5 * 0.99))
                .getMessage().contains("need 1001 rounds"));
    }
}
