package io.github.dl4jpruning.graph;

import io.github.dl4jpruning.graph.ChannelEntry.Role;
import io.github.dl4jpruning.network.NetworkAdapter;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.Convolution2D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SpaceToBatchLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.ZeroPadding1DLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping1D;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;

/**
 * How each layer kind and input preprocessor maps the channel space it reads to the one it writes, and which of its
 * parameter axes are indexed by channels. Unit layers (Dense; convolution 1-D, 2-D, transposed, separable; LSTM and
 * SimpleRnn: {@link RecurrentRules}) start new channels; BatchNormalization, depthwise convolutions and layers that
 * work per channel pass them on; layers that mix channels or are unknown pin what they read.
 */
final class LayerRules {

    private LayerRules() {
    }

    /**
     * The channel space a layer writes.
     *
     * @param b the builder
     * @param l the layer
     * @param pre its input preprocessor, or null
     * @param in the channel space it reads (null: unknown size)
     * @return the space it writes
     */
    static int[] apply(GraphBuilder b, NetworkAdapter.LayerInfo l, InputPreProcessor pre, int[] in) {
        in = preprocess(b, l.name(), pre, in);
        Layer c = l.conf();
        String name = "layer \"" + l.name() + "\" (" + c.getClass().getSimpleName() + ")";
        if (isOutputLayer(c)) {
            if (l.params().containsKey("W")) {
                b.consume(l, "W", 0, in, Role.CONSUMER_WEIGHT);
            } else {
                b.pin(in, name + " computes its loss on the channels");
            }
            long n = c instanceof FeedForwardLayer f ? f.getNOut() : 0;
            return n > 0 ? b.pinned((int) n, name + " is an output layer") : in;
        }
        String mixes = mixingActivation(c) ? name + " has a softmax activation, which mixes its units" : null;
        if (RecurrentRules.handles(c)) {
            return RecurrentRules.apply(b, l, in, mixes);
        }
        if (c instanceof DenseLayer && l.params().containsKey("W")) {
            b.consume(l, "W", 0, in, Role.CONSUMER_WEIGHT);
            return produce(b, l, "W", 1, true, mixes);
        }
        if (c instanceof SeparableConvolution2D s) {
            int[] read = b.consume(l, "W", 1, in, Role.MASKED);
            b.consume(l, "pW", 1, GraphBuilder.expand(read, s.getDepthMultiplier()), Role.CONSUMER_WEIGHT);
            return produce(b, l, "pW", 0, false, mixes);
        }
        if (c instanceof DepthwiseConvolution2D d) {
            int[] read = b.consume(l, "W", 2, in, Role.MASKED);
            int[] out = GraphBuilder.expand(read, d.getDepthMultiplier());
            b.ride(l, "b", out, Role.MASKED);
            b.pin(mixes == null ? null : out, mixes);
            return out;
        }
        if (c instanceof Deconvolution2D) {
            b.consume(l, "W", 0, in, Role.CONSUMER_WEIGHT);
            return produce(b, l, "W", 1, false, mixes);
        }
        if (c instanceof Convolution1DLayer) {
            // DL4J 1.0.0-M2.1 stores W as [nOut, nIn, k, 1] but convolves with the same memory read as
            // [k, nIn, nOut]: filter j of the stored shape is not output channel j
            String why = name + " reads its weights in another layout than it stores them (DL4J 1.0.0-M2.1), so "
                    + "its channels are not followed";
            b.pin(in, why);
            return produce(b, l, "W", 0, false, why);
        }
        if (c.getClass() == ConvolutionLayer.class || c.getClass() == Convolution2D.class) {
            b.consume(l, "W", 1, in, Role.CONSUMER_WEIGHT);
            return produce(b, l, "W", 0, false, mixes);
        }
        if (c instanceof BatchNormalization) {
            for (String key : new String[] {"gamma", "beta"}) {
                b.ride(l, key, in, Role.MASKED);
            }
            for (String key : new String[] {"mean", "var", "log10stdev"}) {
                b.ride(l, key, in, Role.SLICED);
            }
            return in;
        }
        if (c instanceof LocalResponseNormalization) {
            b.pin(in, name + " normalizes each channel by its neighbours, so removing a channel changes the others");
            return in;
        }
        if (passesChannels(c) && l.params().isEmpty()) {
            return in;
        }
        b.pin(in, name + " is not followed by the dependency graph");
        long n = c instanceof FeedForwardLayer f ? f.getNOut() : 0;
        return n > 0 ? b.pinned((int) n, name + " is not followed by the dependency graph") : in;
    }

