package io.github.dl4jpruning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link ModelKind}: command-line names. */
class ModelKindTest {

    @Test
    void unknownNamesAreRejectedListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelKind.fromId("vgg"));
        assertEquals("model (vgg) must be one of lenet-300-100, lenet-5", e.getMessage());
    }

    @Test
    void namesRoundTripCaseInsensitively() {
        for (ModelKind k : ModelKind.values()) {
            assertEquals(k, ModelKind.fromId(k.id()));
            assertEquals(k, ModelKind.fromId(k.id().toUpperCase(java.util.Locale.ROOT)));
            assertEquals(k.id(), k.toString());
        }
        assertEquals("lenet-300-100, lenet-5", ModelKind.ids());
    }
}
