package io.github.dl4jpruning.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.internal.Json;
import org.junit.jupiter.api.Test;

class ConstantScheduleTest {

    @Test
    void neverUpdatesAndHasNoFinalDensity() {
        ConstantSchedule s = new ConstantSchedule();
        for (int e = 0; e < 5; e++) {
            ScheduleDecision d = s.decide(new ScheduleContext(e, 0, 0.3));
            assertFalse(d.updateMasks());
            assertEquals(0.3, d.targetDensity(), 0.0);
        }
        assertTrue(s.finalDensity().isEmpty());
    }

    @Test
    void contextAndDecisionRejectBadValues() {
        assertEquals("epochsCompleted (-1) must be >= 0",
                assertThrows(IllegalArgumentException.class, () -> new ScheduleContext(-1, 0, 1.0)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ScheduleContext(0, 0, 0.0))
                .getMessage().startsWith("currentDensity (0.0) must be in (0, 1]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ScheduleDecision.pruneTo(Double.NaN))
                .getMessage().startsWith("targetDensity (NaN) must be in (0, 1]"));
    }

    @Test
    void jsonRoundTripsEqual() {
        assertEquals(new ConstantSchedule(), Json.read(Json.write(new ConstantSchedule()), PruningSchedule.class));
    }
}