    private static int[] produce(GraphBuilder b, NetworkAdapter.LayerInfo l, String key, int axis, boolean dense,
            String pin) {
        int[] out = b.produce(l, key, axis, dense, pin);
        b.ride(l, "b", out, Role.MASKED);
        return out;
    }

    /** Layers without parameters that work on every channel alone. */
    private static boolean passesChannels(Layer c) {
        if (c instanceof GlobalPoolingLayer g) {
            int[] dims = g.getPoolingDimensions();
            return dims == null || Arrays.stream(dims).noneMatch(d -> d == 1);
        }
        if (c instanceof ActivationLayer a) {
            return !(a.getActivationFn() instanceof ActivationSoftmax);
        }
        return c instanceof SubsamplingLayer || c instanceof DropoutLayer || c instanceof ZeroPaddingLayer
                || c instanceof ZeroPadding1DLayer || c instanceof Cropping2D || c instanceof Cropping1D
                || c instanceof Upsampling2D || c instanceof SpaceToBatchLayer
                || c instanceof org.deeplearning4j.nn.conf.layers.util.MaskLayer;
    }

    private static boolean mixingActivation(Layer c) {
        return c instanceof BaseLayer bl && bl.getActivationFn() instanceof ActivationSoftmax;
    }

    static boolean isOutputLayer(Layer c) {
        return c instanceof BaseOutputLayer || c instanceof LossLayer || c instanceof RnnLossLayer
                || c instanceof CnnLossLayer || c instanceof Cnn3DLossLayer || c instanceof Yolo2OutputLayer
                || c instanceof org.deeplearning4j.nn.conf.layers.samediff.SameDiffOutputLayer;
    }

    /**
     * The channel space after an input preprocessor (of a layer or a {@code PreprocessorVertex}): a flatten gives
     * each channel its {@code h * w} positions (channel-major for NCHW, position-major for NHWC).
     */
    static int[] preprocess(GraphBuilder b, String owner, InputPreProcessor pre, int[] in) {
        if (pre == null || pre instanceof RnnToFeedForwardPreProcessor || pre instanceof FeedForwardToRnnPreProcessor) {
            return in;
        }
        b.preprocessorInputs.put(owner, in);
        if (pre instanceof CnnToFeedForwardPreProcessor f && in != null && in.length == f.getNumChannels()) {
            int hw = (int) (f.getInputHeight() * f.getInputWidth());
            int c = in.length;
            int[] out = new int[c * hw];
            boolean nchw = f.getFormat() != CNN2DFormat.NHWC;
            for (int i = 0; i < c; i++) {
                for (int p = 0; p < hw; p++) {
                    out[nchw ? i * hw + p : p * c + i] = in[i];
                }
            }
            return out;
        }
        if (pre instanceof FeedForwardToCnnPreProcessor f && in != null) {
            int c = (int) f.getNumChannels();
            int hw = (int) (f.getInputHeight() * f.getInputWidth());
            if (in.length == (long) c * hw && constantPerChannel(in, c, hw)) {
                int[] out = new int[c];
                for (int i = 0; i < c; i++) {
                    out[i] = in[i * hw];
                }
                return out;
            }
        }
        b.pin(in, "the input preprocessor of \"" + owner + "\" (" + pre.getClass().getSimpleName()
                + ") is not followed by the dependency graph");
        return null;
    }

    private static boolean constantPerChannel(int[] in, int c, int hw) {
        for (int i = 0; i < c; i++) {
            for (int p = 1; p < hw; p++) {
                if (in[i * hw + p] != in[i * hw]) {
                    return false;
                }
            }
        }
        return true;
    }
}
