package io.github.dl4jpruning.network;

import io.github.dl4jpruning.mask.InputRuns;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GravesBidirectionalLSTM;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@link InputRuns} of a weight parameter: how its layer reads the parameter's memory and which axes hold the
 * output units. Checked on DL4J 1.0.0-M2.1 by zeroing all weights but one and seeing which output channel answers
 * to which input channel (the data format, NCHW or NHWC, NCW or NWC, does not change the weight layout):
 * <ul>
 * <li>2-D weights (Dense, output, Embedding, LSTM and SimpleRnn {@code W}, {@code RW}): {@code [nIn, nOut]}, one
 *     column per unit (one gate of one unit in an LSTM);</li>
 * <li>{@code ConvolutionLayer}, {@code Convolution2D}, {@code Convolution3D} and a separable convolution's
 *     {@code pW}: {@code [nOut, nIn, kH, kW]} / {@code [nOut, nIn, kD, kH, kW]} as stored;</li>
 * <li>{@code Convolution1DLayer}: stored {@code [nOut, nIn, k, 1]}, read as {@code [k, nIn, nOut]} in 'c' order
 *     (the run of a filter is {@code k x nIn}, input channels fastest);</li>
 * <li>{@code Deconvolution2D}: {@code [nIn, nOut, kH, kW]}; {@code Deconvolution3D}: {@code [kD, kH, kW, nOut,
 *     nIn]};</li>
 * <li>depthwise kernels ({@code DepthwiseConvolution2D} {@code W [kH, kW, nIn, depthMultiplier]},
 *     {@code SeparableConvolution2D} {@code W [depthMultiplier, nIn, kH, kW]}): each output channel reads one input
 *     channel, so its run is its {@code kH x kW} taps.</li>
 * </ul>
 * Refused: the recurrent weights of Graves LSTMs (their last 3 columns are peepholes, one weight per unit and gate),
 * and weights of rank 3 or more of layer kinds not listed here (which axis holds the units is unknown).
 */
final class InputRunLayouts {

    private InputRunLayouts() {
    }

    /**
     * The input runs of a parameter.
     *
     * @param conf the layer's configuration (wrappers are looked through)
     * @param key the parameter key
     * @param p the parameter as stored
     * @return the layout, or a refusal saying why N:M cannot apply
     */
    static InputRuns of(Layer conf, String key, INDArray p) {
        Layer c = conf;
        String k = key;
        while (true) {
            if (c instanceof Bidirectional b && b.getFwd() != null && !k.isEmpty()
                    && (k.charAt(0) == 'f' || k.charAt(0) == 'b')) {
                c = b.getFwd();
                k = k.substring(1);
            } else if (c instanceof BaseWrapperLayer w && w.getUnderlying() != null) {
                c = w.getUnderlying();
            } else {
                break;
            }
        }
        long[] s = p.shape();
        char o = p.ordering();
        if ((c instanceof GravesLSTM && k.equals("RW"))
                || (c instanceof GravesBidirectionalLSTM && (k.equals("RWF") || k.equals("RWB")))) {
            return InputRuns.refused("its recurrent weights " + Arrays.toString(s) + " end in 3 peephole columns, "
                    + "one weight per unit and gate, which have no input run to group");
        }
        if (s.length == 2) {
            return InputRuns.of(s, o, "column", "[nIn, nOut]", 1);
        }
        if (!(c instanceof ConvolutionLayer)) {
            return InputRuns.refused("its weight has shape " + Arrays.toString(s) + " and N:M knows which axis holds "
                    + "the output units only for 2-D weights and DL4J's convolution layers");
        }
        if (c instanceof Convolution1DLayer) {
            if (s.length != 4 || o != 'c') {
                return InputRuns.refused("its W " + Arrays.toString(s) + " '" + o + "' is not the [nOut, nIn, k, 1] "
                        + "'c' array DL4J 1.0.0-M2.1 reads as [k, nIn, nOut]");
            }
            return InputRuns.of(new long[] {s[2] * s[3], s[1], s[0]}, 'c', "filter", "[k, nIn, nOut]", 2);
        }
        String depthwise = "output channel, whose input is the kH x kW taps of one channel";
        if (c instanceof Deconvolution3D) {
            return conv(s, o, 5, "filter", "[kD, kH, kW, nOut, nIn]", 3);
        }
        if (c instanceof Deconvolution2D) {
            return conv(s, o, 4, "filter", "[nIn, nOut, kH, kW]", 1);
        }
        if (c instanceof DepthwiseConvolution2D) {
            return conv(s, o, 4, depthwise, "[kH, kW, nIn, depthMultiplier]", 2, 3);
        }
        if (c instanceof SeparableConvolution2D && k.equals("W")) {
            return conv(s, o, 4, depthwise, "[depthMultiplier, nIn, kH, kW]", 0, 1);
        }
        return s.length == 5 ? conv(s, o, 5, "filter", "[nOut, nIn, kD, kH, kW]", 0)
                : conv(s, o, 4, "filter", "[nOut, nIn, kH, kW]", 0);
    }

    /** A convolution weight read as stored, refused when its rank is not the one DL4J gives the layer. */
    private static InputRuns conv(long[] s, char o, int rank, String unit, String layout, int... unitAxes) {
        if (s.length != rank) {
            return InputRuns.refused("its weight has shape " + Arrays.toString(s) + " where " + layout
                    + " was expected");
        }
        return InputRuns.of(s, o, unit, layout, unitAxes);
    }
}
