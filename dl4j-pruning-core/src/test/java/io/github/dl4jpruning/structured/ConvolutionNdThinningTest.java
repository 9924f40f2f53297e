package io.github.dl4jpruning.structured;

import static io.github.dl4jpruning.testing.TestNets.fit;
import static io.github.dl4jpruning.testing.TestNets.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.graph.DependencyGraph;
import io.github.dl4jpruning.graph.DependencyGroup;
import io.github.dl4jpruning.graph.GoldenGraphs;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.mask.Scope;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.report.PruningReport;
import io.github.dl4jpruning.report.UnitStats;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling1D;
import org.deeplearning4j.nn.conf.layers.Upsampling3D;
import org.deeplearning4j.nn.conf.layers.ZeroPadding1DLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPadding3DLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping1D;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping3D;
import org.deeplearning4j.nn.conf.preprocessor.Cnn3DToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Filter pruning and thinning through 1-D and 3-D convolutions (1-D with DL4J's read layout of W), their pooling,
 * padding, cropping and upsampling layers, 3-D transposed convolutions and the 3-D flatten: the groups found, half of
 * every group's units removed, the thinned network computes what the masked one does, has the parameter count its
 * kept units predict, and trains on (one more step on both keeps them together).
 */
class ConvolutionNdThinningTest {

    private static NeuralNetConfiguration.ListBuilder list() {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT).updater(new Adam(1e-2))
                .activation(Activation.RELU).list();
    }

    private static OutputLayer out(int n) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(n).activation(Activation.SOFTMAX)
                .name("out").build();
    }

    private static MultiLayerNetwork init(NeuralNetConfiguration.ListBuilder b, InputType in) {
        MultiLayerNetwork net = new MultiLayerNetwork(b.setInputType(in).build());
        net.init();
        return net;
    }

    private static INDArray oneHot(long n, int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % classes, 1f);
        }
        return y;
    }



    private static List<String> groups(Model m) {
        DependencyGraph g = DependencyGraph.of(NetworkAdapter.of(m));
        for (DependencyGroup group : g.groups()) {
            assertTrue(group.prunable(), group.name() + ": " + group.reason());
        }
        return g.groups().stream().map(x -> x.name() + "/" + x.units()).toList();
    }

    /**
     * Trains one step, prunes half of every group (FILTER, LOCAL), thins, and checks outputs, parameter count and
     * one more step.
     *
     * @param params the thinned parameter count from the kept units of every group (by group name)
     */
    private static void pruneAndThin(Model net, DataSet batch, ToLongFunction<Map<String, Long>> params) {
        fit(net, batch);
        PruningListener l = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule())
                .granularity(Granularity.FILTER).scope(Scope.LOCAL).build());
        PruningReport report = l.prune(net, 0.5);
        Model thin = Thinning.thin(net);
        INDArray x = batch.getFeatures();
        double diff = output(net, x).sub(output(thin, x)).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-5, "thinned vs masked max abs diff " + diff);
        Map<String, Long> kept = new HashMap<>();
        for (UnitStats u : report.units()) {
            assertEquals(Math.round(0.5 * u.totalUnits()), u.keptUnits(), u.toString());
            kept.put(u.layerName(), u.keptUnits());
        }
        assertEquals(params.applyAsLong(kept), thin.numParams(), "thinned parameters, kept units " + kept);
        net.addListeners(l);
        fit(net, batch);
        fit(thin, batch);
        double after = output(net, x).sub(output(thin, x)).amaxNumber().doubleValue();
        assertTrue(after <= 1e-4, "after one more step, max abs diff " + after);
    }

    @Test
    void oneDimensionalConvolutionsWithPoolingPaddingUpsamplingCroppingAndGlobalPooling() {
        MultiLayerNetwork net = init(list()
                .layer(new Convolution1DLayer.Builder(3).nOut(6).name("c1").build())
                .layer(new Subsampling1DLayer.Builder(2).stride(2).build())
                .layer(new ZeroPadding1DLayer(1))
                .layer(new Upsampling1D.Builder(2).build())
                .layer(new Convolution1DLayer.Builder(3).nOut(8).name("c2").build())
                .layer(new Cropping1D(1))
                .layer(new GlobalPoolingLayer.Builder().build())
                .layer(out(4)), InputType.recurrent(3, 16));
        assertEquals(List.of("c1/6", "c2/8"), groups(net));
        pruneAndThin(net, new DataSet(Nd4j.rand(DataType.FLOAT, 6, 3, 16), oneHot(6, 4)), k -> {
            long c1 = k.get("c1");
            long c2 = k.get("c2");
            return (3 * 3 * c1 + c1) + (c1 * 3 * c2 + c2) + (c2 * 4 + 4);
        });
    }

    @Test
    void oneDimensionalConvolutionsIntoAnRnnOutputLayer() {
        MultiLayerNetwork net = init(list()
                .layer(new Convolution1DLayer.Builder(3).convolutionMode(ConvolutionMode.Same).nOut(6).name("c1")
                        .build())
                .layer(new Convolution1DLayer.Builder(2).convolutionMode(ConvolutionMode.Same).nOut(5).name("c2")
                        .build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4)
                        .activation(Activation.SOFTMAX).build()), InputType.recurrent(3, 10));
        assertEquals(List.of("c1/6", "c2/5"), groups(net));
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 4, 10);
        for (int i = 0; i < 4; i++) {
            for (int t = 0; t < 10; t++) {
                y.putScalar(new int[] {i, (i + t) % 4, t}, 1f);
            }
        }
        pruneAndThin(net, new DataSet(Nd4j.rand(DataType.FLOAT, 4, 3, 10), y), k -> {
            long c1 = k.get("c1");
            long c2 = k.get("c2");
            return (3 * 3 * c1 + c1) + (c1 * 2 * c2 + c2) + (c2 * 4 + 4);
        });
    }

    @ParameterizedTest
    @EnumSource(Convolution3D.DataFormat.class)
    void threeDimensionalConvolutionsPoolingUpsamplingAndFlatten(Convolution3D.DataFormat f) {
        NeuralNetConfiguration.ListBuilder b = list()
                .layer(new Convolution3D.Builder().kernelSize(2, 2, 2).dataFormat(f).nOut(6).name("c1").build())
                .layer(new Subsampling3DLayer.Builder().kernelSize(2, 2, 2).stride(2, 2, 2).dataFormat(f).build())
                .layer(new Upsampling3D.Builder(2).dataFormat(f).build());
        if (f == Convolution3D.DataFormat.NCDHW) {     // DL4J pads and crops 3-D activations in NCDHW only
            b.layer(new ZeroPadding3DLayer.Builder(1).build()).layer(new Cropping3D.Builder(1, 1, 1).build());
        }
        b.layer(new Convolution3D.Builder().kernelSize(2, 2, 2).dataFormat(f).nOut(4).name("c2").build())
                .layer(new DenseLayer.Builder().nOut(5).name("dense").build())
                .layer(out(3));
        // DL4J M2.1's Convolution3D reports an NDHWC output type even for NCDHW: set the flatten's format
        b.inputPreProcessor(b.getLayerwise().size() - 2, new Cnn3DToFeedForwardPreProcessor(3, 3, 3, 4,
                f == Convolution3D.DataFormat.NCDHW));
        MultiLayerNetwork net = init(b, InputType.convolutional3D(f, 5, 5, 5, 2));
        assertEquals(List.of("c1/6", "c2/4", "dense/5"), groups(net));
        INDArray x = f == Convolution3D.DataFormat.NCDHW ? Nd4j.rand(DataType.FLOAT, 4, 2, 5, 5, 5)
                : Nd4j.rand(DataType.FLOAT, 4, 5, 5, 5, 2);
        pruneAndThin(net, new DataSet(x, oneHot(4, 3)), k -> {
            long c1 = k.get("c1");
            long c2 = k.get("c2");
            long d = k.get("dense");
            return (2 * 8 * c1 + c1) + (c1 * 8 * c2 + c2) + (c2 * 27 * d + d) + (d * 3 + 3);
        });
    }

    @ParameterizedTest
    @EnumSource(Convolution3D.DataFormat.class)
    void threeDimensionalTransposedConvolution(Convolution3D.DataFormat f) {
        NeuralNetConfiguration.ListBuilder b = list()
                .layer(new Convolution3D.Builder().kernelSize(2, 2, 2).dataFormat(f).nOut(6).name("c1").build())
                .layer(new Deconvolution3D.Builder().kernelSize(2, 2, 2).stride(2, 2, 2).dataFormat(f).nOut(4)
                        .name("de").build())
                .layer(new Convolution3D.Builder().kernelSize(2, 2, 2).dataFormat(f).nOut(4).name("c2").build())
                .layer(new DenseLayer.Builder().nOut(5).name("dense").build())
                .layer(out(3))
                .inputPreProcessor(3, new Cnn3DToFeedForwardPreProcessor(5, 5, 5, 4,
                        f == Convolution3D.DataFormat.NCDHW));
        MultiLayerNetwork net = init(b, InputType.convolutional3D(f, 4, 4, 4, 2));
        assertEquals(List.of("c1/6", "de/4", "c2/4", "dense/5"), groups(net));
        INDArray x = f == Convolution3D.DataFormat.NCDHW ? Nd4j.rand(DataType.FLOAT, 4, 2, 4, 4, 4)
                : Nd4j.rand(DataType.FLOAT, 4, 4, 4, 4, 2);
        pruneAndThin(net, new DataSet(x, oneHot(4, 3)), k -> {
            long c1 = k.get("c1");
            long de = k.get("de");
            long c2 = k.get("c2");
            long d = k.get("dense");
            return (2 * 8 * c1 + c1) + (8 * c1 * de + de) + (de * 8 * c2 + c2) + (c2 * 125 * d + d) + (d * 3 + 3);
        });
    }

    @Test
    void computationGraphsWithOneAndThreeDimensionalConvolutions() {
        pruneAndThin(GoldenGraphs.conv1d(), new DataSet(Nd4j.rand(DataType.FLOAT, 6, 3, 12), oneHot(6, 4)), k -> {
            long a = k.get("a");
            long b = k.get("b");
            return (3 * 3 * a + a) + (a * 3 * b + b) + (b * 4 + 4);
        });
        pruneAndThin(GoldenGraphs.conv3d(), new DataSet(Nd4j.rand(DataType.FLOAT, 6, 3, 5, 5, 5), oneHot(6, 4)),
                k -> {
                    long a = k.get("a");
                    long b = k.get("b");
                    long d = k.get("dense");
                    return (3 * 8 * a + a) + (a * b + b) + (b * 8 * d + d) + (d * 4 + 4);
                });
    }
}
