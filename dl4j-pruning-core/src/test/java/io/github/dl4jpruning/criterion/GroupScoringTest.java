package io.github.dl4jpruning.criterion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.internal.Json;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Criteria scoring groups of weights: the default reduction, several members, ablation, and the config seed. */
class GroupScoringTest {

    /** Two groups (rows) of three weights. */
    private static final float[][] W = {{3f, -4f, 0f}, {1f, 1f, -1f}};

    private static GroupScoringInput input(GroupScoringInput.Reduction r, INDArray... members) {
        return new GroupScoringInput(2, java.util.Arrays.stream(members).map(m -> new GroupScoringInput.Member(m, null))
                .toList(), 0, r, 0L, Optional.empty());
    }

    @Test
    void magnitudeGroupScoresAreTheGroupNorms() {
        INDArray w = Nd4j.createFromArray(W);
        // golden: L1 = |3|+|-4|+0 = 7 and 3; L2 = sqrt(9+16) = 5 and sqrt(3)
        assertArrayEquals(new float[] {7f, 3f}, new MagnitudeCriterion().scoreGroups(
                input(GroupScoringInput.Reduction.L1, w)).toFloatVector(), 1e-6f);
        assertArrayEquals(new float[] {5f, (float) Math.sqrt(3)}, new MagnitudeCriterion().scoreGroups(
                input(GroupScoringInput.Reduction.L2, w)).toFloatVector(), 1e-6f);
        assertArrayEquals(W[0], w.getRow(0).toFloatVector(), 0f, "the weights are not modified");
    }

    @Test
    void membersOfAGroupAddUp() {
        INDArray a = Nd4j.createFromArray(W);
        INDArray b = Nd4j.createFromArray(new float[][] {{1f}, {-2f}});
        assertArrayEquals(new float[] {8f, 5f}, new MagnitudeCriterion().scoreGroups(
                input(GroupScoringInput.Reduction.L1, a, b)).toFloatVector(), 1e-6f);
    }

    @Test
    void taylorGroupScoresSumWeightTimesMeanGradient() {
        INDArray w = Nd4j.createFromArray(W);
        INDArray g = Nd4j.createFromArray(new float[][] {{2f, 2f, 2f}, {0f, 4f, 4f}});
        GroupScoringInput in = new GroupScoringInput(2, List.of(new GroupScoringInput.Member(w, g)), 2,
                GroupScoringInput.Reduction.L1, 0L, Optional.empty());
        // golden: |3*1| + |-4*1| + 0 = 7; 0 + |1*2| + |-1*2| = 4
        assertArrayEquals(new float[] {7f, 4f}, new TaylorCriterion().scoreGroups(in).toFloatVector(), 1e-6f);
    }

    @Test
    void ablationScoresGroupsFromTheEnginesMeasurementOnly() {
        AblationCriterion c = new AblationCriterion();
        INDArray w = Nd4j.createFromArray(W);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.scoreGroups(
                input(GroupScoringInput.Reduction.L1, w))).getMessage()
                .startsWith("group score ABLATION needs held-out data"));
        GroupScoringInput measured = new GroupScoringInput(2, List.of(new GroupScoringInput.Member(w, null)), 0,
                GroupScoringInput.Reduction.L1, 0L, Optional.of(() -> Nd4j.createFromArray(0.25, -0.5)));
        assertArrayEquals(new double[] {0.25, -0.5}, c.scoreGroups(measured).toDoubleVector(), 0.0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.score(ScoringInput.ofWeights(w),
                w.ulike())).getMessage().contains("scores groups of weights (units), not single weights"));
        assertTrue(c.comparableAcrossLayers());
        assertEquals(c, Json.read(Json.write(c), Criterion.class));
        assertEquals(GroupScore.ABLATION.criterion(), c);
    }

    @Test
    void groupInputsRejectMismatchedShapes() {
        INDArray w = Nd4j.createFromArray(W);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GroupScoringInput(3,
                List.of(new GroupScoringInput.Member(w, null)), 0, GroupScoringInput.Reduction.L1, 0L,
                Optional.empty())).getMessage().startsWith("member weights shape ([2, 3]) must be [groups (3)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GroupScoringInput.Member(w,
                Nd4j.zeros(DataType.FLOAT, 3, 2))).getMessage().startsWith("gradients shape ([3, 2]) must equal"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GroupScoringInput(2, List.of(), 0,
                GroupScoringInput.Reduction.L1, 0L, Optional.empty())).getMessage().startsWith("members ([])"));
    }

    @Test
    void aRandomCriterionWithoutItsOwnSeedUsesTheInputsSeed() {
        INDArray w = Nd4j.zeros(DataType.FLOAT, 64);
        RandomCriterion fromConfig = new RandomCriterion();
        INDArray a = w.ulike();
        INDArray b = w.ulike();
        INDArray c = w.ulike();
        fromConfig.score(new ScoringInput(w, Optional.empty(), 0, 7L), a);
        fromConfig.score(new ScoringInput(w, Optional.empty(), 0, 7L), b);
        fromConfig.score(new ScoringInput(w, Optional.empty(), 0, 8L), c);
        assertArrayEquals(a.toFloatVector(), b.toFloatVector(), 0f, "same seed, same scores");
        assertNotEquals(a, c, "another seed, other scores");
        INDArray own = w.ulike();
        new RandomCriterion(7).score(new ScoringInput(w, Optional.empty(), 0, 8L), own);
        assertArrayEquals(a.toFloatVector(), own.toFloatVector(), 0f, "an own seed wins over the input's");
        assertTrue(fromConfig.seed().isEmpty());
        assertEquals(fromConfig, Json.read(Json.write(fromConfig), Criterion.class));
        assertEquals(new RandomCriterion(7), Json.read(Json.write(new RandomCriterion(7)), Criterion.class));
    }
}
