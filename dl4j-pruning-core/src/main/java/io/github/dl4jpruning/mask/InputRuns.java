package io.github.dl4jpruning.mask;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where the input weights of each output unit of a layer lie in one weight parameter, as the layer reads the
 * parameter's memory: the N:M pattern ({@link PatternMaskUpdater#nm}) groups {@code M} consecutive weights of such an
 * input run. The parameter's segment of the flat vector is read as {@code shape} in {@code order} (the layer's read
 * shape, which can differ from the stored one: DL4J 1.0.0-M2.1's {@code Convolution1DLayer} stores {@code W} as
 * {@code [nOut, nIn, k, 1]} and convolves with the same memory read as {@code [k, nIn, nOut]} in 'c' order);
 * {@code unitAxes} index the output units, and the other axes, in their order with the last one fastest, are the
 * unit's input run. A parameter whose layer has no such run carries a refusal instead.
 *
 * @param shape the read shape (empty for a refusal)
 * @param order the read order, 'c' or 'f'
 * @param unitAxes the axes of {@code shape} that index output units
 * @param unit what one output unit is called in messages ({@code column}, {@code filter}, {@code output channel})
 * @param layout how the layer reads the parameter, for messages ({@code "[nIn, nOut]"}...)
 * @param refusal why N:M cannot apply, or null
 */
public record InputRuns(long[] shape, char order, int[] unitAxes, String unit, String layout, String refusal) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if the order is neither 'c' nor 'f', or (without a refusal) the unit axes are
     *         not distinct axes of the shape
     */
    public InputRuns {
        shape = shape.clone();
        unitAxes = unitAxes.clone();
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(layout, "layout");
        if (order != 'c' && order != 'f') {
            throw new IllegalArgumentException("order ('" + order + "') must be 'c' or 'f'");
        }
        int rank = shape.length;
        if (refusal == null && (unitAxes.length == 0 || unitAxes.length >= rank
                || IntStream.of(unitAxes).anyMatch(a -> a < 0 || a >= rank)
                || IntStream.of(unitAxes).distinct().count() != unitAxes.length)) {
            throw new IllegalArgumentException("unitAxes (" + Arrays.toString(unitAxes) + ") must be distinct axes of "
                    + "the shape " + Arrays.toString(shape) + " leaving at least one input axis");
        }
    }

    /**
     * Input runs of a parameter read as {@code shape} in {@code order}.
     *
     * @param shape the read shape
     * @param order the read order
     * @param unit what one output unit is called
     * @param layout how the layer reads the parameter
     * @param unitAxes the axes indexing output units
     * @return the layout
     */
    public static InputRuns of(long[] shape, char order, String unit, String layout, int... unitAxes) {
        return new InputRuns(shape, order, unitAxes, unit, layout, null);
    }

    /**
     * A parameter N:M cannot apply to.
     *
     * @param why the reason, shown in the error
     * @return the refusal
     */
    public static InputRuns refused(String why) {
        return new InputRuns(new long[0], 'c', new int[0], "", "", Objects.requireNonNull(why, "why"));
    }

    /**
     * DL4J's convention for a parameter read as stored: a 2-D weight is {@code [nIn, nOut]} (one column per unit, as
     * in Dense layers), a higher-rank one {@code [nOut, nIn, ...]} (one filter per unit, as in 2-D and 3-D
     * convolutions); a 1-D parameter has no input run.
     *
     * @param stored the stored shape
     * @param order the stored order
     * @return the layout
     */
    public static InputRuns stored(long[] stored, char order) {
        if (stored.length < 2) {
            return refused("a 1-D parameter has no input dimension");
        }
        return stored.length == 2 ? of(stored, order, "column", "[nIn, nOut]", 1)
                : of(stored, order, "filter", "[nOut, nIn, ...]", 0);
    }

    /**
     * Number of output units.
     *
     * @return the product of the unit axes
     */
    public long units() {
        return IntStream.of(unitAxes).mapToLong(a -> shape[a]).reduce(1, (x, y) -> x * y);
    }

    /**
     * Length of one unit's input run.
     *
     * @return the product of the other axes
     */
    public long runLength() {
        return IntStream.range(0, shape.length).filter(a -> IntStream.of(unitAxes).noneMatch(u -> u == a))
                .mapToLong(a -> shape[a]).reduce(1, (x, y) -> x * y);
    }

    /**
     * Reads a parameter's segment as {@code [units, runLength]} ('c' order): row {@code u} holds unit {@code u}'s
     * input run.
     *
     * @param segment the parameter's rank-1 segment of a flat vector
     * @return a new array
     */
    public INDArray read(INDArray segment) {
        return segment.reshape(order, shape).permute(permutation()).dup('c')
                .reshape('c', new long[] {units(), runLength()});
    }

    /**
     * Writes {@code [units, runLength]} values back into a parameter's segment, each where {@link #read} took it.
     *
     * @param segment the parameter's rank-1 segment of a flat vector (written)
     * @param runs the values, shape {@code [units, runLength]}
     */
    public void write(INDArray segment, INDArray runs) {
        int[] perm = permutation();
        long[] permuted = new long[shape.length];
        int[] inverse = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            permuted[i] = shape[perm[i]];
            inverse[perm[i]] = i;
        }
        INDArray asRead = runs.dup('c').reshape('c', permuted).permute(inverse);
        segment.assign(asRead.dup(order).reshape(order, new long[] {segment.length()}));
    }

    /** Unit axes first, then the input axes in their order. */
    private int[] permutation() {
        return IntStream.concat(IntStream.of(unitAxes),
                IntStream.range(0, shape.length).filter(a -> IntStream.of(unitAxes).noneMatch(u -> u == a))).toArray();
    }

    /**
     * Returns a copy of the read shape.
     *
     * @return the shape
     */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * Returns a copy of the unit axes.
     *
     * @return the axes
     */
    @Override
    public int[] unitAxes() {
        return unitAxes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputRuns r && Arrays.equals(r.shape, shape) && r.order == order
                && Arrays.equals(r.unitAxes, unitAxes) && r.unit.equals(unit) && r.layout.equals(layout)
                && Objects.equals(r.refusal, refusal);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(shape), order, Arrays.hashCode(unitAxes), unit, layout, refusal);
    }

    @Override
    public String toString() {
        return refusal != null ? "InputRuns(refused: " + refusal + ")"
                : "InputRuns(" + layout + " " + Arrays.toString(shape) + " '" + order + "', units on axes "
                        + Arrays.toString(unitAxes) + ")";
    }
}
