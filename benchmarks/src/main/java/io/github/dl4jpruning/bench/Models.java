package io.github.dl4jpruning.bench;

import io.github.dl4jpruning.data.FashionMnist;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
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
     * The name of the deep MLP in the JSON.
     *
     * @param depth number of hidden layers
     * @return e.g. {@code "mlp-256x32"}
     */
    public static String deepMlpName(int depth) {
        return "mlp-" + DEEP_WIDTH + "x" + depth;
    }
}
