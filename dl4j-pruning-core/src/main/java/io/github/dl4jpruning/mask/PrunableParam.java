package io.github.dl4jpruning.mask;

import java.util.Arrays;
import java.util.Objects;

/**
 * One prunable parameter of a network and where it lies in the network's flat parameter vector.
 *
 * @param layerName the layer's name ({@code layer0}... in a MultiLayerNetwork by default, the vertex name
 *        in a ComputationGraph)
 * @param layerIndex the layer index (MultiLayerNetwork) or vertex index (ComputationGraph)
 * @param paramKey the parameter key in the layer ({@code W}, {@code RW}...)
 * @param layerType simple class name of the layer configuration
 * @param offset offset of the first element in the flat parameter vector
 * @param shape the parameter's shape (its elements are contiguous in the flat vector)
 * @param order the element order of the parameter view over its segment ({@code 'f'} for DL4J's dense
 *        weights, {@code 'c'} for convolution kernels)
 * @param inputRuns where each output unit's input weights lie, as the layer reads the parameter (what N:M groups)
 */
public record PrunableParam(String layerName, int layerIndex, String paramKey, String layerType, long offset,
        long[] shape, char order, InputRuns inputRuns) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if the offset is negative, the shape empty or the order neither
     *         'c' nor 'f'
     */
    public PrunableParam {
        if (order != 'c' && order != 'f') {
            throw new IllegalArgumentException("order ('" + order + "') must be 'c' or 'f'");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset (" + offset + ") must be >= 0");
        }
        if (shape == null || shape.length == 0) {
            throw new IllegalArgumentException("shape must have at least one dimension");
        }
        shape = shape.clone();
        if (inputRuns == null) {
            throw new IllegalArgumentException("inputRuns must not be null: use InputRuns.stored(shape, order) for a "
                    + "parameter its layer reads as stored");
        }
    }

    /**
     * A parameter its layer reads as stored, in DL4J's convention ({@link InputRuns#stored}: 2-D {@code [nIn, nOut]},
     * higher rank {@code [nOut, nIn, ...]}).
     *
     * @param layerName the layer's name
     * @param layerIndex the layer or vertex index
     * @param paramKey the parameter key
     * @param layerType simple class name of the layer configuration
     * @param offset offset in the flat parameter vector
     * @param shape the parameter's shape
     * @param order the element order of the parameter view
     * @throws IllegalArgumentException as the canonical constructor
     */
    public PrunableParam(String layerName, int layerIndex, String paramKey, String layerType, long offset,
            long[] shape, char order) {
        this(layerName, layerIndex, paramKey, layerType, offset, shape, order,
                shape == null || shape.length == 0 || (order != 'c' && order != 'f') ? InputRuns.refused("invalid")
                        : InputRuns.stored(shape, order));
    }

    /**
     * The id used in reports and JSON: {@code <layerName>_<paramKey>}.
     *
     * @return the id, e.g. {@code layer0_W}
     */
    public String id() {
        return layerName + "_" + paramKey;
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

    /**
     * Returns a copy of the shape.
     *
     * @return the shape
     */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrunableParam p && p.layerIndex == layerIndex && p.offset == offset
                && p.layerName.equals(layerName) && p.paramKey.equals(paramKey) && p.layerType.equals(layerType)
                && Arrays.equals(p.shape, shape) && p.order == order && p.inputRuns.equals(inputRuns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(layerName, layerIndex, paramKey, layerType, offset, Arrays.hashCode(shape), order,
                inputRuns);
    }

    @Override
    public String toString() {
        return id() + "(" + layerType + " #" + layerIndex + ", offset " + offset + ", shape "
                + Arrays.toString(shape) + " '" + order + "')";
    }
}
