package io.github.dl4jpruning.graph;

import io.github.dl4jpruning.graph.ChannelEntry.Role;
import io.github.dl4jpruning.network.NetworkAdapter;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BaseUpsamplingLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.Convolution2D;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
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
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPadding3DLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPadding1DLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping1D;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping3D;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.Cnn3DToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;

/**
 * How each layer kind and input preprocessor maps the channel space it reads to the one it writes, and which of its
 * parameter axes are indexed by channels (a 1-D convolution's {@code W} as DL4J reads it). Unit layers (Dense;
 * convolution 1-D, 2-D, 3-D, transposed 2-D and 3-D, separable; LSTM and SimpleRnn: {@link RecurrentRules}) start
 * new channels; BatchNormalization, depthwise convolutions and layers that work per channel pass them on; layers that
 * mix channels or are unknown pin what they read.
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
            return convolution1d(b, l, in, name, mixes);
        }
        if (c instanceof Deconvolution3D) {
            b.consume(l, "W", 4, in, Role.CONSUMER_WEIGHT);     // W is [kD, kH, kW, nOut, nIn]
            return produce(b, l, "W", 3, false, mixes);
        }
        if (c.getClass() == ConvolutionLayer.class || c.getClass() == Convolution2D.class
                || c instanceof Convolution3D) {                 // W is [nOut, nIn, kH, kW] / [nOut, nIn, kD, kH, kW]
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

    /**
     * DL4J 1.0.0-M2.1 stores a 1-D convolution's W as {@code [nOut, nIn, k, 1]} but convolves with the same memory
     * read as {@code [k, nIn, nOut]} ('c' order): stored filter j is not output channel j. The graph describes W as
     * it is read, so masks, scores and thinning address the weights of each real output and input channel.
     */
    private static int[] convolution1d(GraphBuilder b, NetworkAdapter.LayerInfo l, int[] in, String name,
            String mixes) {
        long[] w = l.params().containsKey("W") ? l.params().get("W").shape() : null;
        if (w == null || w.length != 4 || !b.readAs(l, "W", w[2] * w[3], w[1], w[0])) {
            String why = name + " has weights in a layout the dependency graph does not know";
            b.pin(in, why);
            return w == null ? in : produce(b, l, "W", 0, false, why);
        }
        b.consume(l, "W", 1, in, Role.CONSUMER_WEIGHT);
        return produce(b, l, "W", 2, false, mixes);
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
                || c instanceof BaseUpsamplingLayer || c instanceof SpaceToBatchLayer || c instanceof Subsampling3DLayer
                || c instanceof ZeroPadding3DLayer || c instanceof Cropping3D
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
            return flatten(in, f.getInputHeight() * f.getInputWidth(), f.getFormat() != CNN2DFormat.NHWC);
        }
        if (pre instanceof Cnn3DToFeedForwardPreProcessor f && in != null && in.length == f.getNumChannels()) {
            return flatten(in, f.getInputDepth() * f.getInputHeight() * f.getInputWidth(), f.isNCDHW());
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

    /** A 'c'-order flatten of channels x positions: channel-major when channels come first, else position-major. */
    private static int[] flatten(int[] in, long positions, boolean channelsFirst) {
        int hw = (int) positions;
        int c = in.length;
        int[] out = new int[c * hw];
        for (int i = 0; i < c; i++) {
            for (int p = 0; p < hw; p++) {
                out[channelsFirst ? i * hw + p : p * c + i] = in[i];
            }
        }
        return out;
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
