package io.github.dl4jpruning.structured;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.analysis.Ablation;
import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.criterion.GroupScore;
import io.github.dl4jpruning.graph.DependencyGraph;
import io.github.dl4jpruning.graph.DependencyGroup;
import io.github.dl4jpruning.graph.GoldenGraphs;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link GroupScore#ABLATION} on a group of several producers (a residual block and its identity shortcut): every
 * unit is zeroed in all the group's layers at once, so its delta is exactly the loss change that pruning the unit with
 * the mask makes, and the units kept are those whose removal hurts most, in both tied layers.
 */
class GroupAblationTest {

    /** Random images 3 x 8 x 8 with one-hot labels over 4 classes, seeded. */
    private static DataSet data(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 3, 8, 8);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 4);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, (i * 7 + 3) % 4, 1.0);
        }
        return new DataSet(x, y);
    }

    /** The residual golden graph after a few Adam steps, so that units differ in what they carry. */
    private static ComputationGraph trained() {
        ComputationGraph g = GoldenGraphs.residual();
        DataSet train = data(32, 5);
        for (int i = 0; i < 5; i++) {
            g.fit(train);
        }
        return g;
    }

    private static DependencyGroup group(ComputationGraph g, String name) {
        return DependencyGraph.of(NetworkAdapter.of(g)).groups().stream().filter(x -> x.name().equals(name))
                .findFirst().orElseThrow();
    }

    @Test
    void eachDeltaIsTheLossChangeOfPruningThatUnitWithTheMask() {
        ComputationGraph g = trained();
        DataSet held = data(16, 9);
        DependencyGroup tied = group(g, "c1+c2");
        assertEquals(List.of("c1", "c2"), tied.producers());
        INDArray before = g.params().dup();
        double[] deltas = Ablation.groupLossDeltas(g, tied, held);
        assertEquals(before, g.params(), "the parameters are bitwise unchanged after the probes");
        double base = g.score(held, false);
        for (int u = 0; u < tied.units(); u++) {
            INDArray mask = Nd4j.ones(before.dataType(), before.length());
            INDArray keep = Nd4j.ones(DataType.FLOAT, tied.units());
            keep.putScalar(u, 0.0);
            GroupMaskUpdater.write(mask, List.of(tied), new INDArray[] {keep});
            ComputationGraph pruned = g.clone();
            pruned.setParams(before.mul(mask.reshape(before.shape())));
            assertEquals(pruned.score(held, false) - base, deltas[u], 1e-5, "unit " + u);
        }
    }

    @Test
    void zeroingOneLayerOfTheGroupIsNotWhatPruningDoes() {
        ComputationGraph g = trained();
        DataSet held = data(16, 9);
        double[] group = Ablation.groupLossDeltas(g, group(g, "c1+c2"), held);
        double[] c2Only = Ablation.unitLossDeltas(g, "c2", held);
        assertEquals(group.length, c2Only.length);
        assertNotEquals(Arrays.toString(group), Arrays.toString(c2Only),
                "c2's filter alone leaves bn1's channel on the shortcut");
    }

    @Test
    void theListenerKeepsTheUnitsWhoseRemovalHurtsMostInBothTiedLayers() {
        ComputationGraph g = trained();
        DataSet held = data(16, 9);
        double[] deltas = Ablation.groupLossDeltas(g, group(g, "c1+c2"), held);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .granularity(Granularity.FILTER).groupScore(GroupScore.ABLATION).scope(Scope.LOCAL).build());
        l.ablationData(held).prune(g, 0.5);
        List<Integer> kept = BnGammaScoreTest.keptFilters(g, "c1");
        assertEquals(4, kept.size());
        assertEquals(kept, BnGammaScoreTest.keptFilters(g, "c2"), "c1 and c2 are tied by the add");
        double minKept = Double.MAX_VALUE;
        double maxPruned = -Double.MAX_VALUE;
        for (int u = 0; u < deltas.length; u++) {
            if (kept.contains(u)) {
                minKept = Math.min(minKept, deltas[u]);
            } else {
                maxPruned = Math.max(maxPruned, deltas[u]);
            }
        }
        assertTrue(minKept >= maxPruned, "kept units hurt most when removed: " + minKept + " vs " + maxPruned);
        assertEquals(3, BnGammaScoreTest.keptFilters(g, "c3").size(), "c3's own group keeps half of its 6 filters");
    }

    @Test
    void aGroupOfAnotherNetworkIsRefused() {
        ComputationGraph small = GoldenGraphs.inputShortcut();
        DependencyGroup foreign = group(trained(), "c1+c2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ablation.groupLossDeltas(small, foreign, data(4, 1)));
        assertTrue(e.getMessage().contains("bn1") || e.getMessage().contains("c1"), e.getMessage());
    }
}
