package io.github.dl4jpruning.mask;

import io.github.dl4jpruning.kernels.Kernels;
import io.github.dl4jpruning.spi.SelectionKernel;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Condition;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Exact selection of the {@code k} lowest scores, on the device.
 *
 * <p>The {@code k}-th smallest score {@code t} comes from the best {@link
 * io.github.dl4jpruning.spi.SelectionKernel} for the array (on the CPU backend an {@code O(n)} select over the
 * buffer on all cores, a sampled single pass or a two-pass radix select; a device sort elsewhere), with the number
 * of scores below and equal to it; a kernel that can writes the mask in that same pass. Every score
 * below {@code t} is pruned and every score above kept; only when the scores equal to {@code t} straddle
 * the cut are the ones with the lowest index pruned: the position of the last pruned tie is found by
 * counting ties per chunk and descending into one chunk (O(n), no full-length cumulative sum). The
 * result is therefore deterministic and removes exactly {@code k} entries even with many ties
 * (e.g. weights that are already zero).
 */
public final class ThresholdSelector {

    private ThresholdSelector() {
    }

    /**
     * Computes a keep-mask that removes exactly the {@code length - keep} lowest scores.
     *
     * @param scores rank-1 scores (not modified), no NaN
     * @param keep number of entries to keep, in [0, length]
     * @return a new rank-1 array of the scores' data type, 1 where kept and 0 where pruned
     * @throws IllegalArgumentException if {@code keep} is out of range or {@code scores} is not rank 1
     */
    public static INDArray keepMask(INDArray scores, long keep) {
        return keepMask(scores, keep, Nd4j.createUninitialized(scores.dataType(), scores.length()));
    }

    /**
     * Writes the keep-mask that removes exactly the {@code length - keep} lowest scores into an array the caller
     * owns (e.g. a scratch buffer reused across updates, so that no new mask is allocated per update). The
     * selection kernel may write the mask in the same pass that finds the threshold ({@link
     * SelectionKernel#writeKeepMask}); otherwise the threshold comes from {@link SelectionKernel#select} and one
     * exact {@code x > t} pass writes the mask.
     *
     * @param scores rank-1 scores (not modified), no NaN
     * @param keep number of entries to keep, in [0, length]
     * @param into a rank-1 array of the scores' data type and length, not overlapping the scores; overwritten
     *     with 1 where kept and 0 where pruned
     * @return {@code into}
     * @throws IllegalArgumentException if {@code keep} is out of range, {@code scores} is not rank 1, or
     *     {@code into} does not match the scores
     */
    public static INDArray keepMask(INDArray scores, long keep, INDArray into) {
        if (scores.rank() != 1) {
            throw new IllegalArgumentException("scores rank (" + scores.rank() + ") must be 1");
        }
        long m = scores.length();
        if (keep < 0 || keep > m) {
            throw new IllegalArgumentException("keep (" + keep + ") must be in [0, " + m + "]");
        }
        DataType dt = scores.dataType();
        if (into.rank() != 1 || into.length() != m || into.dataType() != dt) {
            throw new IllegalArgumentException("into (" + into.shapeInfoToString() + ") must be a rank-1 " + dt
                    + " array of the scores' length (" + m + ")");
        }
        long prune = m - keep;
        if (prune == 0) {
            return into.assign(1.0);
        }
        if (prune == m) {
            return into.assign(0.0);
        }
        SelectionKernel kernel = Kernels.selectionFor(scores);
        if (kernel.writeKeepMask(scores, prune, into)) {
            return into;
        }
        SelectionKernel.Selection sel = kernel.select(scores, prune);
        double t = sel.value();
        long equal = sel.equal();
        long tiesPruned = prune - sel.below();       // >= 1: t itself is among the pruned
        // keep = scores > t (ND4J's Step: one exact pass, written straight into the data type of the scores)
        Nd4j.getExecutioner().exec(new Step(scores, into, t));
        if (tiesPruned < equal) {
            // Ties straddle the cut: prune the first tiesPruned entries equal to t (index order), keep the rest.
            long cut = kernel.indexAfterTies(scores, t, tiesPruned)
                    .orElseGet(() -> tieCut(scores, t, 0, m, tiesPruned));
            INDArray tail = scores.get(NDArrayIndex.interval(cut, m));
            INDArray keptTail = into.get(NDArrayIndex.interval(cut, m));
            OptionalDouble below = justBelow(t, dt);
            if (below.isPresent()) {
                Nd4j.getExecutioner().exec(new Step(tail, keptTail, below.getAsDouble()));   // x > prev(t) == x >= t
            } else {
                keptTail.assign(tail.gte(t).castTo(dt));
            }
        }
        return into;
    }

