package io.github.dl4jpruning.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.internal.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerSelectionTest {

    @Test
    void rejectsBlankNamesNegativeIndicesAndContradictions() {
        assertEquals("layer name (\" \") must not be blank", assertThrows(IllegalArgumentException.class,
                () -> new LayerSelection(List.of(" "), List.of(), List.of(), List.of())).getMessage());
        assertEquals("layer index (-1) must be >= 0", assertThrows(IllegalArgumentException.class,
                () -> new LayerSelection(List.of(), List.of(), List.of(), List.of(-1))).getMessage());
        assertEquals("layer name (\"a\") is both included and excluded", assertThrows(IllegalArgumentException.class,
                () -> new LayerSelection(List.of("a"), List.of(), List.of("a"), List.of())).getMessage());
    }

    @Test
    void matchesByNameOrIndex() {
        LayerSelection s = new LayerSelection(List.of("d1"), List.of(2), List.of(), List.of(0));
        assertTrue(s.hasIncludes());
        assertTrue(s.includes(5, "d1"));
        assertTrue(s.includes(2, "x"));
        assertFalse(s.includes(3, "x"));
        assertTrue(s.excludes(0, "y"));
        assertFalse(LayerSelection.ALL.hasIncludes());
    }

    @Test
    void jsonRoundTripsEqual() {
        LayerSelection s = new LayerSelection(List.of("a", "b"), List.of(3), List.of("c"), List.of(7, 8));
        assertEquals(s, Json.read(Json.write(s), LayerSelection.class));
    }
}
