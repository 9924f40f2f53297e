package io.github.dl4jpruning.mask;

/**
 * What one mask decision covers.
 *
 * <p>Structured granularities remove whole units, so that {@code Thinning} can make the network physically
 * smaller: with them the target density is the share of <em>units</em> (neurons or filters) kept in the
 * hidden Dense and convolution layers, and the weight density reported is whatever that leaves. Output layers
 * keep all their units (they are the classes). Channel, block and N:M granularities are not implemented yet.
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
    FILTER;

    /**
     * Whether this granularity removes whole units.
     *
     * @return true for {@link #NEURON} and {@link #FILTER}
     */
    public boolean isStructured() {
        return this != UNSTRUCTURED;
    }
}
