package io.github.dl4jpruning.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import java.util.function.Function;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * N:M groups follow the layout each layer reads its weights in: a 1-D convolution's {@code W} is stored
 * {@code [nOut, nIn, k, 1]} but read as {@code [k, nIn, nOut]}; transposed and depthwise convolutions have their
 * output units on other axes than axis 0.
 */
class NmInputRunsTest {

    private static final int N_IN = 8;
    private static final int N_OUT = 4;
    private static final int K = 2;
    private static final int T = 6;

    @Test
    void conv1dGroupsAreConsecutiveInputChannelsOfOneFilterAsTheLayerReadsW() {
        MultiLayerNetwork net = conv1d(N_IN);
        INDArray stored = net.getLayer(0).getParam("W").dup('c');        // [nOut, nIn, k, 1]
        assertArrayEquals(new long[] {N_OUT, N_IN, K, 1}, stored.shape());
        MaskState s = prune(net);
        PrunableParam p = s.params().get(0);
        assertEquals("layer0_W", p.id());
        INDArray w = stored.reshape('c', K, N_IN, N_OUT);                    // as read: [k, nIn, nOut]
        INDArray m = MaskState.segment(s.mask(), p).reshape('c', K, N_IN, N_OUT);
        // runs of a filter o: its k x nIn weights, input channels fastest
        assertTwoOfEveryFourKeepTheLargest(w.permute(2, 0, 1).dup('c').reshape(N_OUT, K * N_IN),
                m.permute(2, 0, 1).dup('c').reshape(N_OUT, K * N_IN));
        // the stored order would group other weights: its groups of 4 do not hold the pattern
        INDArray storedGroups = MaskState.segment(s.mask(), p).reshape('c', p.length() / 4, 4).sum(1);
        assertTrue(storedGroups.neq(2.0).castTo(DataType.INT32).sumNumber().intValue() > 0,
                "the stored-order groups differ from the read-order ones");
        for (PrunableParam q : s.params()) {
            assertEquals(q.length() / 2, MaskState.segment(s.mask(), q).sumNumber().longValue(), q.id());
        }
    }

