package io.github.dl4jpruning.bench;

import io.github.dl4jpruning.data.FashionMnist;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The networks of {@code docs/BENCHMARK.md}, built exactly as the protocol specifies so that results can be
 * compared with other libraries: float32, Xavier initialisation, Adam with learning rate 1e-3, softmax
 * output with multi-class cross-entropy (MCXENT), no regularisation, no dropout. Both take the
 * {@code [batch, 784]} rows of {@link FashionMnist} iterators and predict its 10 classes.
 */
public final class Models {

    /** Adam's learning rate in every benchmark model. */
    public static final double LEARNING_RATE = 1e-3;

    /** Width of every hidden layer of {@link #deepMlp(long, int)}. */
    public static final int DEEP_WIDTH = 256;

    /** Largest depth {@link #deepMlp(long, int)} accepts. */
    public static final int MAX_DEPTH = 128;

    private Models() {
    }

    /**
     * LeNet-300-100 (LeCun, Bottou, Bengio and Haffner 1998; the fully connected net of Han et al. 2015):
     * Dense 784→300 ReLU, Dense 300→100 ReLU, Output 100→10 softmax. 266,200 prunable weights
     * ({@code layer0_W}, {@code layer1_W}, {@code layer2_W}) and 410 biases.
     *
     * @param seed the weight-initialisation seed
     * @return an initialised network
     */
    public static MultiLayerNetwork lenet300100(long seed) {
        MultiLayerConfiguration conf = base(seed).list()
                .layer(new DenseLayer.Builder().nIn(FashionMnist.PIXELS).nOut(300).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(300).nOut(100).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(100).nOut(FashionMnist.CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build();
        return init(conf);
    }

    /**
     * LeNet-5 as in DL4J's LeNet example (after LeCun et al. 1998), with ReLU activations: convolution 5x5,
     * 20 filters, stride 1, no padding, ReLU → max pooling 2x2 stride 2 → convolution 5x5, 50 filters, ReLU
     * → max pooling 2x2 stride 2 → Dense 800→500 ReLU → Output 500→10 softmax. The input type
     * {@code convolutionalFlat(28, 28, 1)} lets it read the flat 784-column rows directly. Prunable weights
     * ({@code layer0_W}, {@code layer2_W}, {@code layer4_W}, {@code layer5_W}): 500 + 25,000 + 400,000 +
     * 5,000 = 430,500.
     *
     * @param seed the weight-initialisation seed
     * @return an initialised network
     */
    public static MultiLayerNetwork lenet5(long seed) {
        MultiLayerConfiguration conf = base(seed).list()
                .layer(new ConvolutionLayer.Builder(5, 5).stride(1, 1).nOut(20).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new ConvolutionLayer.Builder(5, 5).stride(1, 1).nOut(50).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new DenseLayer.Builder().nOut(500).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(FashionMnist.CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(FashionMnist.ROWS, FashionMnist.COLUMNS, 1))
                .build();
        return init(conf);
    }

    private static NeuralNetConfiguration.Builder base(long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(LEARNING_RATE));
    }

    private static MultiLayerNetwork init(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * A deep MLP for the depth study of the overhead protocol: {@code depth} Dense layers of
     * {@value #DEEP_WIDTH} ReLU units (784→256→...→256), then Output 256→10 softmax; same settings as the
     * other models. Prunable weights: 784·256 + (depth − 1)·256² + 2,560.
     *
     * @param seed the weight-initialisation seed
     * @param depth number of hidden layers, in [1, {@value #MAX_DEPTH}]
     * @return an initialised network
     * @throws IllegalArgumentException if {@code depth} is out of range
     */
    public static MultiLayerNetwork deepMlp(long seed, int depth) {
        if (depth < 1 || depth > MAX_DEPTH) {
            throw new IllegalArgumentException("depth (" + depth + ") must be in [1, " + MAX_DEPTH + "]");
        }
        NeuralNetConfiguration.ListBuilder b = base(seed).list();
        int in = FashionMnist.PIXELS;
        for (int i = 0; i < depth; i++) {
            b.layer(new DenseLayer.Builder().nIn(in).nOut(DEEP_WIDTH).activation(Activation.RELU).build());
            in = DEEP_WIDTH;
        }
        b.layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(in).nOut(FashionMnist.CLASSES)
                .activation(Activation.SOFTMAX).build());
        return init(b.build());
    }

    /**
     * A small residual CNN (after He et al. 2016) for structured pruning through dependency groups: a 3x3 stem
     * convolution (8 filters) with BatchNormalization and ReLU, 2x2 max pooling to 14x14, then three stages of two
     * residual blocks (8, 16 and 32 channels at 14x14, 7x7 and 4x4). Each block is conv 3x3 → BN → ReLU → conv 3x3 →
     * BN, added to its shortcut, then ReLU; the first block of stages 2 and 3 halves the resolution (stride 2) and
     * projects its shortcut with a 1x1 convolution and BN, the others keep an identity shortcut, so every stage's
     * output channels form one dependency group with its input's. Global average pooling and a softmax output over
     * the 10 classes follow; float32, Xavier, Adam 1e-3 as the other models. About 1.4 M multiply-adds per image.
     *
     * @param seed the weight-initialisation seed
     * @return an initialised ComputationGraph with one input ({@code [batch, 784]} rows) and one output
     */
    public static ComputationGraph resnetMini(long seed) {
        return resnetMini(seed, 8);
    }

    /**
     * {@link #resnetMini(long)} with other widths: the stem and stage 1 have {@code width} channels, stage 2 twice and
     * stage 3 four times as many. Width 16 gives He et al.'s CIFAR ResNet widths (16, 32, 64) and about 4x the
     * multiply-adds of width 8; on oneDNN's AVX-512 kernels, which work on blocks of 16 channels, its halved layers
     * still fill whole blocks.
     *
     * @param seed the weight-initialisation seed
     * @param width channels of the stem and stage 1, in [1, 256]
     * @return an initialised ComputationGraph with one input ({@code [batch, 784]} rows) and one output
     * @throws IllegalArgumentException if {@code width} is out of range
     */
    public static ComputationGraph resnetMini(long seed, int width) {
        if (width < 1 || width > 256) {
            throw new IllegalArgumentException("width (" + width + ") must be in [1, 256]");
        }
        ComputationGraphConfiguration.GraphBuilder g = base(seed).graphBuilder().addInputs("input")
                .setInputTypes(InputType.convolutionalFlat(FashionMnist.ROWS, FashionMnist.COLUMNS, 1));
        String x = convBn(g, "stem", "input", width, 1, true);
        g.addLayer("pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                .stride(2, 2).build(), x);
        x = "pool";
        int[] widths = {width, 2 * width, 4 * width};
        for (int stage = 0; stage < widths.length; stage++) {
            for (int block = 0; block < 2; block++) {
                boolean down = stage > 0 && block == 0;
                x = residualBlock(g, "s" + (stage + 1) + "b" + (block + 1), x, widths[stage], down);
            }
        }
        g.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), x);
        g.addLayer("output", new OutputLayer.Builder(LossFunction.MCXENT).nOut(FashionMnist.CLASSES)
                .activation(Activation.SOFTMAX).build(), "gap");
        g.setOutputs("output");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    /** conv 3x3 (same padding) → BN, with a ReLU after the BN if {@code relu}; returns the last vertex name. */
    private static String convBn(ComputationGraphConfiguration.GraphBuilder g, String name, String in, int out,
            int stride, boolean relu) {
        g.addLayer(name + "_conv", new ConvolutionLayer.Builder(3, 3).stride(stride, stride).nOut(out)
                .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build(), in);
        g.addLayer(name + "_bn", new BatchNormalization.Builder().activation(relu ? Activation.RELU
                : Activation.IDENTITY).build(), name + "_conv");
        return name + "_bn";
    }

    private static String residualBlock(ComputationGraphConfiguration.GraphBuilder g, String name, String in,
            int out, boolean down) {
        String a = convBn(g, name + "a", in, out, down ? 2 : 1, true);
        String b = convBn(g, name + "b", a, out, 1, false);
        String shortcut = in;
        if (down) {
            g.addLayer(name + "_proj", new ConvolutionLayer.Builder(1, 1).stride(2, 2).nOut(out)
                    .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).build(), in);
            g.addLayer(name + "_projbn", new BatchNormalization.Builder().activation(Activation.IDENTITY).build(),
                    name + "_proj");
            shortcut = name + "_projbn";
        }
        g.addVertex(name + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), b, shortcut);
        g.addLayer(name + "_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "_add");
        return name + "_relu";
    }

    /**
     * The name of the deep MLP in the JSON.
     *
     * @param depth number of hidden layers
     * @return e.g. {@code "mlp-256x32"}
     */
    public static String deepMlpName(int depth) {
        return "mlp-" + DEEP_WIDTH + "x" + depth;
    }
}
