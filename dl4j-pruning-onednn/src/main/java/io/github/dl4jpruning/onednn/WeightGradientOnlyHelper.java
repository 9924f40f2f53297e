package io.github.dl4jpruning.onednn;

import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The convolution helper of a layer that reads the network input: forwards everything to DL4J's oneDNN helper
 * ({@code MKLDNNConvHelper}) except the backward pass during training, where it computes only the weight and bias
 * gradients (one oneDNN forward convolution of the input with delta as the kernel where that is exact, else im2col +
 * one GEMM as DL4J's built-in path does) and returns a zero epsilon, because
 * {@code MultiLayerNetwork} / {@code ComputationGraph.computeGradientAndScore()} discard the gradient with respect
 * to the network input. Whenever another caller runs the backward pass ({@code calculateGradients},
 * {@code backpropGradient}, a subclass...), it delegates to the oneDNN helper, which computes the true input gradient.
 *
 * <p>Call order: created by {@link InputGradientSkipper} after the layer's own helper was created ({@code init()});
 * DL4J then calls it like any helper: {@code preOutput}/{@code activate} in the forward pass, {@code backpropGradient}
 * once per backward pass.
 */
final class WeightGradientOnlyHelper implements ConvolutionHelper {

    private static final Logger log = LoggerFactory.getLogger(WeightGradientOnlyHelper.class);

    /** How deep to look for the network's backward-pass frames; DL4J's own depth is below 10. */
    private static final int MAX_FRAMES = 64;

    private static final String CALC_BACKPROP = "calcBackpropGradients";

    private static final String TRAINING_CALLER = "computeGradientAndScore";

    private static final Set<String> NETWORK_CLASSES =
            Set.of(MultiLayerNetwork.class.getName(), ComputationGraph.class.getName());

    private final ConvolutionHelper delegate;

    private long skipped;

    private long delegated;

    private long convolutions;

    private boolean convolutionFailed;

    WeightGradientOnlyHelper(ConvolutionHelper delegate) {
        this.delegate = delegate;
    }

    /**
     * The oneDNN helper this one forwards to.
     *
     * @return DL4J's original helper of the layer
     */
    ConvolutionHelper delegate() {
        return delegate;
    }

    /**
     * How many backward passes computed only the weight and bias gradients.
     *
     * @return the count since the helper was installed
     */
    long skippedCount() {
        return skipped;
    }

    /**
     * How many backward passes went to the oneDNN helper (input gradient needed, or a case this class leaves to it).
     *
     * @return the count since the helper was installed
     */
    long delegatedCount() {
        return delegated;
    }

    /**
     * How many of the {@link #skippedCount()} backward passes computed the weight gradient as one forward convolution
     * (the others used im2col + GEMM).
     *
     * @return the count since the helper was installed
     */
    long convolutionCount() {
        return convolutions;
    }

    @Override
    public boolean checkSupported() {
        return delegate.checkSupported();
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return delegate.helperMemoryUse();
    }

    @Override
    public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
            AlgoMode mode, FwdAlgo fwdAlgo, ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
            LayerWorkspaceMgr workspaceMgr) {
        return delegate.preOutput(input, weights, bias, kernel, strides, pad, mode, fwdAlgo, convolutionMode, dilation,
                format, workspaceMgr);
    }

    @Override
    public INDArray activate(INDArray z, IActivation afn, boolean training) {
        return delegate.activate(z, afn, training);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
            int[] kernel, int[] strides, int[] pad, INDArray biasGradView, INDArray weightGradView, IActivation afn,
            AlgoMode mode, BwdFilterAlgo bwdFilterAlgo, BwdDataAlgo bwdDataAlgo, ConvolutionMode convolutionMode,
            int[] dilation, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (format != CNN2DFormat.NCHW || input.dataType() != DataType.FLOAT || weights.dataType() != DataType.FLOAT
                || input.rank() != 4 || inputGradientNeeded()) {
            delegated++;
            return delegate.backpropGradient(input, weights, bias, delta, kernel, strides, pad, biasGradView,
                    weightGradView, afn, mode, bwdFilterAlgo, bwdDataAlgo, convolutionMode, dilation, format,
                    workspaceMgr);
        }
        skipped++;
        if (!convolutionFailed && asOneConvolution(input, delta, kernel, strides, pad, biasGradView, weightGradView,
                convolutionMode, dilation, workspaceMgr)) {
            convolutions++;
        } else {
            weightAndBiasGradients(input, delta, kernel, strides, pad, biasGradView, weightGradView, convolutionMode,
                    dilation, workspaceMgr);
        }
        Gradient g = new DefaultGradient();
        if (biasGradView != null) {
            g.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
        }
        g.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
        INDArray epsilon = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
        return new Pair<>(g, epsilon);
    }

    /**
     * Weight gradient as one forward convolution, where it is exact: gradW[o, c, i, j] = Σ_{n, y, x} delta[n, o, y, x]
     * · in[n, c, y·s + i·d − p, x·s + j·d − p] is a convolution of the input seen as [iC, N, H, W] (batch iC,
     * channels N) with delta seen as the kernel ([oH, oW, N, oC] in libnd4j's layout), stride d, dilation s, padding
     * p on both sides; its output [iC, oC, ≥kH, ≥kW] holds gradW (permuted) in its top-left corner. Needs the
     * symmetric padding to reach every input index the layer read: true for explicit padding, and in Same mode when
     * the bottom/right padding does not exceed the top/left one. Used for stride 1 and dilation 1 only: with M2.1's
     * oneDNN build a dilated convolution (the layer's stride becomes the dilation here) fails with "could not create a
     * descriptor for a dilated convolution forward propagation primitive". Otherwise returns false and computes
     * nothing.
     * One oneDNN forward convolution costs less than both im2col + GEMM and {@code conv2d_bp} for LeNet-5's first
     * layer. If the op fails once, this instance uses im2col + GEMM from then on.
     *
     * @return false if the case is not covered (nothing written)
     */
    private boolean asOneConvolution(INDArray input, INDArray delta, int[] kernel, int[] strides, int[] pad,
            INDArray biasGradView, INDArray weightGradView, ConvolutionMode convolutionMode, int[] dilation,
            LayerWorkspaceMgr workspaceMgr) {
        long miniBatch = input.size(0);
        long inDepth = input.size(1);
        long outDepth = delta.size(1);
        long outH = delta.size(2);
        long outW = delta.size(3);
        long inH = input.size(2);
        long inW = input.size(3);
        int[] padding = topLeftPadding(pad, convolutionMode, delta, input, kernel, strides, dilation);
        long h = (inH + 2L * padding[0] - (strides[0] * (outH - 1) + 1)) / dilation[0] + 1;
        long w = (inW + 2L * padding[1] - (strides[1] * (outW - 1) + 1)) / dilation[1] + 1;
        if (h < kernel[0] || w < kernel[1] || strides[0] != 1 || strides[1] != 1 || dilation[0] != 1
                || dilation[1] != 1) {
            return false;
        }
        INDArray in = inDepth == 1 ? input.reshape('c', 1, miniBatch, inH, inW)
                : input.permute(1, 0, 2, 3).dup('c');
        INDArray kernelView = delta.permute(2, 3, 0, 1);      // [oH, oW, N, oC]
        INDArray out = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, input.dataType(),
                new long[] {inDepth, outDepth, h, w}, 'c');
        Conv2DConfig config = Conv2DConfig.builder().kH(outH).kW(outW).sH(dilation[0]).sW(dilation[1])
                .pH(padding[0]).pW(padding[1]).dH(strides[0]).dW(strides[1]).paddingMode(PaddingMode.VALID)
                .dataFormat(Conv2DConfig.NCHW).build();
        try {
            Nd4j.exec(new Conv2D(new INDArray[] {in, kernelView}, new INDArray[] {out}, config));
        } catch (RuntimeException e) {
            convolutionFailed = true;
            log.warn("weight gradient as one convolution failed ({}); using im2col + GEMM from now on", e.toString());
            return false;
        }
        weightGradView.assign(out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, kernel[0]),
                NDArrayIndex.interval(0, kernel[1])).permute(1, 0, 2, 3));
        if (biasGradView != null) {
            delta.sum(biasGradView.reshape(outDepth), 0, 2, 3);
        }
        return true;
    }

    /** The layer's padding, or in Same mode the top/left padding DL4J computes for these input and output sizes. */
    private static int[] topLeftPadding(int[] pad, ConvolutionMode convolutionMode, INDArray delta, INDArray input,
            int[] kernel, int[] strides, int[] dilation) {
        if (convolutionMode != ConvolutionMode.Same) {
            return pad;
        }
        return ConvolutionUtils.getSameModeTopLeftPadding(new int[] {(int) delta.size(2), (int) delta.size(3)},
                new int[] {(int) input.size(2), (int) input.size(3)}, kernel, strides, dilation);
    }

    /**
     * Weight gradient as DL4J's built-in path computes it: im2col of the input (same stride, padding, dilation and
     * Same-mode flag) reshaped to [N·oH·oW, iC·kH·kW], times delta as [oC, N·oH·oW], into the [oC, iC·kH·kW] view of
     * {@code weightGradView}; bias gradient: delta summed over batch and space.
     */
    static void weightAndBiasGradients(INDArray input, INDArray delta, int[] kernel, int[] strides, int[] pad,
            INDArray biasGradView, INDArray weightGradView, ConvolutionMode convolutionMode, int[] dilation,
            LayerWorkspaceMgr workspaceMgr) {
        long miniBatch = input.size(0);
        long inDepth = input.size(1);
        long outDepth = delta.size(1);
        long outH = delta.size(2);
        long outW = delta.size(3);
        int kH = kernel[0];
        int kW = kernel[1];
        int[] padding = topLeftPadding(pad, convolutionMode, delta, input, kernel, strides, dilation);
        INDArray col = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, input.dataType(),
                new long[] {miniBatch, outH, outW, inDepth, kH, kW}, 'c');
        INDArray col2 = col.permute(0, 3, 4, 5, 1, 2);
        Convolution.im2col(input, kH, kW, strides[0], strides[1], padding[0], padding[1], dilation[0], dilation[1],
                convolutionMode == ConvolutionMode.Same, col2);
        INDArray im2col2d = col.reshape('c', miniBatch * outH * outW, inDepth * kH * kW);
        INDArray delta2d = delta.permute(1, 0, 2, 3).dup('c').reshape('c', outDepth, miniBatch * outH * outW);
        INDArray weightGradView2df = Shape.newShapeNoCopy(weightGradView,
                new long[] {outDepth, inDepth * kH * kW}, false).transpose();
        Nd4j.gemm(im2col2d, delta2d, weightGradView2df, true, true, 1.0, 0.0);
        if (biasGradView != null) {
            delta2d.sum(biasGradView.reshape(outDepth), 1);
        }
    }

    /**
     * Whether the network that runs this backward pass keeps the gradient with respect to its input: false only when
     * {@code MultiLayerNetwork.calcBackpropGradients} or {@code ComputationGraph.calcBackpropGradients} was called
     * directly by the same class's {@code computeGradientAndScore()} (the training path, which in DL4J 1.0.0-M2.1
     * passes {@code returnInputActGrad = false} / keeps no input epsilons). Any other caller, or a stack this method
     * does not recognise, counts as "needed".
     */
    static boolean inputGradientNeeded() {
        return StackWalker.getInstance().walk(frames -> {
            boolean sawCalc = false;
            for (StackWalker.StackFrame f : (Iterable<StackWalker.StackFrame>) frames.limit(MAX_FRAMES)::iterator) {
                if (sawCalc) {
                    return !(TRAINING_CALLER.equals(f.getMethodName()) && NETWORK_CLASSES.contains(f.getClassName()));
                }
                if (CALC_BACKPROP.equals(f.getMethodName()) && NETWORK_CLASSES.contains(f.getClassName())) {
                    sawCalc = true;
                }
            }
            return true;
        });
    }
}