    @Test
    void maskedConv1dComputesTheReferenceConvolutionWithTheMaskInTheReadLayout() {
        MultiLayerNetwork net = conv1d(N_IN);
        INDArray w = net.getLayer(0).getParam("W").dup('c').reshape('c', K, N_IN, N_OUT).castTo(DataType.DOUBLE);
        INDArray bias = net.getLayer(0).getParam("b").castTo(DataType.DOUBLE).reshape(N_OUT);
        INDArray keep = Nd4j.zeros(DataType.DOUBLE, K, N_IN, N_OUT);    // 2 largest of every 4 input channels
        for (int t = 0; t < K; t++) {
            for (int o = 0; o < N_OUT; o++) {
                for (int g = 0; g < N_IN; g += 4) {
                    for (int i = g; i < g + 4; i++) {
                        int larger = 0;
                        for (int j = g; j < g + 4; j++) {
                            double a = Math.abs(w.getDouble(t, j, o));
                            double b = Math.abs(w.getDouble(t, i, o));
                            larger += a > b || (a == b && j < i) ? 1 : 0;
                        }
                        keep.putScalar(new int[] {t, i, o}, larger < 2 ? 1.0 : 0.0);
                    }
                }
            }
        }
        prune(net);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, N_IN, T).subi(0.5);
        INDArray y = net.feedForwardToLayer(0, x).get(1).castTo(DataType.DOUBLE);
        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray wk = w.mul(keep);
        INDArray ref = Nd4j.zeros(DataType.DOUBLE, 3, N_OUT, T - K + 1);
        for (int b = 0; b < 3; b++) {
            for (int o = 0; o < N_OUT; o++) {
                for (int t = 0; t < T - K + 1; t++) {
                    double v = bias.getDouble(o);
                    for (int tap = 0; tap < K; tap++) {
                        for (int i = 0; i < N_IN; i++) {
                            v += wk.getDouble(tap, i, o) * xd.getDouble(b, i, t + tap);
                        }
                    }
                    ref.putScalar(new int[] {b, o, t}, v);
                }
            }
        }
        assertArrayEquals(ref.shape(), y.shape());
        double diff = y.sub(ref).amaxNumber().doubleValue();
        assertTrue(diff < 1e-5, "masked Conv1D output differs from the reference by " + diff);
        assertEquals(N_OUT * K * N_IN / 2, keep.sumNumber().intValue());
    }

    @Test
    void conv1dErrorNamesTheRunOfAFilterAsRead() {
        MultiLayerNetwork net = conv1d(3);                        // a filter reads k x nIn = 2 x 3 = 6 weights
        PruningListener l = listener();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.prune(net, 0.5));
        assertEquals("m (4) must divide the input dimension of layer0_W (6 consecutive weights per filter): "
                + "Convolution1DLayer reads W as [k, nIn, nOut] = [2, 3, 4]; exclude the layer or pick another m",
                e.getMessage());
    }

    @Test
    void transposedThreeDimensionalAndDepthwiseConvolutionsGroupTheInputsOfOneOutputUnit() {
        checkKind(new Deconvolution2D.Builder(2, 2).nOut(N_OUT).build(), InputType.convolutional(5, 5, N_IN),
                w -> w.permute(1, 0, 2, 3));                                 // [nIn, nOut, kH, kW]
        checkKind(new Deconvolution3D.Builder().kernelSize(1, 2, 2).nOut(N_OUT).build(),
                InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 3, 3, 3, N_IN),
                w -> w.permute(3, 0, 1, 2, 4));                              // [kD, kH, kW, nOut, nIn]
        checkKind(new Convolution3D.Builder().kernelSize(1, 2, 2).nOut(N_OUT).build(),
                InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 3, 3, 3, N_IN),
                w -> w);                                                     // [nOut, nIn, kD, kH, kW]
        checkKind(new DepthwiseConvolution2D.Builder(2, 2).depthMultiplier(2).nOut(2 * N_IN).build(),
                InputType.convolutional(5, 5, N_IN), w -> w.permute(2, 3, 0, 1)); // [kH, kW, nIn, dm]
        checkKind(new SeparableConvolution2D.Builder(2, 2).depthMultiplier(2).nOut(N_OUT).build(),
                InputType.convolutional(5, 5, N_IN), w -> w);  // W [dm, nIn, kH, kW], pW [nOut, nIn * dm, 1, 1]
    }

    @Test
    void gravesLstmRecurrentWeightsAreRefusedByName() {
        MultiLayerNetwork net = init(new NeuralNetConfiguration.Builder().seed(3).list()
                .layer(new GravesLSTM.Builder().nOut(N_IN).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(N_IN, T)).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> listener().prune(net, 0.5));
        assertTrue(e.getMessage().startsWith("N:M cannot apply to layer0_RW of layer \"layer0\" (GravesLSTM): its "
                + "recurrent weights [8, 35] end in 3 peephole columns"), e.getMessage());
    }

    @Test
    void readAndWriteAreInverseAndTheStoredConventionMatchesDense() {
        INDArray flat = Nd4j.linspace(DataType.FLOAT, 0, 24, 1);
        InputRuns r = InputRuns.of(new long[] {2, 3, 4}, 'c', "filter", "[k, nIn, nOut]", 2);
        INDArray runs = r.read(flat);
        assertEquals(flat.reshape('c', 2, 3, 4).permute(2, 0, 1).dup('c').reshape(4, 6), runs);
        INDArray back = Nd4j.zeros(DataType.FLOAT, 24);
        r.write(back, runs);
        assertEquals(flat, back);
        InputRuns dense = InputRuns.stored(new long[] {6, 4}, 'f');         // a column is 6 consecutive weights
        assertEquals(flat.reshape(4, 6), dense.read(flat));
        assertEquals("a 1-D parameter has no input dimension", InputRuns.stored(new long[] {5}, 'c').refusal());
    }

    /** Prunes the first layer of a net made of {@code layer}, global pooling and an output layer; compares groups. */
    private static void checkKind(Layer layer, InputType in, Function<INDArray, INDArray> unitsFirst) {
        MultiLayerNetwork net = init(new NeuralNetConfiguration.Builder().seed(5).list().layer(layer)
                .layer(new GlobalPoolingLayer.Builder().build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX)
                        .build())
                .setInputType(in).build());
        INDArray w = net.getLayer(0).getParam("W").dup('c');
        MaskState s = prune(net);
        PrunableParam p = s.params().get(0);
        INDArray m = MaskState.segment(s.mask(), p).reshape('c', w.shape());
        String kind = layer.getClass().getSimpleName();
        INDArray wu = unitsFirst.apply(w).dup('c');
        long units = wu.size(0);
        if (layer instanceof DepthwiseConvolution2D || layer instanceof SeparableConvolution2D) {  // unit = 2 axes
            wu = wu.reshape('c', wu.size(0) * wu.size(1), -1);
            units = wu.size(0);
        }
        INDArray mu = unitsFirst.apply(m).dup('c').reshape('c', units, -1);
        assertTwoOfEveryFourKeepTheLargest(wu.reshape('c', units, -1), mu);
        assertEquals(p.length() / 2, m.sumNumber().longValue(), kind);
        if (layer instanceof SeparableConvolution2D) {          // pW [nOut, nIn * dm, 1, 1]: one filter per unit
            INDArray pw = net.getLayer(0).getParam("pW");
            PrunableParam q = s.params().get(1);
            assertEquals("layer0_pW", q.id());
            assertTwoOfEveryFourKeepTheLargest(pw.dup('c').reshape('c', pw.size(0), -1),
                    MaskState.segment(s.mask(), q).reshape('c', pw.size(0), -1));
        }
    }

    private static void assertTwoOfEveryFourKeepTheLargest(INDArray w, INDArray m) {
        for (long u = 0; u < w.size(0); u++) {
            for (long g = 0; g < w.size(1); g += 4) {
                double minKept = Double.MAX_VALUE;
                double maxPruned = -1;
                int kept = 0;
                for (long j = g; j < g + 4; j++) {
                    double a = Math.abs(w.getDouble(u, j));
                    if (m.getDouble(u, j) == 1.0) {
                        kept++;
                        minKept = Math.min(minKept, a);
                    } else {
                        assertEquals(0.0, m.getDouble(u, j), 0.0);
                        maxPruned = Math.max(maxPruned, a);
                    }
                }
                assertEquals(2, kept, "unit " + u + ", group at " + g);
                assertTrue(minKept >= maxPruned, "unit " + u + ", group at " + g + ": kept " + minKept + " < pruned "
                        + maxPruned);
            }
        }
    }

    private static MultiLayerNetwork conv1d(int nIn) {
        return init(new NeuralNetConfiguration.Builder().seed(7).list()
                .layer(new Convolution1DLayer.Builder(K).convolutionMode(ConvolutionMode.Truncate).nOut(N_OUT)
                        .activation(Activation.IDENTITY).build())
                .layer(new GlobalPoolingLayer.Builder().build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.recurrent(nIn, T)).build());
    }

    private static MultiLayerNetwork init(org.deeplearning4j.nn.conf.MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static PruningListener listener() {
        return new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).nm(2, 4).build());
    }

    private static MaskState prune(MultiLayerNetwork net) {
        PruningListener l = listener();
        l.prune(net, 0.5);
        return l.state().orElseThrow();
    }
}
