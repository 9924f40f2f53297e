package io.github.dl4jpruning.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.internal.Json;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class OneShotScheduleTest {

    @Test
    void rejectsBadInput() {
        assertEquals("atEpoch (-2) must be >= 0",
                assertThrows(IllegalArgumentException.class, () -> new OneShotSchedule(-2, 0.5)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new OneShotSchedule(0, 0.0))
                .getMessage().startsWith("targetDensity (0.0) must be in (0, 1]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new OneShotSchedule(0, 1.0))
                .getMessage().contains("prunes nothing"));
    }

    @Test
    void prunesOnceAtItsEpoch() {
        OneShotSchedule s = new OneShotSchedule(3, 0.1);
        assertFalse(s.decide(new ScheduleContext(2, 0, 1.0)).updateMasks());
        assertEquals(ScheduleDecision.pruneTo(0.1), s.decide(new ScheduleContext(3, 0, 1.0)));
        assertFalse(s.decide(new ScheduleContext(4, 1, 0.1)).updateMasks());
        assertEquals(OptionalDouble.of(0.1), s.finalDensity());
    }

    @Test
    void jsonRoundTripsEqual() {
        OneShotSchedule s = new OneShotSchedule(0, 0.25);
        assertEquals(s, Json.read(Json.write(s), PruningSchedule.class));
    }

    @Test
    void theLatestEpochNeitherLoopsNorOverflows() {
        // checked for the class of problem of IterativeSchedule.rounds(): a one-shot schedule counts nothing
        OneShotSchedule s = new OneShotSchedule(Integer.MAX_VALUE, 0.5);
        assertFalse(s.decide(new ScheduleContext(Integer.MAX_VALUE - 1, 0, 1.0)).updateMasks());
        assertTrue(s.decide(new ScheduleContext(Integer.MAX_VALUE, 0, 1.0)).updateMasks());
    }
}
