package io.github.dl4jpruning.graph;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A parameter's place in the network's flat parameter vector, with the shape its layer reads it with. That is the
 * stored shape, except for {@code Convolution1DLayer}'s {@code W}: DL4J 1.0.0-M2.1 stores it as
 * {@code [nOut, nIn, k, 1]} but convolves with the same memory read as {@code [k, nIn, nOut]} in 'c' order, so its
 * slice has that shape and order (output channel {@code j} is index {@code j} of axis 2).
 *
 * @param layer the layer (vertex) name
 * @param key the parameter key ({@code W}, {@code b}, {@code gamma}...)
 * @param offset offset in the flat parameter vector
 * @param shape the parameter's shape as its layer reads it
 * @param order the parameter view's element order over its segment
 */
public record ParamSlice(String layer, String key, long offset, long[] shape, char order) {

    /** Copies the shape. */
    public ParamSlice {
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

    /**
     * The view of a flat vector (parameters, mask, gradients: same layout) over this slice, with the parameter's
     * shape and order.
     *
     * @param flat a flat {@code [n]} or {@code [1, n]} array
     * @return a view (writes go to {@code flat})
     */
    public INDArray view(INDArray flat) {
        INDArray v = flat.rank() == 1 ? flat : flat.reshape(flat.length());
        return v.get(NDArrayIndex.interval(offset, offset + length())).reshape(order, shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamSlice p && p.layer.equals(layer) && p.key.equals(key) && p.offset == offset
                && java.util.Arrays.equals(p.shape, shape) && p.order == order;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(layer, key, offset, java.util.Arrays.hashCode(shape), order);
    }

    @Override
    public String toString() {
        return layer + "_" + key + java.util.Arrays.toString(shape);
    }
}
