package io.github.dl4jpruning.structured;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.criterion.GroupScore;
import io.github.dl4jpruning.graph.GoldenGraphs;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link GroupScore#BN_GAMMA}: units ranked by the |gamma| of the BatchNormalization layers in their group, whatever
 * their filters' norms; groups without a BatchNormalization fall back to their producers' weights.
 */
class BnGammaScoreTest {

    private static final float[] GAMMA = {8, 1, 7, 2, 6, 3, 5, 4};

    /** c1 and c2 (tied by the residual add, 8 units, bn1 after c1) and c3 (6 units, no BatchNormalization). */
    private static ComputationGraph net() {
        ComputationGraph g = GoldenGraphs.residual();
        g.getLayer("bn1").getParam("gamma").assign(org.nd4j.linalg.factory.Nd4j.createFromArray(GAMMA).reshape(1, 8));
        // filter norms grow with the unit index: the opposite of what gamma says for units 0 and 1
        for (String layer : List.of("c1", "c2", "c3")) {
            INDArray p = g.getLayer(layer).getParam("W");
            INDArray rows = p.reshape('c', p.size(0), p.length() / p.size(0));
            for (int u = 0; u < p.size(0); u++) {
                rows.getRow(u).assign(u + 1);
            }
        }
        return g;
    }

    /** Indices of the filters of a layer with a non-zero weight (shared with {@link GroupAblationTest}). */
    static List<Integer> keptFilters(ComputationGraph g, String layer) {
        INDArray p = g.getLayer(layer).getParam("W");
        INDArray rows = p.reshape('c', p.size(0), p.length() / p.size(0));
        List<Integer> kept = new ArrayList<>();
        for (int u = 0; u < p.size(0); u++) {
            if (rows.getRow(u).amaxNumber().doubleValue() != 0.0) {
                kept.add(u);
            }
        }
        return kept;
    }

    private static ComputationGraph pruned(GroupScore score) {
        ComputationGraph g = net();
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .granularity(Granularity.FILTER).groupScore(score).scope(Scope.LOCAL).build());
        l.prune(g, 0.5);
        return g;
    }

    @Test
    void theGammasRankAGroupWithBatchNormalization() {
        ComputationGraph g = pruned(GroupScore.BN_GAMMA);
        assertEquals(List.of(0, 2, 4, 6), keptFilters(g, "c1"), "the four largest |gamma|: 8, 7, 6, 5");
        assertEquals(List.of(0, 2, 4, 6), keptFilters(g, "c2"), "c2 is tied to c1 by the add");
        assertEquals(List.of(3, 4, 5), keptFilters(g, "c3"), "no BatchNormalization: the largest filters");
        INDArray gamma = g.getLayer("bn1").getParam("gamma");
        assertEquals(0.0, gamma.getDouble(1), 0.0, "unit 1 is removed with its gamma");
        assertEquals(8.0, gamma.getDouble(0), 0.0);
    }

    @Test
    void theFilterNormsRankTheSameGroupUnderL1() {
        ComputationGraph g = pruned(GroupScore.L1);
        assertEquals(List.of(4, 5, 6, 7), keptFilters(g, "c1"));
        assertEquals(List.of(3, 4, 5), keptFilters(g, "c3"));
    }
}
