package io.github.dl4jpruning.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ChecksTest {

    @Test
    void messagesNameFieldValueAndRange() {
        assertEquals("d (1.2) must be in (0, 1]: a density is the share of weights kept (1.0 = dense, 0.1 = 90% pruned)",
                assertThrows(IllegalArgumentException.class, () -> Checks.density("d", 1.2)).getMessage());
        assertEquals("u (NaN) must be in [0, 1]",
                assertThrows(IllegalArgumentException.class, () -> Checks.unitInterval("u", Double.NaN)).getMessage());
        assertEquals("n (3) must be >= 4",
                assertThrows(IllegalArgumentException.class, () -> Checks.atLeast("n", 3, 4)).getMessage());
        assertEquals("x must not be null",
                assertThrows(IllegalArgumentException.class, () -> Checks.notNull("x", null)).getMessage());
    }

    @Test
    void acceptsBoundaries() {
        assertEquals(1.0, Checks.density("d", 1.0), 0.0);
        assertEquals(0.0, Checks.unitInterval("u", 0.0), 0.0);
        assertEquals(0.5, Checks.rate("r", 0.5), 0.0);
        assertEquals(0.0, Checks.nonNegative("l", 0.0), 0.0);
    }
}
