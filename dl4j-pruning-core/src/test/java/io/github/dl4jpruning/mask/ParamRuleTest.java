package io.github.dl4jpruning.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.criterion.MagnitudeCriterion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ParamRuleTest {

    @Test
    void rejectsOutOfRangeValues() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ParamRule(Optional.empty(),
                OptionalDouble.empty(), OptionalDouble.of(0.0))).getMessage().startsWith("density (0.0) must be in (0, 1]"));
        assertEquals("minDensity (-1.0) must be in [0, 1]", assertThrows(IllegalArgumentException.class,
                () -> new ParamRule(Optional.empty(), OptionalDouble.of(-1.0), OptionalDouble.empty())).getMessage());
    }

    /** Two parameters of 10 weights each; weights 1..20 in flat order. */
    private static MaskState state() {
        return MaskState.allocate(List.of(new PrunableParam("a", 0, "W", "DenseLayer", 0, new long[] {2, 5}, 'f'),
                new PrunableParam("b", 1, "W", "DenseLayer", 10, new long[] {2, 5}, 'f')), 20, DataType.FLOAT);
    }

    @Test
    void aParameterWithItsOwnDensityIsRankedAloneAndTheOthersShareTheTarget() {
        INDArray w = Nd4j.linspace(DataType.FLOAT, 1, 20, 20);
        MaskState s = state();
        MaskUpdater.Result r = MaskUpdater.update(w, null, 0, s, new MagnitudeCriterion(), Scope.GLOBAL, 0.0, 0.5,
                Map.of("a_W", new ParamRule(Optional.empty(), OptionalDouble.empty(), OptionalDouble.of(0.2))));
        // golden: a keeps its 2 largest (9, 10); b alone shares 0.5 of its 10 weights (16..20)
        assertEquals(Map.of("a_W", 2L, "b_W", 5L), r.keptPerParam());
        assertEquals(1f, s.mask().getFloat(8), 0f);
        assertEquals(0f, s.mask().getFloat(7), 0f);
        assertEquals(1f, s.mask().getFloat(15), 0f);
        assertEquals(0f, s.mask().getFloat(14), 0f);
    }

    @Test
    void aParameterWithItsOwnFloorIsHeldThere() {
        INDArray w = Nd4j.linspace(DataType.FLOAT, 1, 20, 20);
        MaskUpdater.Result r = MaskUpdater.update(w, null, 0, state(), new MagnitudeCriterion(), Scope.GLOBAL, 0.0,
                0.25, Map.of("a_W", new ParamRule(Optional.empty(), OptionalDouble.of(0.3), OptionalDouble.empty())));
        // global 0.25 of 20 = 5 kept, all in b (16..20); a's floor keeps ceil(0.3*10) = 3; b re-ranked: 2
        assertEquals(Map.of("a_W", 3L, "b_W", 2L), r.keptPerParam());
        assertEquals(List.of("a_W"), r.floorEngaged());
    }

    @Test
    void rulesForUnknownParametersAreErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MaskUpdater.update(
                Nd4j.ones(DataType.FLOAT, 20), null, 0, state(), new MagnitudeCriterion(), Scope.GLOBAL, 0.0, 0.5,
                Map.of("c_W", ParamRule.NONE)));
        assertEquals("rules name parameter c_W, which is not prunable here; prunable: [a_W, b_W]", e.getMessage());
    }
}
