package io.github.dl4jpruning.bench.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.dl4jpruning.bench.Environment;
import io.github.dl4jpruning.bench.ImpParams;
import io.github.dl4jpruning.bench.ImpResult;
import io.github.dl4jpruning.bench.RoundResult;
import io.github.dl4jpruning.htmlreport.ReportRound;
import io.github.dl4jpruning.htmlreport.ReportRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ImpReports}: imp rounds become report rows field by field; names; argument checks. */
class ImpReportsTest {

    private static ImpParams params(String granularity) {
        return new ImpParams("lenet-300-100", 1, 1, 0.5, 0.25, "global", 0.0, 0.0, 0, "taylor", "gradual", 10, 0, 4,
                granularity, 0, 42, 128, 1, false, "/data", null, null, true);
    }

    @Test
    void roundsBecomeRowsWithEveryValue() {
        ReportRun run = ImpReports.runOf("r", List.of(
                new RoundResult(0, 1.0, 0.0, 1.0, 0.85, 2.0, 0.0, Map.of("layer0_W", 1.0)),
                new RoundResult(1, 0.5, 0.5, 2.0, 0.84, 2.5, 0.125, Map.of("layer0_W", 0.5))));
        ReportRound r = run.rounds().get(1);
        assertEquals(1, r.round());
        assertEquals(0.5, r.density());
        assertEquals(0.84, r.accuracy().getAsDouble());
        assertEquals(2.5, r.epochSeconds().getAsDouble());
        assertEquals(0.125, r.pruneSeconds().getAsDouble());
        assertEquals(Map.of("layer0_W", 0.5), r.layerDensity());
    }

    @Test
    void runNamesSayCriterionScheduleScopeAndStructure() {
        assertEquals("taylor, gradual, global", ImpReports.runName(params("unstructured")));
        assertEquals("taylor, gradual, global, neuron", ImpReports.runName(params("neuron")));
    }

    @Test
    void overlayNamesGetTheFileOnlyWhenNeeded() {
        ImpResult taylor = result(params("unstructured"));
        ImpResult neuron = result(params("neuron"));
        assertEquals(List.of("taylor, gradual, global", "taylor, gradual, global, neuron"),
                ImpReports.names(List.of(Path.of("a.json"), Path.of("b.json")), List.of(taylor, neuron)));
        assertEquals(List.of("taylor, gradual, global (a.json)", "taylor, gradual, global (b.json)",
                        "taylor, gradual, global (x/a.json, #3)"),
                ImpReports.names(List.of(Path.of("a.json"), Path.of("b.json"), Path.of("x/a.json")),
                        List.of(taylor, taylor, taylor)));
    }

    private static ImpResult result(ImpParams p) {
        return new ImpResult("imp", p.model(), p, new Environment("CPU", 1, "17", "1.0.0-M2.1", "Linux"),
                List.of(new RoundResult(0, 1.0, 0.0, 1.0, 0.85, 2.0, 0.0, Map.of("layer0_W", 1.0))), 1.0);
    }

    @Test
    void overlayNeedsOneResultPerFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImpReports.overlay("t", List.of(Path.of("a.json")), List.of()));
        assertEquals("results (0) must be non-empty and match files (1)", e.getMessage());
    }
}
