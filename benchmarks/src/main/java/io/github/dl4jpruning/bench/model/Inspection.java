package io.github.dl4jpruning.bench.model;

import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.network.NetworkAdapter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/**
 * What {@code inspect} reports about a model zip: for every parameter of every layer (weights, biases, normalization
 * parameters...) its element count, exact zeros and density, whether it is prunable, and, for a zip saved with pruning
 * masks, the mask's density over it and whether the mask's zeros match the weights; plus totals over the prunable
 * weights, over all parameters and over the masks.
 *
 * <p>Counts are exact ({@code x != 0}; {@code -0.0} counts as zero) and computed with ND4J ops on the parameters'
 * device. "The masks match the weights" means: no weight is non-zero where its mask is zero (a weight that is zero
 * where the mask is one is allowed: a kept weight can be exactly zero).
 *
 * @param file the model zip
 * @param kind {@code MultiLayerNetwork} or {@code ComputationGraph}
 * @param hasMasks whether the zip holds pruning masks ({@code PrunedModels.save})
 * @param params one row per parameter, in the order of the flat parameter vector
 * @param totals the sums
 */
@JsonPropertyOrder({"file", "kind", "hasMasks", "params", "totals"})
public record Inspection(@JsonProperty("file") String file, @JsonProperty("kind") String kind,
        @JsonProperty("hasMasks") boolean hasMasks, @JsonProperty("params") List<ParamRow> params,
        @JsonProperty("totals") Totals totals) {

    /** Copies the list. */
    public Inspection {
        params = List.copyOf(params);
    }

    /**
     * One parameter.
     *
     * @param id {@code <layerName>_<paramKey>}, as in the pruning reports
     * @param layerIndex the layer index (MultiLayerNetwork) or vertex index (ComputationGraph)
     * @param layerName the layer (vertex) name
     * @param layerType simple class name of the layer configuration
     * @param paramKey the parameter key ({@code W}, {@code b}, {@code RW}...)
     * @param shape the parameter's shape
     * @param count number of elements
     * @param zeros number of elements that are exactly zero
     * @param prunable whether the pruning configuration prunes it (biases never are)
     * @param maskKept for a zip with masks, the mask's ones over this parameter; null without masks
     * @param maskMismatches for a zip with masks, the weights that are non-zero where the mask is zero (0 when the
     *        masks match the weights); null without masks
     */
    @JsonPropertyOrder({"id", "layerIndex", "layerName", "layerType", "paramKey", "shape", "count", "zeros", "nonzero",
        "density", "compression", "prunable", "maskKept", "maskDensity", "maskMismatches"})
    public record ParamRow(@JsonProperty("id") String id, @JsonProperty("layerIndex") int layerIndex,
            @JsonProperty("layerName") String layerName, @JsonProperty("layerType") String layerType,
            @JsonProperty("paramKey") String paramKey, @JsonProperty("shape") long[] shape,
            @JsonProperty("count") long count, @JsonProperty("zeros") long zeros,
            @JsonProperty("prunable") boolean prunable, @JsonProperty("maskKept") Long maskKept,
            @JsonProperty("maskMismatches") Long maskMismatches) {

        /**
         * Non-zero elements.
         *
         * @return {@code count - zeros}
         */
        @JsonProperty("nonzero")
        public long nonzero() {
            return count - zeros;
        }

        /**
         * Density: share of non-zero elements.
         *
         * @return {@code nonzero / count}
         */
        @JsonProperty("density")
        public double density() {
            return (double) nonzero() / count;
        }

        /**
         * Compression {@code count / nonzero}.
         *
         * @return the ratio, or null when every element is zero
         */
        @JsonProperty("compression")
        public Double compression() {
            return nonzero() == 0 ? null : (double) count / nonzero();
        }

        /**
         * The mask's density over this parameter.
         *
         * @return {@code maskKept / count}, or null without masks
         */
        @JsonProperty("maskDensity")
        public Double maskDensity() {
            return maskKept == null ? null : (double) maskKept / count;
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ParamRow r && r.id.equals(id) && r.layerIndex == layerIndex && r.count == count
                    && r.zeros == zeros && r.prunable == prunable && Arrays.equals(r.shape, shape)
                    && r.layerName.equals(layerName) && r.layerType.equals(layerType) && r.paramKey.equals(paramKey)
                    && java.util.Objects.equals(r.maskKept, maskKept)
                    && java.util.Objects.equals(r.maskMismatches, maskMismatches);
        }

        @Override
        public int hashCode() {
            return id.hashCode() * 31 + Long.hashCode(zeros);
        }

        @Override
        public String toString() {
            return id + " " + Arrays.toString(shape) + ": " + nonzero() + "/" + count + " non-zero";
        }
    }

    /**
     * The sums.
     *
     * @param paramCount all parameters
     * @param paramNonzero all parameters that are not zero
     * @param prunableCount the prunable weights
     * @param prunableNonzero the prunable weights that are not zero
     * @param maskKept for a zip with masks, the mask's ones over the prunable weights; null without masks
     * @param maskMismatches for a zip with masks, the parameters that are non-zero where the mask is zero; null
     *        without masks
     */
    @JsonPropertyOrder({"paramCount", "paramNonzero", "prunableCount", "prunableNonzero", "density", "pruningRate",
        "compression", "maskKept", "maskDensity", "maskMismatches", "masksMatchWeights"})
    public record Totals(@JsonProperty("paramCount") long paramCount, @JsonProperty("paramNonzero") long paramNonzero,
            @JsonProperty("prunableCount") long prunableCount, @JsonProperty("prunableNonzero") long prunableNonzero,
            @JsonProperty("maskKept") Long maskKept, @JsonProperty("maskMismatches") Long maskMismatches) {

        /**
         * Density of the prunable weights.
         *
         * @return {@code prunableNonzero / prunableCount}
         */
        @JsonProperty("density")
        public double density() {
            return prunableCount == 0 ? 1.0 : (double) prunableNonzero / prunableCount;
        }

        /**
         * Pruning rate {@code 1 - density}.
         *
         * @return the rate
         */
        @JsonProperty("pruningRate")
        public double pruningRate() {
            return 1.0 - density();
        }

        /**
         * Compression of the prunable weights.
         *
         * @return {@code prunableCount / prunableNonzero}, or null when all are zero
         */
        @JsonProperty("compression")
        public Double compression() {
            return prunableNonzero == 0 ? null : (double) prunableCount / prunableNonzero;
        }

        /**
         * The masks' density over the prunable weights.
         *
         * @return {@code maskKept / prunableCount}, or null without masks
         */
        @JsonProperty("maskDensity")
        public Double maskDensity() {
            return maskKept == null || prunableCount == 0 ? null : (double) maskKept / prunableCount;
        }

        /**
         * Whether every weight under a zero of the mask is zero.
         *
         * @return true or false with masks, null without
         */
        @JsonProperty("masksMatchWeights")
        public Boolean masksMatchWeights() {
            return maskMismatches == null ? null : maskMismatches == 0;
        }
    }

    /**
     * Counts a loaded model.
     *
     * @param m the model and its listener
     * @return the inspection
     */
    public static Inspection of(ModelFile m) {
        NetworkAdapter net = NetworkAdapter.of(m.model());
        MaskState state = m.listener().state().orElseThrow();
        Set<String> prunable = state.params().stream().map(PrunableParam::id).collect(Collectors.toCollection(
                HashSet::new));
        INDArray flat = NetworkAdapter.flat(net.params());
        long base = net.params().offset();
        Optional<INDArray> mask = m.hasMasks() ? Optional.of(state.mask()) : Optional.empty();
        List<ParamRow> rows = new ArrayList<>();
        for (NetworkAdapter.LayerInfo l : net.layers()) {
            for (Map.Entry<String, INDArray> e : l.params().entrySet()) {
                INDArray view = e.getValue();
                long offset = view.offset() - base;
                long length = view.length();
                INDArray values = flat.get(NDArrayIndex.interval(offset, offset + length));
                long nonzero = countNonzero(values);
                Long kept = null;
                Long mismatches = null;
                if (mask.isPresent()) {
                    INDArray seg = mask.get().get(NDArrayIndex.interval(offset, offset + length));
                    INDArray maskZero = seg.eq(0.0).castTo(DataType.INT64);
                    kept = length - maskZero.sumNumber().longValue();
                    mismatches = values.neq(0.0).castTo(DataType.INT64).muli(maskZero).sumNumber().longValue();
                }
                String id = l.name() + "_" + e.getKey();
                rows.add(new ParamRow(id, l.index(), l.name(), l.conf().getClass().getSimpleName(), e.getKey(),
                        view.shape(), length, length - nonzero, prunable.contains(id), kept, mismatches));
            }
        }
        rows.sort((a, b) -> Long.compare(offsetOf(net, a), offsetOf(net, b)));
        return new Inspection(m.file().toString(), m.kind(), m.hasMasks(), rows, totals(rows, m.hasMasks()));
    }

    private static long offsetOf(NetworkAdapter net, ParamRow row) {
        long base = net.params().offset();
        for (NetworkAdapter.LayerInfo l : net.layers()) {
            if (l.index() == row.layerIndex() && l.name().equals(row.layerName())) {
                return l.params().get(row.paramKey()).offset() - base;
            }
        }
        return Long.MAX_VALUE;
    }

    private static Totals totals(List<ParamRow> rows, boolean masks) {
        long count = 0;
        long nonzero = 0;
        long pCount = 0;
        long pNonzero = 0;
        long kept = 0;
        long mismatches = 0;
        for (ParamRow r : rows) {
            count += r.count();
            nonzero += r.nonzero();
            if (r.prunable()) {
                pCount += r.count();
                pNonzero += r.nonzero();
                kept += masks ? r.maskKept() : 0;
            }
            mismatches += masks ? r.maskMismatches() : 0;
        }
        return new Totals(count, nonzero, pCount, pNonzero, masks ? kept : null, masks ? mismatches : null);
    }

    private static long countNonzero(INDArray values) {
        return values.neq(0.0).castTo(DataType.INT64).sumNumber().longValue();
    }
}
