package io.github.dl4jpruning.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.criterion.Criterion;
import io.github.dl4jpruning.criterion.MagnitudeCriterion;
import io.github.dl4jpruning.criterion.ScoringInput;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Golden values on a hand-made flat vector: W0 (3x2, 6 weights) at offset 0, a bias of 2 at 6..7, W1
 * (2x2, 4 weights) at offset 8, a bias of 2 at 12..13. The expected masks were worked out by hand
 * from the magnitudes (see each test).
 */
class MaskUpdaterTest {

    private static final float[] PARAMS = {
        0.5f, -0.1f, 0.3f, -0.3f, 0.05f, 0.9f,   // W0
        7f, -7f,                                  // b0 (never pruned)
        0.2f, -0.05f, 0.3f, 0.1f,                 // W1
        -8f, 8f                                   // b1
    };
    private static final PrunableParam W0 = new PrunableParam("layer0", 0, "W", "DenseLayer", 0, new long[] {3, 2}, 'f');
    private static final PrunableParam W1 = new PrunableParam("layer1", 1, "W", "OutputLayer", 8, new long[] {2, 2}, 'f');

    private static MaskState state() {
        return MaskState.allocate(List.of(W0, W1), PARAMS.length, DataType.FLOAT);
    }

    @Test
    void globalRankingWithATieAtTheThreshold() {
        // |w| sorted: .05(W0[4]) .05(W1[1]) .1(W0[1]) .1(W1[3]) .2(W1[0]) | .3(W0[2]) .3(W0[3]) .3(W1[2]) .5 .9
        // density 0.4 keeps 4 of 10: prune 6 = the five smallest plus the first .3 (lowest index: W0[2]).
        MaskState s = state();
        MaskUpdater.update(Nd4j.createFromArray(PARAMS), null, 0, s, new MagnitudeCriterion(), Scope.GLOBAL, 0.0, 0.4);
        assertArrayEquals(new float[] {1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1}, s.mask().toFloatVector(), 0f);
    }

    @Test
    void localRankingPrunesEveryLayerToTheSameDensity() {
        // W0 keeps 3 of 6: .9, .5 and one .3 (W0[3]; W0[2] has the lower index and goes); W1 keeps .3 and .2.
        MaskState s = state();
        MaskUpdater.update(Nd4j.createFromArray(PARAMS), null, 0, s, new MagnitudeCriterion(), Scope.LOCAL, 0.0, 0.5);
        assertArrayEquals(new float[] {1, 0, 0, 1, 0, 1, 1, 1, 1, 0, 1, 0, 1, 1}, s.mask().toFloatVector(), 0f);
    }

    @Test
    void floorHoldsALayerAndTheOthersPayForIt() {
        // Global at 0.2 keeps 2 of 10: .9 and .5, both in W0, so W1 would collapse. Floor 0.15 means
        // ceil(0.15 * 4) = 1 weight of W1 (its largest, .3 at W1[2]) and ceil(0.15 * 6) = 1 of W0; the
        // budget's other weight stays in W0 (.9).
        MaskState s = state();
        MaskUpdater.Result r = MaskUpdater.update(Nd4j.createFromArray(PARAMS), null, 0, s, new MagnitudeCriterion(),
                Scope.GLOBAL, 0.15, 0.2);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1}, s.mask().toFloatVector(), 0f);
        assertEquals(List.of("layer1_W"), r.floorEngaged());
        assertEquals(1L, r.keptPerParam().get("layer0_W"));
        assertEquals(1L, r.keptPerParam().get("layer1_W"));
    }

    @Test
    void floorsThatCannotAllFitTheBudgetWinOverTheTarget() {
        // Floor 0.2: W0 needs ceil(1.2) = 2, W1 needs ceil(0.8) = 1: three weights for a budget of two.
        MaskState s = state();
        MaskUpdater.Result r = MaskUpdater.update(Nd4j.createFromArray(PARAMS), null, 0, s, new MagnitudeCriterion(),
                Scope.GLOBAL, 0.2, 0.2);
        assertEquals(2L, r.keptPerParam().get("layer0_W"));
        assertEquals(1L, r.keptPerParam().get("layer1_W"));
    }

    @Test
    void alreadyPrunedWeightsStayPrunedEvenIfLarge() {
        MaskState s = state();
        MaskState.segment(s.mask(), W0).putScalar(5, 0f);   // the largest weight, .9, already pruned
        MaskUpdater.update(Nd4j.createFromArray(PARAMS), null, 0, s, new MagnitudeCriterion(), Scope.GLOBAL, 0.0, 0.5);
        assertEquals(0f, s.mask().getFloat(5), 0f);
        assertEquals(5, MaskState.segment(s.mask(), W0).sumNumber().intValue() + MaskState.segment(s.mask(), W1)
                .sumNumber().intValue());
    }

    @Test
    void rejectsBadInput() {
        INDArray p = Nd4j.createFromArray(PARAMS);
        MagnitudeCriterion c = new MagnitudeCriterion();
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MaskUpdater.update(p, null, 0, state(), c, Scope.GLOBAL, 0.0, 1.5)).getMessage()
                .startsWith("targetDensity (1.5) must be in (0, 1]"));
        assertEquals("minLayerDensity (-0.1) must be in [0, 1]", assertThrows(IllegalArgumentException.class,
                () -> MaskUpdater.update(p, null, 0, state(), c, Scope.GLOBAL, -0.1, 0.5)).getMessage());
        Criterion needsGrads = new Criterion() {
            @Override
            public void score(ScoringInput input, INDArray out) {
                out.assign(input.weights());
            }

            @Override
            public boolean needsGradients() {
                return true;
            }
        };
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MaskUpdater.update(p, null, 0, state(), needsGrads, Scope.GLOBAL, 0.0, 0.5)).getMessage()
                .contains("needs accumulated gradients"));
    }

    @Test
    void nonzeroCountIsExact() {
        assertEquals(6, MaskUpdater.nonzeroCount(Nd4j.createFromArray(PARAMS), W0));
        INDArray p = Nd4j.createFromArray(PARAMS);
        p.putScalar(9, -0.0f);
        assertEquals(3, MaskUpdater.nonzeroCount(p, W1), "-0.0 counts as zero");
    }
}
