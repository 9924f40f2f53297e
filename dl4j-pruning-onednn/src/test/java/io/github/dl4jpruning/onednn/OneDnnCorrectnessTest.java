package io.github.dl4jpruning.onednn;

import static io.github.dl4jpruning.onednn.OneDnnTestSupport.init;
import static io.github.dl4jpruning.onednn.OneDnnTestSupport.lenet5;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.data.FashionMnist;
import io.github.dl4jpruning.data.FashionMnistFixture;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The oneDNN helper path computes what DL4J's built-in im2col + GEMM path computes: LeNet-5 outputs, loss and
 * gradients on the same weights and minibatch, and accuracy after one epoch on the 1,000-image fixture. Both paths run
 * in this JVM on the same (oneDNN) native build; only the helper differs, because DL4J reads
 * {@link OneDnn#HELPERS_DISABLE_PROPERTY} whenever a layer is created.
 *
 * <p>Tolerances. The two paths add the same float32 products in a different order (oneDNN's blocked direct
 * convolution vs a GEMM over im2col columns). With unit roundoff u = 2^-24 = 6.0e-8 a sum of K products reordered
 * differs by at most about K·u·Σ|x·w| (Higham, Accuracy and Stability of Numerical Algorithms, 2002, §3.1) and
 * typically by √K·u·‖…‖. The largest sums here: a conv2 output (K = 5·5·20 = 500: worst 3.0e-5 relative, typical
 * 1.3e-6) and conv1's weight gradient (K = 128·24·24 = 73,728 terms: worst 4.4e-3, typical 1.6e-5). The asserted bounds
 * sit between typical and worst case: 1e-5 absolute on softmax outputs (values in [0, 1]), 1e-5 relative on the loss,
 * 1e-4 relative (L2) on every parameter's gradient. Measured on this machine (AVX2/AVX-512 Xeon, -onednn-avx2 build):
 * see the messages printed by each test.
 */
class OneDnnCorrectnessTest {

    private static final long SEED = 42;

    private static final double OUTPUT_ABS_TOLERANCE = 1e-5;
    private static final double SCORE_REL_TOLERANCE = 1e-5;
    private static final double GRADIENT_REL_TOLERANCE = 1e-4;

    private static FashionMnist data;

    @BeforeAll
    static void enableOneDnn() {
        assertTrue(OneDnn.enable().engaged(), "oneDNN must engage in this module's tests: " + OneDnn.status().summary());
        data = FashionMnistFixture.load();
    }

    @Test
    void outputsLossAndGradientsMatchTheBuiltInPath() {
        MultiLayerConfiguration conf = lenet5(SEED);
        MultiLayerNetwork helper = init(true, conf);
        MultiLayerNetwork builtIn = init(false, conf);
        builtIn.setParams(helper.params().dup());
        assertTrue(OneDnn.isEngaged(helper));
        assertFalse(OneDnn.isEngaged(builtIn));
        DataSet batch = data.trainIterator(128, SEED).next();

        INDArray outHelper = helper.output(batch.getFeatures());
        INDArray outBuiltIn = builtIn.output(batch.getFeatures());
        double outDiff = outHelper.sub(outBuiltIn).amaxNumber().doubleValue();
        System.out.printf("softmax outputs: max |helper - built-in| = %.3e%n", outDiff);
        assertTrue(outDiff <= OUTPUT_ABS_TOLERANCE, "max output difference " + outDiff);

        Map<String, INDArray> gHelper = gradients(helper, batch);
        Map<String, INDArray> gBuiltIn = gradients(builtIn, batch);
        double scoreRel = Math.abs(helper.score() - builtIn.score()) / Math.abs(builtIn.score());
        System.out.printf("loss: %.8f vs %.8f (relative difference %.3e)%n", helper.score(), builtIn.score(), scoreRel);
        assertTrue(scoreRel <= SCORE_REL_TOLERANCE, "relative loss difference " + scoreRel);
        assertEquals(gBuiltIn.keySet(), gHelper.keySet());
        for (Map.Entry<String, INDArray> e : gBuiltIn.entrySet()) {
            INDArray b = e.getValue();
            INDArray h = gHelper.get(e.getKey());
            double rel = h.sub(b).norm2Number().doubleValue() / b.norm2Number().doubleValue();
            System.out.printf("gradient %s: relative L2 difference %.3e%n", e.getKey(), rel);
            assertTrue(rel <= GRADIENT_REL_TOLERANCE, e.getKey() + ": relative gradient difference " + rel);
        }
        assertTrue(OneDnn.isEngaged(helper), "the helper must not have fallen back: " + OneDnn.convolutionPaths(helper));
    }

    @Test
    void accuracyAfterOneEpochMatchesTheBuiltInPathWithinNoise() {
        MultiLayerConfiguration conf = lenet5(SEED);
        MultiLayerNetwork helper = init(true, conf);
        MultiLayerNetwork builtIn = init(false, conf);
        builtIn.setParams(helper.params().dup());
        helper.fit(data.trainIterator(128, SEED));
        builtIn.fit(data.trainIterator(128, SEED));
        double accHelper = accuracy(helper);
        double accBuiltIn = accuracy(builtIn);
        double paramRel = helper.params().sub(builtIn.params()).norm2Number().doubleValue()
                / builtIn.params().norm2Number().doubleValue();
        System.out.printf("accuracy after one epoch on %d images: helper %.4f, built-in %.4f; parameters differ by "
                + "%.3e (relative L2)%n", FashionMnistFixture.TRAIN_COUNT, accHelper, accBuiltIn, paramRel);
        assertTrue(Math.abs(accHelper - accBuiltIn) <= 0.02, accHelper + " vs " + accBuiltIn);
        assertTrue(OneDnn.isEngaged(helper), "the helper must not have fallen back: " + OneDnn.convolutionPaths(helper));
    }

    private static Map<String, INDArray> gradients(MultiLayerNetwork net, DataSet batch) {
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
        Map<String, INDArray> copy = new java.util.TreeMap<>();
        net.gradient().gradientForVariable().forEach((k, v) -> copy.put(k, v.dup()));
        return copy;
    }

    private static double accuracy(MultiLayerNetwork net) {
        DataSetIterator test = data.testIterator(FashionMnistFixture.TEST_COUNT);
        return net.evaluate(test).accuracy();
    }
}
