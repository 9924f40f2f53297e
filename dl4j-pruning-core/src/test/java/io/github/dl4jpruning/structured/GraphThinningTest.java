package io.github.dl4jpruning.structured;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.graph.GoldenGraphs;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.report.UnitStats;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Filter pruning of half of every group's units and thinning, on every golden graph: the thinned graph computes what
 * the masked one does, every producer has the kept units of the report, and one more training step on both keeps
 * them together (the optimizer state was sliced).
 */
class GraphThinningTest {

    static Stream<Arguments> graphs() {
        return Stream.of(Scope.LOCAL, Scope.GLOBAL).flatMap(scope -> cases().map(a -> Arguments.of(a.get()[0], scope,
                a.get()[1], a.get()[2])));
    }

    private static Stream<Arguments> cases() {
        return Stream.of(Arguments.of("residual", (Supplier<ComputationGraph>) GoldenGraphs::residual, 403L),
                Arguments.of("misaligned", (Supplier<ComputationGraph>) GoldenGraphs::misaligned, -1L),
                Arguments.of("concat", (Supplier<ComputationGraph>) GoldenGraphs::concat, -1L),
                Arguments.of("subset", (Supplier<ComputationGraph>) GoldenGraphs::subset, -1L),
                Arguments.of("lrn", (Supplier<ComputationGraph>) GoldenGraphs::lrn, -1L),
                Arguments.of("depthwiseAndSeparable", (Supplier<ComputationGraph>) GoldenGraphs::depthwiseAndSeparable,
                        -1L),
                Arguments.of("deconvolution", (Supplier<ComputationGraph>) GoldenGraphs::deconvolution, -1L),
                Arguments.of("flatten", (Supplier<ComputationGraph>) GoldenGraphs::flatten, -1L));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("graphs")
    void thinnedGraphEqualsTheMaskedOneAndTrains(String name, Scope scope, Supplier<ComputationGraph> build,
            long expectedParams) {
        ComputationGraph g = build.get();
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 3, 8, 8);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 6, 4);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, i % 4, 1f);
        }
        DataSet batch = new DataSet(x, y);
        g.fit(batch);                                   // Adam state exists and weights moved
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .granularity(Granularity.FILTER).scope(scope).build());
        PruningReport report = l.prune(g, 0.5);
        ComputationGraph thin = Thinning.thin(g);
        double diff = g.outputSingle(x).sub(thin.outputSingle(x)).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-4, name + ": thinned vs masked max abs diff " + diff);
        assertTrue(thin.numParams() < g.numParams(), name + ": " + thin.numParams() + " of " + g.numParams());
        if (expectedParams > 0 && scope == Scope.LOCAL) {
            assertEquals(expectedParams, thin.numParams());
        }
        long kept = 0;
        long total = 0;
        for (UnitStats u : report.units()) {
            if (scope == Scope.LOCAL) {
                assertEquals(Math.round(0.5 * u.totalUnits()), u.keptUnits(), u.toString());
            }
            kept += u.keptUnits();
            total += u.totalUnits();
            long units = 0;
            for (String producer : u.layerName().split("\\+")) {
                units += ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) thin.getLayer(producer).conf()
                        .getLayer()).getNOut();
            }
            if (!u.layerName().equals("a+b+c")) {      // in "misaligned", a and b hold half of the units each
                assertEquals(u.keptUnits() * u.layerName().split("\\+").length, units, name + ": " + u);
            } else {
                assertEquals(2 * u.keptUnits(), units, name + ": a + b hold the kept units once, c all of them");
            }
        }
        if (scope == Scope.GLOBAL) {
            assertEquals(Math.round(0.5 * total), kept, name + ": half of all units kept");
        }
        assertFalse(report.units().isEmpty());
        g.addListeners(l);
        g.fit(batch);
        thin.fit(batch);
        double after = g.outputSingle(x).sub(thin.outputSingle(x)).amaxNumber().doubleValue();
        assertTrue(after <= 1e-4, name + ": after one more step, max abs diff " + after);
    }
}
