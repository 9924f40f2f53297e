package io.github.dl4jpruning.nn.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.internal.Json;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.testing.LargestFirstCriterion;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LayerPruningTest {

    @Test
    void defaultsOverrideNothing() {
        LayerPruning d = LayerPruning.builder().build();
        assertTrue(d.targetDensity().isEmpty());
        assertTrue(d.minDensity().isEmpty());
        assertTrue(d.criterion().isEmpty());
        assertEquals(Granularity.UNSTRUCTURED, d.granularity());
        assertEquals(List.of(), d.excludedParams());
        assertTrue(d.isDefault());
        assertEquals(LayerPruning.DEFAULTS, d);
        assertFalse(LayerPruning.builder().targetDensity(0.5).build().isDefault());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.5, 1.5, Double.NaN})
    void rejectsTargetsOutsideZeroOne(double t) {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LayerPruning.builder().targetDensity(t))
                .getMessage().startsWith("targetDensity (" + t + ") must be in (0, 1]"));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.1, Double.NaN})
    void rejectsFloorsOutsideUnitInterval(double f) {
        assertEquals("minDensity (" + f + ") must be in [0, 1]", assertThrows(IllegalArgumentException.class,
                () -> LayerPruning.builder().minDensity(f)).getMessage());
    }

    @Test
    void rejectsAFloorAboveTheTargetAndBlankKeys() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LayerPruning.builder().targetDensity(0.1)
                .minDensity(0.2).build()).getMessage().startsWith("minDensity (0.2) must be <= targetDensity (0.1)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LayerPruning.builder().excludeParams(" ")
                .build()).getMessage().startsWith("excludedParams ([ ]) must hold non-blank parameter keys"));
        assertEquals("criterion must not be null", assertThrows(IllegalArgumentException.class,
                () -> LayerPruning.builder().criterion(null)).getMessage());
    }

    @Test
    void jsonRoundTripsEqualOnEveryField() {
        LayerPruning full = LayerPruning.builder().targetDensity(0.1).minDensity(0.05)
                .criterion(new LargestFirstCriterion()).granularity(Granularity.UNSTRUCTURED).excludeParams("RW")
                .build();
        LayerPruning back = Json.read(Json.write(full), LayerPruning.class);
        assertEquals(full, back);
        assertEquals(0.1, back.targetDensity().getAsDouble(), 0.0);
        assertEquals(0.05, back.minDensity().getAsDouble(), 0.0);
        assertEquals(new LargestFirstCriterion(), back.criterion().get());
        assertEquals(List.of("RW"), back.excludedParams());
        assertEquals(LayerPruning.DEFAULTS, Json.read(Json.write(LayerPruning.DEFAULTS), LayerPruning.class));
        assertEquals(full, full.toBuilder().build());
        assertFalse(Json.write(full).contains("default"), "derived properties are not stored: " + Json.write(full));
    }
}
