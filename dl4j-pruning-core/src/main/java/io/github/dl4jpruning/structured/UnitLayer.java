package io.github.dl4jpruning.structured;

import java.util.List;

/**
 * A hidden layer whose units (neurons or filters) can be removed, and every parameter slice that belongs to a
 * unit: offsets are positions in the network's flat parameter vector.
 *
 * @param layerIndex the layer's index in the MultiLayerNetwork
 * @param layerName the layer's name
 * @param conv true for a convolution layer (units are filters), false for Dense (units are neurons)
 * @param units number of units ({@code nOut})
 * @param weights the layer's {@code W}: dense {@code [nIn, nOut]} order 'f', conv {@code [nOut, nIn, kH, kW]} 'c'
 * @param bias the layer's bias {@code [1, nOut]}, or null without bias
 * @param channelParams per-channel parameters of BatchNormalization layers between this layer and its consumer
 *        (gamma, beta; each {@code [1, nOut]})
 * @param consumer the next layer with weights, which reads this layer's units
 * @param between names of the layers between this one and its consumer (subsampling, BatchNormalization...)
 */
public record UnitLayer(int layerIndex, String layerName, boolean conv, int units, Slice weights, Slice bias,
        List<Slice> channelParams, Consumer consumer, List<String> between) {

    /** Copies the lists. */
    public UnitLayer {
        channelParams = List.copyOf(channelParams);
        between = List.copyOf(between);
    }

    /**
     * A parameter's place in the flat vector.
     *
     * @param layerIndex the layer it belongs to
     * @param key the parameter key
     * @param offset offset in the flat parameter vector
     * @param shape shape of the parameter view
     * @param order element order of the view over its segment
     */
    public record Slice(int layerIndex, String key, long offset, long[] shape, char order) {
        /** Copies the shape. */
        public Slice {
            shape = shape.clone();
        }

        /**
         * Returns a copy of the shape.
         *
         * @return the shape
         */
        @Override
        public long[] shape() {
            return shape.clone();
        }

        /**
         * Number of elements.
         *
         * @return the product of the shape
         */
        public long length() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /**
     * The layer that reads a unit layer's output.
     *
     * @param layerIndex its index
     * @param layerName its name
     * @param conv true if it is a convolution layer (unit j is its input channel j)
     * @param weights its {@code W}
     * @param positionsPerUnit inputs per unit: 1 for dense after dense and conv after conv, {@code h * w} for a
     *        Dense layer reading flattened {@code [c, h, w]} feature maps (unit j is rows {@code j*h*w ... })
     */
    public record Consumer(int layerIndex, String layerName, boolean conv, Slice weights, long positionsPerUnit) {
    }
}
