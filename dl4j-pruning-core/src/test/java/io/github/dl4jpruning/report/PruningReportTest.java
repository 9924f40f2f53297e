package io.github.dl4jpruning.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PruningReportTest {

    private static final PruningReport R = new PruningReport(2, 7, 0.25, "GLOBAL", "MagnitudeCriterion(|w|)", 0.125,
            List.of(new LayerStats("layer0_W", "layer0", 0, "W", 300, 60),
                    new LayerStats("layer1_W", "layer1", 1, "W", 100, 40)));

    @Test
    void totalsAndDerivedValues() {
        assertEquals(400, R.paramCount());
        assertEquals(100, R.nonzeroCount());
        assertEquals(0.25, R.density(), 0.0);
        assertEquals(0.75, R.pruningRate(), 0.0);
        assertEquals(4.0, R.compression(), 0.0);
        assertEquals(0.2, R.layers().get(0).density(), 1e-12);
        assertEquals(5.0, R.layers().get(0).compression(), 1e-12);
        assertNull(new LayerStats("x", "x", 0, "W", 10, 0).compression(), "every weight pruned: no finite compression");
        assertEquals("round 2: density 0.2500 (target 0.2500), pruned 75.00%, compression 4.0x, 100/400 weights kept;"
                + " layer0_W=0.2000 layer1_W=0.4000", R.summary());
    }

    @Test
    void jsonRoundTripsEqualOnEveryField() {
        String json = R.toJson();
        assertTrue(json.contains("\"density\" : 0.25") && json.contains("\"compression\" : 4.0"), json);
        assertEquals(R, PruningReport.fromJson(json));
        PruningReport withUnits = new PruningReport(1, 2, 0.5, "LOCAL", "MagnitudeCriterion(|w|)", 0.25, R.layers(),
                List.of(new UnitStats("layer0", 150, 300), new UnitStats("layer1", 50, 100)));
        String unitsJson = withUnits.toJson();
        assertTrue(unitsJson.contains("\"keptUnits\" : 150") && unitsJson.contains("\"unitDensity\" : 0.5"), unitsJson);
        assertEquals(withUnits, PruningReport.fromJson(unitsJson));
        assertEquals(List.of(), PruningReport.fromJson(json.replace("\"units\" : [ ],", "")).units(),
                "reports written before unit counts existed read back with none");
        assertTrue(withUnits.summary().endsWith("; units kept: layer0=150/300 layer1=50/100"), withUnits.summary());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new UnitStats("l", 4, 3)).getMessage()
                .startsWith("UnitStats l: keptUnits (4) must be in [0, totalUnits (3)]"));
    }

    @Test
    void rejectsBadCounts() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LayerStats("a", "a", 0, "W", 10, 11))
                .getMessage().startsWith("LayerStats a: nonzeroCount (11) must be in [0, paramCount (10)]"));
        assertEquals("layers ([]) must hold at least one prunable parameter", assertThrows(
                IllegalArgumentException.class, () -> new PruningReport(0, 0, 1, "GLOBAL", "m", 0, List.of()))
                .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PruningReport.fromJson("{\"round\": 1, \"x\": 2}"))
                .getMessage().startsWith("invalid PruningReport JSON"));
    }
}
