package io.github.dl4jpruning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link OverheadResult}: medians and ratio. */
class OverheadResultTest {

    private static final Environment ENV = new Environment("CPU", 1, "17", "1.0.0-M2.1", "Linux");
    private static final OverheadParams PARAMS = new OverheadParams("lenet-300-100", 0, 0, 3, 0.1, 42, 128, 1, false, "/data",
            null, false);

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, OverheadResult.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, OverheadResult.median(List.of(4.0, 1.0, 2.0, 3.0)));
        assertEquals(7.0, OverheadResult.median(List.of(7.0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OverheadResult.median(List.of()));
        assertEquals("values ([]) must hold at least one value to take a median", e.getMessage());
    }

    @Test
    void ratioIsMaskedMedianOverPlainMedian() {
        OverheadResult r = OverheadResult.of(PARAMS, ENV, List.of(2.0, 10.0, 4.0), List.of(3.0, 5.0, 40.0),
                List.of(0.5, 0.25, 0.125));
        assertEquals(4.0, r.plainEpochSeconds());
        assertEquals(5.0, r.maskedEpochSeconds());
        assertEquals(1.25, r.ratio());
        assertEquals(List.of(2.0, 10.0, 4.0), r.plainEpochs());
        assertEquals("overhead", r.protocol());
        assertEquals("lenet-300-100", r.model());
        assertEquals(0.25, r.hookEpochSeconds());
        assertEquals(5.0 / 4.75, r.hookRatio(), 1e-15);
        assertEquals(List.of(0.5, 0.25, 0.125), r.hookEpochs());
    }

    @Test
    void badValuesAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new OverheadResult("imp", "m", PARAMS, ENV, 1, 1, 1, List.of(1.0), List.of(1.0), 0, 1,
                        List.of(0.0)));
        assertThrows(IllegalArgumentException.class,
                () -> new OverheadResult("overhead", "m", PARAMS, ENV, 1, 1, 1, List.of(), List.of(1.0), 0, 1,
                        List.of(0.0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OverheadParams("lenet-300-100", 0, 0, 0, 0.1, 42, 128, 1, false, "/data", null, false));
        assertEquals("epochs (0) must be >= 1: measured epochs of each kind, e.g. --epochs 3 (more give a steadier "
                + "median)", e.getMessage());
    }
}
