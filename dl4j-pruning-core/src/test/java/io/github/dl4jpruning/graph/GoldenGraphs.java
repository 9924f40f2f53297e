package io.github.dl4jpruning.graph;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.preprocessor.Cnn3DToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small graphs, one per vertex and layer kind the dependency graph follows; input 3 x 8 x 8 (1-D: 3 x 12; 3-D: 3 x 5 x 5 x 5). */
public final class GoldenGraphs {

    private GoldenGraphs() {
    }

    private static ComputationGraphConfiguration.GraphBuilder builder() {
        return new NeuralNetConfiguration.Builder().seed(12).dataType(DataType.FLOAT).updater(new Adam(1e-2))
                .activation(Activation.RELU).graphBuilder().addInputs("in");
    }

    private static ConvolutionLayer conv(int nOut) {
        return new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(nOut).build();
    }

    private static OutputLayer out() {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build();
    }

    private static ComputationGraph build(ComputationGraphConfiguration.GraphBuilder b, String last, InputType in) {
        ComputationGraph g = new ComputationGraph(b.addLayer("gap", new GlobalPoolingLayer.Builder().build(), last)
                .addLayer("out", out(), "gap").setOutputs("out").setInputTypes(in).build());
        g.init();
        return g;
    }

    /** c1 -> bn1 -> c2, add(bn1, c2) (identity shortcut over c2), c3 -> pool -> out: c1 and c2 tied. */
    public static ComputationGraph residual() {
        return build(builder().addLayer("c1", conv(8), "in")
                .addLayer("bn1", new BatchNormalization.Builder().build(), "c1")
                .addLayer("c2", conv(8), "bn1")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "bn1", "c2")
                .addLayer("c3", conv(6), "add"), "c3", InputType.convolutional(8, 8, 3));
    }

    /** add(in, c1): the block's channels are the network input's, so c1 keeps its filters. */
    public static ComputationGraph inputShortcut() {
        return build(builder().addLayer("c1", conv(3), "in")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "in", "c1")
                .addLayer("c2", conv(5), "add"), "c2", InputType.convolutional(8, 8, 3));
    }

    /** a (4) and b (5) concatenated into c; a also feeds d through padding, pooling, upsampling and cropping. */
    public static ComputationGraph concat() {
        return build(builder().addLayer("a", conv(4), "in").addLayer("b", conv(5), "in")
                .addVertex("merge", new MergeVertex(), "a", "b")
                .addLayer("c", conv(6), "merge")
                .addLayer("pad", new ZeroPaddingLayer.Builder(1, 1).build(), "a")
                .addLayer("pool", new SubsamplingLayer.Builder(2, 2).stride(2, 2).build(), "pad")
                .addLayer("up", new Upsampling2D.Builder(2).build(), "pool")
                .addLayer("crop", new Cropping2D(1, 1), "up")
                .addLayer("d", conv(6), "crop")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Product), "c", "d"), "sum",
                InputType.convolutional(8, 8, 3));
    }

    /** a (8) -> subset 2..5 -> c, and a -> d: channels 0, 1, 6, 7 of a are read by d only. */
    public static ComputationGraph subset() {
        ComputationGraph g = new ComputationGraph(builder()
                .addLayer("a", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nIn(3).nOut(8).build(), "in")
                .addVertex("sub", new SubsetVertex(2, 5), "a")
                .addLayer("c", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nIn(4).nOut(6).build(), "sub")
                .addLayer("d", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nIn(8).nOut(6).build(), "a")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Average), "c", "d")
                .addLayer("gap", new GlobalPoolingLayer.Builder().build(), "sum")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(4)
                        .activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("out").build());
        g.init();
        return g;
    }

    /**
     * add(merge(a (4), b (4)), c (8)): c's channels 0-3 are tied to a's, 4-7 to b's, so a, b and c form one group
     * of 8 units in which each of a and b holds half of the units.
     */
    public static ComputationGraph misaligned() {
        return build(builder().addLayer("a", conv(4), "in").addLayer("b", conv(4), "in")
                .addVertex("merge", new MergeVertex(), "a", "b")
                .addLayer("c", conv(8), "in")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "merge", "c")
                .addLayer("d", conv(5), "add"), "d", InputType.convolutional(8, 8, 3));
    }

    /** a -> LRN -> b: a's filters are kept (LRN mixes neighbouring channels). */
    public static ComputationGraph lrn() {
        return build(builder().addLayer("a", conv(6), "in")
                .addLayer("lrn", new LocalResponseNormalization.Builder().build(), "a")
                .addLayer("b", conv(5), "lrn"), "b", InputType.convolutional(8, 8, 3));
    }

    /** a (4) -> depthwise x2 (8) -> b; b -> separable (x2, 6) -> c. */
    public static ComputationGraph depthwiseAndSeparable() {
        return build(builder().addLayer("a", conv(4), "in")
                .addLayer("dw", new DepthwiseConvolution2D.Builder(3, 3).padding(1, 1).depthMultiplier(2).build(), "a")
                .addLayer("b", conv(5), "dw")
                .addLayer("sep", new SeparableConvolution2D.Builder(3, 3).padding(1, 1).depthMultiplier(2).nOut(6)
                        .build(), "b")
                .addLayer("c", conv(5), "sep"), "c", InputType.convolutional(8, 8, 3));
    }

    /** a -> deconvolution (6) -> b. */
    public static ComputationGraph deconvolution() {
        return build(builder().addLayer("a", conv(4), "in")
                .addLayer("de", new Deconvolution2D.Builder(2, 2).stride(2, 2).nOut(6).build(), "a")
                .addLayer("b", conv(5), "de"), "b", InputType.convolutional(8, 8, 3));
    }

    /** 1-D: a (6) -> pool -> b (5), input 3 x 12. */
    public static ComputationGraph conv1d() {
        return build(builder().addLayer("a", new Convolution1DLayer.Builder(3).nOut(6).build(), "in")
                .addLayer("pool", new Subsampling1DLayer.Builder(2).stride(2).build(), "a")
                .addLayer("b", new Convolution1DLayer.Builder(3).nOut(5).build(), "pool"), "b",
                InputType.recurrent(3, 12));
    }

    /**
     * 3-D (NCDHW): a (6) -> pool -> b (5) -> flatten -> dense (7) -> out, input 3 x 5 x 5 x 5: b's channels become
     * 2 x 2 x 2 rows each of the dense W.
     */
    public static ComputationGraph conv3d() {
        Convolution3D.DataFormat f = Convolution3D.DataFormat.NCDHW;
        ComputationGraph g = new ComputationGraph(builder()
                .addLayer("a", new Convolution3D.Builder().kernelSize(2, 2, 2).dataFormat(f).nOut(6).build(), "in")
                .addLayer("pool", new Subsampling3DLayer.Builder().kernelSize(2, 2, 2).stride(2, 2, 2).dataFormat(f)
                        .build(), "a")
                .addLayer("b", new Convolution3D.Builder().kernelSize(1, 1, 1).dataFormat(f).nOut(5).build(), "pool")
                .addLayer("dense", new DenseLayer.Builder().nOut(7).build(), "b")
                .addLayer("out", out(), "dense").setOutputs("out")
                // DL4J M2.1 would flag this flatten channels-last (Convolution3D reports an NDHWC output type)
                .inputPreProcessor("dense", new Cnn3DToFeedForwardPreProcessor(2, 2, 2, 5, true))
                .setInputTypes(InputType.convolutional3D(f, 5, 5, 5, 3)).build());
        g.init();
        return g;
    }

    /** a -> b, where b is also a network output (two outputs). */
    public static ComputationGraph hiddenOutput() {
        ComputationGraph g = new ComputationGraph(builder().addLayer("a", conv(4), "in").addLayer("b", conv(5), "a")
                .addLayer("gap", new GlobalPoolingLayer.Builder().build(), "b").addLayer("out", out(), "gap")
                .setOutputs("out", "b").setInputTypes(InputType.convolutional(8, 8, 3)).build());
        g.init();
        return g;
    }

    /** a (4) -> pool -> flatten -> dense (7) -> out: a's channels become 4 x 4 rows each of the dense W. */
    public static ComputationGraph flatten() {
        ComputationGraph g = new ComputationGraph(builder().addLayer("a", conv(4), "in")
                .addLayer("pool", new SubsamplingLayer.Builder(2, 2).stride(2, 2).build(), "a")
                .addLayer("dense", new DenseLayer.Builder().nOut(7).build(), "pool")
                .addLayer("out", out(), "dense").setOutputs("out").setInputTypes(InputType.convolutional(8, 8, 3))
                .build());
        g.init();
        return g;
    }
}
