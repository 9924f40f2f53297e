package io.github.dl4jpruning.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.internal.Json;
import org.junit.jupiter.api.Test;

class GradualScheduleTest {

    /** Zhu and Gupta's formula in their sparsity terms: s_t = s_f + (s_i - s_f)(1 - (t - t0)/(n dt))^3. */
    private static double paperSparsity(double si, double sf, long t0, long ndt, long t) {
        return sf + (si - sf) * Math.pow(1.0 - (double) (t - t0) / ndt, 3);
    }

    @Test
    void densityFollowsThePaperAtEveryStep() {
        GradualSchedule s = new GradualSchedule(1.0, 0.1, 2, 12, 2, GradualSchedule.Unit.EPOCH);
        for (long t = 2; t <= 12; t++) {
            assertEquals(1.0 - paperSparsity(0.0, 0.9, 2, 10, t), s.densityAt(t), 1e-12, "step " + t);
        }
        assertEquals(1.0, s.densityAt(0), 0.0);
        assertEquals(0.1, s.densityAt(99), 0.0);
        // golden: t = 7 is half way: d = 0.1 + 0.9 * 0.5^3 = 0.2125
        assertEquals(0.2125, s.densityAt(7), 1e-12);
    }

    @Test
    void prunesAtBeginEveryFrequencyStepsAndAtEnd() {
        GradualSchedule s = new GradualSchedule(0.8, 0.2, 1, 8, 3, GradualSchedule.Unit.EPOCH);
        assertFalse(s.decide(new ScheduleContext(0, 0, 1.0)).updateMasks(), "before begin");
        assertEquals(ScheduleDecision.pruneTo(0.8), s.decide(new ScheduleContext(1, 0, 1.0)));
        assertFalse(s.decide(new ScheduleContext(2, 1, 0.8)).updateMasks());
        assertEquals(ScheduleDecision.pruneTo(s.densityAt(4)), s.decide(new ScheduleContext(4, 1, 0.8)));
        assertEquals(ScheduleDecision.pruneTo(s.densityAt(7)), s.decide(new ScheduleContext(7, 2, s.densityAt(4))));
        assertEquals(ScheduleDecision.pruneTo(0.2), s.decide(new ScheduleContext(8, 3, s.densityAt(7))), "end");
        assertFalse(s.decide(new ScheduleContext(9, 4, 0.2)).updateMasks(), "after end: fine-tune");
        assertFalse(s.decide(new ScheduleContext(8, 4, 0.2)).updateMasks(), "never up again");
        assertFalse(s.decidesPerIteration());
    }

    @Test
    void iterationUnitReadsTheIterationCount() {
        GradualSchedule s = new GradualSchedule(1.0, 0.5, 10, 20, 5, GradualSchedule.Unit.ITERATION);
        assertTrue(s.decidesPerIteration());
        assertFalse(s.decide(new ScheduleContext(3, 0, 1.0, 9)).updateMasks());
        assertEquals(ScheduleDecision.pruneTo(s.densityAt(15)), s.decide(new ScheduleContext(0, 0, 1.0, 15)));
        assertEquals(0.5 + 0.5 * 0.125, s.densityAt(15), 1e-12);
    }

    @Test
    void rejectsBadInputs() {
        assertEquals("begin (-1) must be >= 0", assertThrows(IllegalArgumentException.class,
                () -> new GradualSchedule(1.0, 0.1, -1, 5, 1, GradualSchedule.Unit.EPOCH)).getMessage());
        assertEquals("end (3) must be > begin (3)", assertThrows(IllegalArgumentException.class,
                () -> new GradualSchedule(1.0, 0.1, 3, 3, 1, GradualSchedule.Unit.EPOCH)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GradualSchedule(1.0, 0.1, 0, 5, 0,
                GradualSchedule.Unit.EPOCH)).getMessage().startsWith("frequency (0) must be in [1, end - begin = 5]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GradualSchedule(0.1, 0.5, 0, 5, 1,
                GradualSchedule.Unit.EPOCH)).getMessage().startsWith("finalDensity (0.5) must be below initialDensity (0.1)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GradualSchedule(1.0, 0.0, 0, 5, 1,
                GradualSchedule.Unit.EPOCH)).getMessage().startsWith("finalDensity (0.0) must be in (0, 1]"));
        assertEquals("unit must not be null", assertThrows(IllegalArgumentException.class,
                () -> new GradualSchedule(1.0, 0.1, 0, 5, 1, null)).getMessage());
        assertEquals("iterationsCompleted (-1) must be >= 0", assertThrows(IllegalArgumentException.class,
                () -> new ScheduleContext(0, 0, 1.0, -1)).getMessage());
    }

    @Test
    void jsonRoundTripsEqual() {
        GradualSchedule s = new GradualSchedule(0.9, 0.05, 100, 1100, 50, GradualSchedule.Unit.ITERATION);
        assertEquals(s, Json.read(Json.write(s), PruningSchedule.class));
        assertEquals(0.05, s.finalDensity().getAsDouble(), 0.0);
        Rewind r = Rewind.toIteration(7);
        assertEquals(r, Json.read(Json.write(r), Rewind.class));
        assertEquals(Rewind.toInitialization(), new Rewind(0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Rewind(-2)).getMessage()
                .startsWith("iteration (-2) must be >= 0"));
    }

    @Test
    void anEpochScheduleMustEndWithinDl4jsIntEpochs() {
        // before: accepted, and never reached its final density (DL4J counts epochs in an int)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GradualSchedule(1.0, 0.1, 0, 3_000_000_000L, 1, GradualSchedule.Unit.EPOCH));
        assertTrue(e.getMessage().startsWith("end (3000000000) must be <= 2147483647 with unit EPOCH"), e.getMessage());
        // iterations are counted in a long: the same end is fine there, and the last epoch is fine too
        assertEquals(3_000_000_000L, new GradualSchedule(1.0, 0.1, 0, 3_000_000_000L, 1_000_000,
                GradualSchedule.Unit.ITERATION).end());
        assertEquals(0.1, new GradualSchedule(1.0, 0.1, 0, Integer.MAX_VALUE, 1, GradualSchedule.Unit.EPOCH)
                .decide(new ScheduleContext(Integer.MAX_VALUE, 0, 1.0)).targetDensity(), 0.0);
    }
}
