package io.github.dl4jpruning.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.criterion.Criterion;
import io.github.dl4jpruning.criterion.MagnitudeCriterion;
import io.github.dl4jpruning.criterion.RandomCriterion;
import io.github.dl4jpruning.criterion.TaylorCriterion;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.testing.TestNets;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Taylor pruning (Molchanov et al. 2019) removes exactly the weights with the smallest {@code |w * mean(g)|}: the
 * scores are computed here on the Java heap, in double, from DL4J's per-parameter gradients of the same minibatches
 * the listener accumulated, and compared with the mask the listener made. The same check run on the masks of a
 * random and of a magnitude criterion fails, so it cannot pass for a criterion that ignores the gradients.
 */
class TaylorOrderTest {

    private static final int BATCHES = 3;
    private static final long DATA_SEED = 9;

    /** One prunable weight: its independent Taylor score and whether the listener pruned it. */
    private record Scored(double score, boolean pruned) {
    }

    /**
     * Prunes a fresh 784-16-10 network to density 0.5 with {@code criterion} after accumulating the gradients of the
     * first {@link #BATCHES} minibatches (for criteria that use them), and scores every prunable weight independently.
     */
    private static List<Scored> pruneAndScore(Criterion criterion) {
        MultiLayerNetwork net = TestNets.mlp(21, 16);
        List<INDArray> meanGradients = new ArrayList<>();
        DataSetIterator it = TestNets.data().trainIterator(100, DATA_SEED);
        String[] keys = {"0_W", "1_W"};
        for (int b = 0; b < BATCHES; b++) {
            DataSet batch = it.next();
            net.setInput(batch.getFeatures());
            net.setLabels(batch.getLabels());
            net.computeGradientAndScore();
            for (int k = 0; k < keys.length; k++) {
                INDArray g = net.gradient().getGradientFor(keys[k]).dup();
                if (b == 0) {
                    meanGradients.add(g);
                } else {
                    meanGradients.get(k).addi(g);
                }
            }
        }
        List<INDArray> weightsBefore = List.of(net.getParam(keys[0]).dup(), net.getParam(keys[1]).dup());
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .criterion(criterion).build());
        if (criterion.needsGradients()) {
            assertEquals(BATCHES, l.collectGradients(net, TestNets.data().trainIterator(100, DATA_SEED), BATCHES));
        }
        l.prune(net, 0.5);
        MaskState state = l.state().orElseThrow();
        assertEquals(List.of("layer0_W", "layer1_W"), state.params().stream().map(PrunableParam::id).toList());
        List<Scored> out = new ArrayList<>();
        for (PrunableParam p : state.params()) {
            int k = p.layerIndex();
            // the pruned weights are 0.0 now: score the weights as they were before pruning
            double[] w = weightsBefore.get(k).dup('f').reshape('f', new long[] {p.length()}).toDoubleVector();
            double[] g = meanGradients.get(k).dup('f').reshape('f', new long[] {p.length()}).toDoubleVector();
            double[] m = state.maskOf(p).dup('f').reshape('f', new long[] {p.length()}).toDoubleVector();
            for (int i = 0; i < w.length; i++) {
                out.add(new Scored(Math.abs(w[i] * g[i] / BATCHES), m[i] == 0.0));
            }
        }
        return out;
    }

    /** Whether every pruned weight scores at most every kept one (up to float rounding of the engine's scores). */
    private static boolean prunedAreTheSmallest(List<Scored> scored) {
        double maxPruned = scored.stream().filter(Scored::pruned).mapToDouble(Scored::score).max().orElseThrow();
        double minKept = scored.stream().filter(s -> !s.pruned()).mapToDouble(Scored::score).min().orElseThrow();
        return maxPruned <= minKept * (1 + 1e-5);
    }

    @Test
    void taylorPrunesExactlyTheWeightsWithTheSmallestWeightTimesMeanGradient() {
        List<Scored> s = pruneAndScore(new TaylorCriterion());
        assertEquals(s.size() / 2.0, s.stream().filter(Scored::pruned).count(), 1.0, "half of the weights pruned");
        assertTrue(prunedAreTheSmallest(s), "the pruned weights are not those with the smallest |w * g|");
    }

    @Test
    void theSameCheckFailsForCriteriaThatIgnoreTheGradients() {
        assertFalse(prunedAreTheSmallest(pruneAndScore(new RandomCriterion(7))), "random criterion passed");
        assertFalse(prunedAreTheSmallest(pruneAndScore(new MagnitudeCriterion())), "magnitude criterion passed");
    }
}