    /**
     * The largest value of the data type below {@code t}, so that {@code x > justBelow(t)} means {@code x >= t}
     * exactly; empty for other data types and for values so close to zero that the neighbour would be
     * subnormal (which a flush-to-zero CPU mode could round to zero).
     */
    private static OptionalDouble justBelow(double t, DataType dt) {
        if (dt == DataType.FLOAT && Math.abs(t) >= 2 * Float.MIN_NORMAL) {
            return OptionalDouble.of(Math.nextDown((float) t));
        }
        if (dt == DataType.DOUBLE && Math.abs(t) >= 2 * Double.MIN_NORMAL) {
            return OptionalDouble.of(Math.nextDown(t));
        }
        return OptionalDouble.empty();
    }

    /** Chunk length below which the tie position is found with one small cumulative sum. */
    private static final long SMALL = 1 << 16;

    /** Number of chunks a large range is split into per level. */
    private static final int CHUNKS = 64;

    /**
     * Finds the index just after the {@code need}-th entry equal to {@code t} in {@code [lo, hi)}, by counting
     * ties per chunk (ND4J reductions on views) and descending into the chunk that holds it: O(n) work, no
     * array of the input's size allocated, and only a small chunk's cumulative sum read back.
     */
    private static long tieCut(INDArray scores, double t, long lo, long hi, long need) {
        while (hi - lo > SMALL) {
            long step = (hi - lo + CHUNKS - 1) / CHUNKS;
            long start = lo;
            long before = 0;
            while (true) {
                long end = Math.min(hi, start + step);
                INDArray chunk = scores.get(NDArrayIndex.interval(start, end));
                long ties = count(chunk, Conditions.lessThanOrEqual(t)) - count(chunk, Conditions.lessThan(t));
                if (before + ties >= need) {
                    lo = start;
                    hi = end;
                    need -= before;
                    break;
                }
                before += ties;
                start = end;
            }
        }
        double[] cum = scores.get(NDArrayIndex.interval(lo, hi)).eq(t).castTo(DataType.DOUBLE).cumsum(0)
                .toDoubleVector();
        for (int i = 0; i < cum.length; i++) {
            if (cum[i] >= need) {
                return lo + i + 1;
            }
        }
        throw new IllegalStateException("tie " + need + " at " + t + " not found in [" + lo + ", " + hi + ")");
    }

    /**
     * Keeps the {@code budget} best entries over several segments ranked together, while holding every segment at
     * or above its floor: a segment the joint ranking would leave below its floor keeps exactly its floor (its own
     * best entries), and the rest of the budget is ranked again over the other segments, until no floor is
     * violated. Used for global ranking of weights ({@code MaskUpdater}) and of units ({@code
     * GroupMaskUpdater}).
     *
     * @param scores the segments' scores, concatenated in order (rank 1; not modified)
     * @param lengths the segments' lengths, summing to {@code scores.length()}
     * @param floors the least number of entries each segment keeps (0: no floor)
     * @param budget the number of entries to keep over all segments
     * @return the keep masks per segment and which floors engaged
     * @throws IllegalArgumentException if the lengths do not add up to the scores' length
     */
    public static Floored keepWithFloors(INDArray scores, long[] lengths, long[] floors, long budget) {
        return keepWithFloors(scores, lengths, floors, budget, null);
    }

