package io.github.dl4jpruning.mask;

import io.github.dl4jpruning.internal.Checks;
import io.github.dl4jpruning.report.PruningReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * All mutable pruning state of one network: one flat mask laid over the network's flat parameter
 * vector (1 at every bias and non-prunable parameter, 0 or 1 at prunable weights), the list of prunable
 * parameters, the number of rounds done, the density last pruned to and the reports so far.
 *
 * <p>The mask is allocated once, with the parameters' data type, on the current ND4J device and outside
 * any workspace; per-parameter masks are views into it, so one element-wise multiply masks the whole
 * network whatever its depth. Not thread-safe: one state per network.
 */
public final class MaskState {

    private final List<PrunableParam> params;
    private final INDArray mask;
    private final long prunableCount;
    private int roundsCompleted;
    private double currentDensity = 1.0;
    private final List<PruningReport> history = new ArrayList<>();

    private MaskState(List<PrunableParam> params, INDArray mask) {
        this.params = List.copyOf(params);
        this.mask = mask;
        this.prunableCount = params.stream().mapToLong(PrunableParam::length).sum();
    }

    /**
     * Allocates an all-ones mask for a network.
     *
     * @param params the prunable parameters (at least one), with offsets into the flat vector
     * @param networkLength length of the network's flat parameter vector
     * @param dataType the parameters' data type
     * @return the state
     * @throws IllegalArgumentException if {@code params} is empty, a parameter lies outside the vector or
     *         two parameters overlap
     */
    public static MaskState allocate(List<PrunableParam> params, long networkLength, DataType dataType) {
        check(params, networkLength);
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return new MaskState(params, Nd4j.ones(dataType, networkLength));
        }
    }

    /**
     * Wraps an all-ones mask allocated by the caller (e.g. by a {@code MaskKernels} provider on the parameters'
     * device).
     *
     * @param params the prunable parameters (at least one), with offsets into the flat vector
     * @param ones a rank-1 all-ones array as long as the network's flat parameter vector
     * @return the state
     * @throws IllegalArgumentException as {@link #allocate(List, long, DataType)}, or if {@code ones} is not rank 1
     */
    public static MaskState wrap(List<PrunableParam> params, INDArray ones) {
        if (ones.rank() != 1) {
            throw new IllegalArgumentException("mask rank (" + ones.rank() + ") must be 1");
        }
        check(params, ones.length());
        return new MaskState(params, ones);
    }

    private static void check(List<PrunableParam> params, long networkLength) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("params ([]) must hold at least one prunable parameter");
        }
        long end = -1;
        for (PrunableParam p : params) {
            if (p.offset() < end || p.offset() + p.length() > networkLength) {
                throw new IllegalArgumentException("parameter " + p + " overlaps another one or lies outside "
                        + "the flat parameter vector of length " + networkLength);
            }
            end = p.offset() + p.length();
        }
    }

    /**
     * The flat mask over the whole parameter vector.
     *
     * @return the mask (rank 1, a device array; modify only through this package)
     */
    public INDArray mask() {
        return mask;
    }

    /**
     * The mask of one parameter: a view into {@link #mask()} with the parameter's shape and element order.
     *
     * @param p a parameter of this state
     * @return the view
     */
    public INDArray maskOf(PrunableParam p) {
        return segment(mask, p).reshape(p.order(), p.shape());
    }

    /**
     * The rank-1 segment of a flat network vector (parameters, gradients, this mask) that belongs to
     * {@code p}.
     *
     * @param flat a flat vector laid out like the network's parameters
     * @param p the parameter
     * @return a rank-1 view
     */
    public static INDArray segment(INDArray flat, PrunableParam p) {
        INDArray v = flat.rank() == 1 ? flat : flat.reshape(flat.length());
        return v.get(NDArrayIndex.interval(p.offset(), p.offset() + p.length()));
    }

    /**
     * The prunable parameters, in network order.
     *
     * @return an unmodifiable list
     */
    public List<PrunableParam> params() {
        return params;
    }

    /**
     * Total number of prunable weights.
     *
     * @return the count
     */
    public long prunableCount() {
        return prunableCount;
    }

    /**
     * Number of mask updates made so far.
     *
     * @return the count
     */
    public int roundsCompleted() {
        return roundsCompleted;
    }

    /**
     * The density the masks were last set to (1.0 before any pruning; the measured density when the
     * state was built from a model that already had zeros).
     *
     * @return the density in (0, 1]
     */
    public double currentDensity() {
        return currentDensity;
    }

    /**
     * Records a finished mask update.
     *
     * @param report the report of the update
     */
    public void recordRound(PruningReport report) {
        roundsCompleted++;
        currentDensity = Checks.density("targetDensity", report.targetDensity());
        history.add(report);
    }

    /**
     * Sets the density without counting a round (used when masks are rebuilt from existing zeros).
     *
     * @param density the measured density, in (0, 1]
     */
    public void setCurrentDensity(double density) {
        currentDensity = Checks.density("currentDensity", density);
    }

    /**
     * Restores the counters and history saved with a model (used when a pruned model is loaded).
     *
     * @param rounds the number of mask updates made before the save, {@code >= 0}
     * @param density the density the masks were last set to, in (0, 1]
     * @param reports the reports of those updates, oldest first
     * @throws IllegalArgumentException if a value is out of range or the history does not match the count
     */
    public void restore(int rounds, double density, List<PruningReport> reports) {
        Checks.atLeast("roundsCompleted", rounds, 0);
        Checks.density("currentDensity", density);
        if (reports.size() != rounds) {
            throw new IllegalArgumentException("history (" + reports.size() + " reports) must hold one report per "
                    + "completed round (" + rounds + ")");
        }
        roundsCompleted = rounds;
        currentDensity = density;
        history.clear();
        history.addAll(reports);
    }

    /**
     * The reports of all mask updates so far.
     *
     * @return an unmodifiable list, oldest first
     */
    public List<PruningReport> history() {
        return Collections.unmodifiableList(history);
    }
}
