package io.github.dl4jpruning.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.report.UnitStats;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import io.github.dl4jpruning.structured.Thinning;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.zoo.ZooModel;
import org.deeplearning4j.zoo.model.AlexNet;
import org.deeplearning4j.zoo.model.FaceNetNN4Small2;
import org.deeplearning4j.zoo.model.InceptionResNetV1;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.SqueezeNet;
import org.deeplearning4j.zoo.model.UNet;
import org.deeplearning4j.zoo.model.Xception;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Filter pruning (LOCAL, half of the units of every prunable dependency group) and thinning of architectures of
 * {@code deeplearning4j-zoo} 1.0.0-M2.1, randomly initialised on small inputs (no weights downloaded): the thinned
 * network's outputs equal the masked one's (max abs difference &lt;= 1e-4 on random input), every producer of a
 * pruned group has the kept units of the report, and one training step on the thinned network works. One model per
 * test; failsafe caps ND4J's off-heap memory.
 */
class ZooThinningIT {

    private static final Logger log = LoggerFactory.getLogger(ZooThinningIT.class);

    @Test
    void resNet50() {
        check(ResNet50.builder().numClasses(10).inputShape(new int[] {3, 224, 224}).build(), 224, 10);
    }

    @Test
    void squeezeNet() {
        check(SqueezeNet.builder().numClasses(10).inputShape(new int[] {3, 64, 64}).build(), 64, 10);
    }

    @Test
    void uNet() {
        check(UNet.builder().numClasses(1).inputShape(new int[] {3, 64, 64}).build(), 64, 1);
    }

    @Test
    void xception() {
        check(Xception.builder().numClasses(10).inputShape(new int[] {3, 64, 64}).build(), 64, 10);
    }

    /** LocalResponseNormalization stops the dependency: cnn1 and cnn2 keep their filters, the rest is thinned. */
    @Test
    void alexNet() {
        PruningReport r = check(AlexNet.builder().numClasses(10).inputShape(new int[] {3, 64, 64}).build(), 64, 10);
        assertFalse(r.units().stream().anyMatch(u -> u.layerName().equals("cnn1") || u.layerName().equals("cnn2")),
                r.units().toString());
    }

    /**
     * LocalResponseNormalization (stem) and the L2-normalized embedding stop the dependency; inception modules
     * (merges) are thinned.
     */
    @Test
    void faceNetNN4Small2() {
        PruningReport r = check(FaceNetNN4Small2.builder().numClasses(10).inputShape(new int[] {3, 64, 64}).build(),
                64, 10, DataType.FLOAT);
        assertFalse(r.units().stream().anyMatch(u -> u.layerName().equals("stem-cnn1")
                || u.layerName().equals("bottleneck")), r.units().toString());
    }

    /**
     * Residual adds over concatenations tie channels of many layers into one group. Randomly initialised, its
     * activations grow to the hundreds within the stem, so float rounding (a thinned convolution sums fewer terms in
     * another order) reaches 7e-3 at the output; in double precision the thinned graph equals the masked one to 2e-9.
     */
    @Test
    void inceptionResNetV1() {
        check(InceptionResNetV1.builder().numClasses(10).inputShape(new int[] {3, 160, 160}).build(), 160, 10,
                DataType.DOUBLE);
    }

    private static PruningReport check(ZooModel<?> zoo, int size, int classes) {
        return check(zoo, size, classes, DataType.FLOAT);
    }

    private static PruningReport check(ZooModel<?> zoo, int size, int classes, DataType type) {
        Model net = zoo.init();
        if (type != DataType.FLOAT) {
            net = net instanceof ComputationGraph g ? g.convertDataType(type)
                    : ((MultiLayerNetwork) net).convertDataType(type);
        }
        INDArray x = Nd4j.rand(type, 2, 3, size, size).muli(0.1);
        PruningListener pruning = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .granularity(Granularity.FILTER).scope(Scope.LOCAL).build());
        PruningReport report = pruning.prune(net, 0.5);
        INDArray masked = output(net, x);
        Model thin = Thinning.thin(net);
        INDArray thinned = output(thin, x);
        String name = zoo.getClass().getSimpleName();
        assertFalse(masked.isNaN().any() || masked.isInfinite().any(), name + ": masked outputs are finite");
        double diff = masked.sub(thinned).amaxNumber().doubleValue();
        log.info("{}: {} -> {} parameters, thinned vs masked max abs diff {}", name, net.numParams(), thin.numParams(),
                diff);
        assertTrue(diff <= 1e-4, name + ": thinned vs masked max abs diff " + diff);
        assertTrue(thin.numParams() < net.numParams() / 2, name + ": " + thin.numParams() + " of " + net.numParams());
        for (UnitStats u : report.units()) {
            assertEquals(Math.round(0.5 * u.totalUnits()), u.keptUnits(), name + ": " + u);
            for (String producer : u.layerName().split("\\+")) {
                long before = ((FeedForwardLayer) layer(net, producer)).getNOut();
                long after = ((FeedForwardLayer) layer(thin, producer)).getNOut();
                if (before == u.totalUnits()) {        // the producer holds every unit of its group
                    assertEquals(u.keptUnits(), after, name + ": " + producer);
                } else {                               // a concatenation split the group over several producers
                    assertTrue(after <= Math.min(before, u.keptUnits()), name + ": " + producer + " " + after);
                }
            }
        }
        INDArray labels = thinned.rank() == 2 ? Nd4j.eye(classes).castTo(type).getRows(0, 1 % classes)
                : Nd4j.rand(type, thinned.shape()).gt(0.5).castTo(type);
        DataSet batch = new DataSet(x, labels);
        double before = score(thin, batch);
        fit(thin, batch);
        double after = score(thin, batch);
        assertTrue(Double.isFinite(before) && Double.isFinite(after), name + ": loss " + before + " -> " + after);
        return report;
    }

    private static org.deeplearning4j.nn.conf.layers.Layer layer(Model m, String name) {
        return m instanceof ComputationGraph g ? g.getLayer(name).conf().getLayer()
                : ((MultiLayerNetwork) m).getLayer(name).conf().getLayer();
    }

    private static INDArray output(Model m, INDArray x) {
        return m instanceof ComputationGraph g ? g.outputSingle(x) : ((MultiLayerNetwork) m).output(x);
    }

    private static double score(Model m, DataSet d) {
        return m instanceof ComputationGraph g ? g.score(d) : ((MultiLayerNetwork) m).score(d);
    }

    private static void fit(Model m, DataSet d) {
        if (m instanceof ComputationGraph g) {
            g.fit(d);
        } else {
            ((MultiLayerNetwork) m).fit(d);
        }
    }
}