    /**
     * As {@link #keepWithFloors(INDArray, long[], long[], long)}, writing the first joint ranking (over all
     * segments) into {@code scratch} instead of a new array; the masks returned are then views of it.
     *
     * @param scores the segments' scores, concatenated in order (rank 1; not modified)
     * @param lengths the segments' lengths, summing to {@code scores.length()}
     * @param floors the least number of entries each segment keeps (0: no floor)
     * @param budget the number of entries to keep over all segments
     * @param scratch null, or an array of the scores' data type and length that the caller no longer needs (not
     *     a live mask: it is overwritten before the floors are checked)
     * @return the keep masks per segment and which floors engaged
     * @throws IllegalArgumentException if the lengths do not add up to the scores' length
     */
    public static Floored keepWithFloors(INDArray scores, long[] lengths, long[] floors, long budget,
            INDArray scratch) {
        long[] starts = new long[lengths.length];
        long total = 0;
        for (int i = 0; i < lengths.length; i++) {
            starts[i] = total;
            total += lengths[i];
        }
        if (total != scores.length()) {
            throw new IllegalArgumentException("lengths (sum " + total + ") must add up to the scores' length ("
                    + scores.length() + ")");
        }
        INDArray[] keep = new INDArray[lengths.length];
        boolean[] fixed = new boolean[lengths.length];
        long[] ranked = new long[lengths.length];
        long fixedKept = 0;
        while (true) {
            java.util.List<Integer> active = new java.util.ArrayList<>();
            for (int i = 0; i < lengths.length; i++) {
                if (!fixed[i]) {
                    active.add(i);
                }
            }
            if (active.isEmpty()) {
                return new Floored(keep, fixed, ranked, fixedKept);
            }
            INDArray activeScores = active.size() == lengths.length ? scores
                    : Nd4j.concat(0, active.stream().map(i -> segment(scores, starts[i], lengths[i]))
                            .toArray(INDArray[]::new));
            long want = Math.max(0, Math.min(activeScores.length(), budget - fixedKept));
            boolean all = active.size() == lengths.length;
            INDArray activeKeep = all && scratch != null ? keepMask(activeScores, want, scratch)
                    : keepMask(activeScores, want);
            boolean violated = false;
            long pos = 0;
            for (int i : active) {
                INDArray k = segment(activeKeep, pos, lengths[i]);
                pos += lengths[i];
                long got = floors[i] == 0 ? 0 : k.neq(0.0).castTo(DataType.INT64).sumNumber().longValue();
                if (got < floors[i]) {
                    violated = true;
                    fixed[i] = true;
                    ranked[i] = got;
                    keep[i] = keepMask(segment(scores, starts[i], lengths[i]), floors[i]);
                    fixedKept += floors[i];
                } else {
                    keep[i] = scratch != null ? k : k.dup();
                }
            }
            if (!violated) {
                return new Floored(keep, fixed, ranked, fixedKept);
            }
        }
    }

    /**
     * The outcome of {@link #keepWithFloors}.
     *
     * @param keep the keep mask of every segment
     * @param floorEngaged per segment, whether it was held at its floor
     * @param rankedCount per engaged segment, how many entries the joint ranking would have left it
     * @param floorKept entries kept by engaged floors
     */
    public record Floored(INDArray[] keep, boolean[] floorEngaged, long[] rankedCount, long floorKept) {
        /**
         * Whether every segment was held at its floor (then the budget may not be reached).
         *
         * @return true if no segment was ranked jointly in the end
         */
        public boolean allAtFloor() {
            for (boolean b : floorEngaged) {
                if (!b) {
                    return false;
                }
            }
            return true;
        }
    }

    private static INDArray segment(INDArray flat, long start, long n) {
        return flat.get(NDArrayIndex.interval(start, start + n));
    }

    /**
     * Returns the {@code k}-th smallest value (1-based) of a rank-1 array.
     *
     * @param scores the values (not modified)
     * @param k rank of the value, in [1, length]
     * @return the value
     * @throws IllegalArgumentException if {@code k} is out of range
     */
    public static double kthSmallest(INDArray scores, long k) {
        if (k < 1 || k > scores.length()) {
            throw new IllegalArgumentException("k (" + k + ") must be in [1, " + scores.length() + "]");
        }
        return Kernels.selectionFor(scores).kthSmallest(scores, k);
    }

    private static long count(INDArray scores, Condition condition) {
        return Nd4j.getExecutioner().exec(new MatchCondition(scores, condition)).getLong(0);
    }
}
