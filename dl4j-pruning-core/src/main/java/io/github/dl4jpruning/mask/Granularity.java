package io.github.dl4jpruning.mask;

/**
 * What one mask decision covers: the kind of a {@code config.GranularitySpec}, which carries the settings of each
 * kind (group score, tile size, N and M).
 *
 * <p>Structured granularities (NEURON, FILTER, CHANNEL) remove whole units, so that {@code Thinning} can make the
 * network physically smaller: with them the target density is the share of <em>units</em> kept in the hidden Dense
 * and convolution layers, and the weight density reported is whatever that leaves. Output layers keep all their
 * units (they are the classes). BLOCK and N_M are patterns of single weights: the network keeps its shape.
 */
public enum Granularity {
    /** Single weights: every weight is ranked and kept or pruned on its own. */
    UNSTRUCTURED,
    /**
     * Neurons of hidden Dense layers: unit {@code j} is column {@code j} of {@code W}, bias {@code j}, and row
     * {@code j} of the next layer's {@code W}.
     */
    NEURON,
    /**
     * Filters (output channels) of hidden convolution layers: {@code W[j]}, bias {@code j}, the channel's
     * BatchNormalization parameters, and the next layer's input channel {@code j} (or its rows, after a
     * flatten into a Dense layer). Also prunes the neurons of hidden Dense layers, so a LeNet-5 loses filters and
     * neurons alike.
     */
    FILTER,
    /**
     * Channels: the same units as {@link #FILTER} (a filter of one layer is an input channel of the next), scored by
     * the weights that <em>read</em> the channel (the next layer's input-channel slice) instead of those that
     * write it (He, Zhang and Sun 2017 prune channels by their consumers).
     */
    CHANNEL,
    /** {@code b x b} tiles of the 2-D weight matrices of Dense and output layers, scored by their L2 norm. */
    BLOCK,
    /**
     * N:M: in every group of {@code M} consecutive weights of one output unit's inputs, in the order the layer reads
     * its weights ({@link PatternMaskUpdater#nm}), the {@code N} largest are kept (e.g. 2:4, the pattern of NVIDIA's
     * sparse tensor cores); density is exactly {@code N/M}.
     */
    N_M;

    /**
     * Whether this granularity removes whole units.
     *
     * @return true for {@link #NEURON}, {@link #FILTER} and {@link #CHANNEL}
     */
    public boolean isStructured() {
        return this == NEURON || this == FILTER || this == CHANNEL;
    }

    /**
     * Whether this granularity is a pattern of single weights ({@link #BLOCK}, {@link #N_M}).
     *
     * @return true for the patterns
     */
    public boolean isPattern() {
        return this == BLOCK || this == N_M;
    }
}
