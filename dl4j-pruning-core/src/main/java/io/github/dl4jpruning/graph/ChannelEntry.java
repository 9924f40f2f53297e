package io.github.dl4jpruning.graph;

/**
 * One axis of one parameter that is indexed by channels: index {@code i} along {@code axis} belongs to channel node
 * {@code nodes[i]} (a producer's output channel, or a network input channel). Flatten preprocessors and depthwise
 * multipliers make several indices share a node.
 *
 * @param slice the parameter
 * @param axis the axis of the parameter that the nodes index
 * @param nodes the channel node of every index along the axis (length = the axis size)
 * @param role what the slice is to the channel
 */
public record ChannelEntry(ParamSlice slice, int axis, int[] nodes, Role role) {

    /** Copies the nodes. */
    public ChannelEntry {
        nodes = nodes.clone();
        if (nodes.length != slice.shape()[axis]) {
            throw new IllegalArgumentException("nodes (" + nodes.length + ") must match " + slice + " along axis "
                    + axis);
        }
    }

    /**
     * Returns a copy of the nodes.
     *
     * @return the channel node of every index along the axis
     */
    @Override
    public int[] nodes() {
        return nodes.clone();
    }

    /**
     * The node of one index (no copy).
     *
     * @param i the index along the axis
     * @return its channel node
     */
    public int node(int i) {
        return nodes[i];
    }

    /**
     * Axis size.
     *
     * @return the number of indices along the axis
     */
    public int size() {
        return nodes.length;
    }

    /** What a slice is to the channels it is indexed by. */
    public enum Role {
        /** The weights that produce the channel (a Dense column, a filter): scored by NEURON and FILTER. */
        PRODUCER_WEIGHT,
        /**
         * The weights of a layer that reads the channel and does not pass it on (the next Dense or convolution
         * layer's input slice): scored by CHANNEL; a channel whose consumer weights are all zero is dead.
         */
        CONSUMER_WEIGHT,
        /** Other parameters of the channel, masked with it: biases, BatchNormalization gamma and beta, depthwise kernels. */
        MASKED,
        /** Parameters that are only removed with the channel, never masked: BatchNormalization mean and variance. */
        SLICED
    }
}
