package io.github.dl4jpruning.criterion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.internal.Json;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MagnitudeCriterionTest {

    @Test
    void scoresAreAbsoluteValuesAndInputIsUntouched() {
        INDArray w = Nd4j.createFromArray(0.5f, -0.25f, 0f, -3f);
        INDArray out = Nd4j.createUninitialized(w.dataType(), 4);
        new MagnitudeCriterion().score(ScoringInput.ofWeights(w), out);
        assertArrayEquals(new float[] {0.5f, 0.25f, 0f, 3f}, out.toFloatVector(), 0f);
        assertArrayEquals(new float[] {0.5f, -0.25f, 0f, -3f}, w.toFloatVector(), 0f);
        assertFalse(new MagnitudeCriterion().needsGradients());
    }

    @Test
    void scoringInputRejectsMismatchedGradients() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ScoringInput(Nd4j.zeros(4), Nd4j.zeros(3), 1));
        assertEquals("accumulatedGradients length (3) must equal weights length (4)", e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ScoringInput(null, null, 0))
                .getMessage().contains("weights"));
        assertEquals("gradientBatches (-1) must be >= 0", assertThrows(IllegalArgumentException.class,
                () -> new ScoringInput(Nd4j.zeros(2), null, -1)).getMessage());
    }

    @Test
    void jsonRoundTripsEqual() {
        assertEquals(new MagnitudeCriterion(), Json.read(Json.write(new MagnitudeCriterion()), Criterion.class));
    }
}
