package io.github.dl4jpruning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.dl4jpruning.report.LayerStats;
import io.github.dl4jpruning.report.PruningReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link RoundResult} and its console row ({@link RoundTable}). */
class RoundResultTest {

    private static PruningReport report(long kept0, long kept1) {
        return new PruningReport(2, 7, 0.25, "GLOBAL", "MagnitudeCriterion(|w|)", 0.5,
                List.of(new LayerStats("layer0_W", "0", 0, "W", 300, kept0),
                        new LayerStats("layer1_W", "1", 1, "W", 100, kept1)));
    }

    @Test
    void measuredCountsBecomeDensityRateCompressionAndLayerMap() {
        RoundResult r = RoundResult.of(2, report(60, 40), 0.875, 3.25, 0.125);
        assertEquals(0.25, r.density());
        assertEquals(0.75, r.p());
        assertEquals(4.0, r.compression());
        assertEquals(List.of("layer0_W", "layer1_W"), List.copyOf(r.layerDensity().keySet()));
        assertEquals(Map.of("layer0_W", 0.2, "layer1_W", 0.4), r.layerDensity());
        assertEquals("    2    0.2500    0.7500         4.0x    0.8750      3.25     0.125", RoundTable.row(r));
        assertEquals("round   density         p  compression  accuracy   epoch s   prune s", RoundTable.header());
    }

    @Test
    void allWeightsPrunedHasNoCompression() {
        RoundResult r = RoundResult.of(1, report(0, 0), 0.1, 1, 0);
        assertNull(r.compression());
        assertEquals("inf", RoundTable.row(r).split("\\s+")[4]);
    }

    @Test
    void outOfRangeValuesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RoundResult(0, 1, 0, 1.0, 1.5, 1, 0, Map.of()));
        assertEquals("accuracy (1.5) must be in [0, 1]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RoundResult(-1, 1, 0, 1.0, 0.5, 1, 0, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new RoundResult(0, 1, 0, 1.0, 0.5, -1, 0, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new RoundResult(0, 1.1, 0, 1.0, 0.5, 1, 0, Map.of()));
    }
}
