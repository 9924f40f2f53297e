package io.github.dl4jpruning.htmlreport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Charts}: which points the accuracy chart draws, its baseline, the layer chart's round selection. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChartsTest {

    private static ReportRound row(int round, double density, double accuracy) {
        return ReportRound.of(round, density, Map.of("layer0_W", density)).withAccuracy(accuracy);
    }

    /** Rows per epoch as the gradual schedule writes them: untrained first, two rows at 1.0 and at 0.1. */
    private static final ReportRun GRADUAL = new ReportRun("gradual", List.of(row(0, 1.0, 0.11), row(1, 1.0, 0.85),
            row(2, 0.5, 0.86), row(3, 0.1, 0.84), row(4, 0.1, 0.87)));
    private static final ReportRun IMP = new ReportRun("imp", List.of(row(0, 1.0, 0.88), row(1, 0.5, 0.89),
            row(2, 0.0, 0.10)));

    @Test
    void lastRowPerDensityAndNoDensityZero() {
        Map<Double, Double> expected = new LinkedHashMap<>();
        expected.put(1.0, 0.85);
        expected.put(0.5, 0.86);
        expected.put(0.1, 0.87);
        assertEquals(expected, Charts.lastPerDensity(GRADUAL));
        assertEquals(Map.of(1.0, 0.88, 0.5, 0.89), Charts.lastPerDensity(IMP), "density 0 left out (log axis)");
    }

    @Test
    void baselineIsTheBestDenseAccuracy() {
        assertEquals(OptionalDouble.of(0.88), Charts.denseBaseline(List.of(GRADUAL, IMP)));
        ReportRun sparseOnly = new ReportRun("init", List.of(row(0, 0.1, 0.1), row(1, 0.1, 0.8)));
        assertTrue(Charts.denseBaseline(List.of(sparseOnly)).isEmpty());
    }

    @Test
    void manyRunsPutTheLegendBelowATallerChart() {
        assertEquals(Charts.HEIGHT, Charts.accuracy(List.of(GRADUAL, IMP)).getHeight());
        assertEquals(Charts.HEIGHT + 22 * 5, Charts.accuracy(List.of(GRADUAL, IMP, GRADUAL, IMP)).getHeight());
    }

    @Test
    void layerChartSpreadsRoundsKeepingFirstAndLast() {
        List<Integer> rounds = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertEquals(List.of(0, 1, 3, 4, 6, 7, 9, 10), Charts.spread(rounds, 8));
        assertEquals(List.of(0, 1, 2), Charts.spread(List.of(0, 1, 2), 8));
    }
}
