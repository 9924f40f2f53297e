package io.github.dl4jpruning.criterion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.internal.Json;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every criterion: shape, finiteness, determinism, untouched input, JSON, and its gradient needs. */
class CriterionContractTest {

    static Stream<Criterion> criteria() {
        return Stream.of(new MagnitudeCriterion(), new TaylorCriterion(), new SnipCriterion(), new RandomCriterion(3));
    }

    private static ScoringInput input() {
        INDArray w = Nd4j.createFromArray(0.5f, -0.25f, 0f, -3f, 1f, 2f);
        INDArray g = Nd4j.createFromArray(1f, 2f, 5f, -0.5f, 0f, 0.25f);
        return new ScoringInput(w, g, 2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("criteria")
    void scoresAreFiniteNonNegativeDeterministicAndLeaveTheInputAlone(Criterion c) {
        ScoringInput in = input();
        float[] w = in.weights().toFloatVector();
        float[] g = in.accumulatedGradients().orElseThrow().toFloatVector();
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, 6);
        INDArray b = Nd4j.createUninitialized(DataType.FLOAT, 6);
        c.score(in, a);
        c.score(in, b);
        assertArrayEquals(a.toFloatVector(), b.toFloatVector(), 0f, "deterministic");
        for (float v : a.toFloatVector()) {
            assertTrue(Float.isFinite(v) && v >= 0f, c + " gave " + v);
        }
        assertArrayEquals(w, in.weights().toFloatVector(), 0f);
        assertArrayEquals(g, in.accumulatedGradients().orElseThrow().toFloatVector(), 0f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("criteria")
    void jsonRoundTripsEqualAndToStringNamesIt(Criterion c) {
        assertEquals(c, Json.read(Json.write(c), Criterion.class));
        assertTrue(c.toString().startsWith(c.getClass().getSimpleName()), c.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("criteria")
    void gradientCriteriaRefuseToScoreWithoutGradients(Criterion c) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, 6);
        ScoringInput weightsOnly = ScoringInput.ofWeights(input().weights());
        if (c.needsGradients()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.score(weightsOnly, out));
            assertTrue(e.getMessage().startsWith("criterion " + c + " needs accumulated gradients"), e.getMessage());
        } else {
            c.score(weightsOnly, out);
        }
    }

    @Test
    void taylorIsAbsoluteWeightTimesMeanGradient() {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, 6);
        new TaylorCriterion().score(input(), out);
        // |w * g / 2| computed by hand for w = (0.5, -0.25, 0, -3, 1, 2), g = (1, 2, 5, -0.5, 0, 0.25)
        assertArrayEquals(new float[] {0.25f, 0.25f, 0f, 0.75f, 0f, 0.25f}, out.toFloatVector(), 1e-7f);
        assertTrue(new TaylorCriterion().needsGradients());
        assertEquals("gradientBatches (0) must be >= 1 for TaylorCriterion(|w*g|)", assertThrows(
                IllegalArgumentException.class, () -> new TaylorCriterion().score(new ScoringInput(input().weights(),
                        input().accumulatedGradients().orElseThrow(), 0), out)).getMessage());
    }

    @Test
    void snipIsNormalizedConnectionSensitivity() {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, 6);
        new SnipCriterion().score(input(), out);
        // |g * w| = (0.5, 0.5, 0, 1.5, 0, 0.5), sum 3
        assertArrayEquals(new float[] {1f / 6, 1f / 6, 0f, 0.5f, 0f, 1f / 6}, out.toFloatVector(), 1e-7f);
        assertEquals(1.0, out.sumNumber().doubleValue(), 1e-6);
    }

    @Test
    void randomDependsOnTheSeedOnly() {
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, 1000);
        INDArray b = Nd4j.createUninitialized(DataType.FLOAT, 1000);
        INDArray c = Nd4j.createUninitialized(DataType.FLOAT, 1000);
        new RandomCriterion(5).score(ScoringInput.ofWeights(Nd4j.ones(DataType.FLOAT, 1000)), a);
        new RandomCriterion(5).score(ScoringInput.ofWeights(Nd4j.rand(DataType.FLOAT, 1000)), b);
        new RandomCriterion(6).score(ScoringInput.ofWeights(Nd4j.ones(DataType.FLOAT, 1000)), c);
        assertArrayEquals(a.toFloatVector(), b.toFloatVector(), 0f);
        assertFalse(java.util.Arrays.equals(a.toFloatVector(), c.toFloatVector()));
        assertTrue(a.minNumber().doubleValue() >= 0 && a.maxNumber().doubleValue() < 1);
        assertEquals(0.5, a.meanNumber().doubleValue(), 0.05, "uniform in [0, 1)");
        assertEquals(5L, new RandomCriterion(5).seed().getAsLong());
    }
}
