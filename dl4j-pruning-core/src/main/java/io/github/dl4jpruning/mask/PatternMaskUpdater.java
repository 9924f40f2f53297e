package io.github.dl4jpruning.mask;

import io.github.dl4jpruning.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Masks with a fixed pattern of single weights: {@link Granularity#N_M} and {@link Granularity#BLOCK}.
 *
 * <p>N:M keeps the {@code N} largest {@code |w|} of every {@code M} consecutive weights of an output unit's input
 * run, taken as the layer reads the parameter ({@link PrunableParam#inputRuns()}): along {@code nIn} within a column
 * of a Dense {@code W [nIn, nOut]}; within a filter's {@code nIn x kH x kW} weights of a 2-D convolution (and
 * {@code nIn x kD x kH x kW} in 3-D, transposed convolutions alike); within a 1-D convolution filter's {@code k x nIn}
 * weights as DL4J reads its {@code W}, {@code [k, nIn, nOut]}, input channels fastest (not the stored
 * {@code [nOut, nIn, k, 1]} order); within the {@code kH x kW} taps of a depthwise output channel.
 *
 * <p>BLOCK prunes {@code b x b} tiles of 2-D weight matrices ({@code [nIn, nOut]} as stored and read) ranked by L2
 * norm, globally or per layer, with a floor of kept tiles; under global ranking a layer held at its floor keeps
 * exactly its floor and the rest of the budget is ranked again over the other layers, so the total kept equals the
 * target.
 *
 * <p>The network keeps its shape; the flat mask and the per-iteration cost are unchanged. All ND4J ops; only tile
 * counts are read back.
 */
public final class PatternMaskUpdater {

    private PatternMaskUpdater() {
    }

    /**
     * Applies the N:M pattern to every prunable parameter of the state: in each group of {@code m} consecutive
     * weights of an output unit's input run ({@link PrunableParam#inputRuns()}) the {@code n} largest {@code |w|}
     * are kept (ties go to the earlier weight).
     *
     * @param params the flat parameter vector
     * @param state the mask state (its flat mask is rewritten on the prunable parameters)
     * @param n weights kept per group
     * @param m group size
     * @throws IllegalArgumentException if {@code m} does not divide a parameter's input run, or a parameter has no
     *         input run (its {@link InputRuns} is a refusal); nothing is written then
     */
    public static void nm(INDArray params, MaskState state, int n, int m) {
        if (!(n >= 1 && n < m)) {
            throw new IllegalArgumentException("n (" + n + ") and m (" + m + ") must satisfy 1 <= n < m");
        }
        for (PrunableParam p : state.params()) {     // every check before any mask is written
            InputRuns r = p.inputRuns();
            if (r.refusal() != null) {
                throw new IllegalArgumentException("N:M cannot apply to " + p.id() + " of layer \"" + p.layerName()
                        + "\" (" + p.layerType() + "): " + r.refusal() + "; exclude the parameter "
                        + "(LayerPruning.builder().excludeParams(\"" + p.paramKey() + "\")) or the layer");
            }
            long run = r.runLength();
            if (run % m != 0) {
                throw new IllegalArgumentException("m (" + m + ") must divide the input dimension of " + p.id()
                        + " (" + run + " consecutive weights per " + r.unit() + "): " + p.layerType() + " reads "
                        + p.paramKey() + " as " + r.layout() + " = " + java.util.Arrays.toString(r.shape())
                        + "; exclude the layer or pick another m");
            }
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (PrunableParam p : state.params()) {
                long groups = p.length() / m;
                InputRuns r = p.inputRuns();
                INDArray s = Transforms.abs(r.read(MaskState.segment(params, p)), false)
                        .reshape('c', new long[] {groups, m});
                INDArray rank = Nd4j.zeros(s.dataType(), groups, m);
                for (int k = 0; k < m; k++) {
                    INDArray ck = Nd4j.zeros(s.dataType(), groups, m).addiColumnVector(s.getColumn(k).reshape(groups, 1));
                    rank.addi(ck.gt(s).castTo(s.dataType()));
                    INDArray later = Nd4j.zeros(s.dataType(), 1, m);
                    for (int j = k + 1; j < m; j++) {
                        later.putScalar(0, j, 1.0);
                    }
                    rank.addi(ck.eq(s).castTo(s.dataType()).muliRowVector(later));
                }
                r.write(MaskState.segment(state.mask(), p), rank.lt(n).castTo(state.mask().dataType())
                        .reshape('c', new long[] {r.units(), r.runLength()}));
            }
        }
    }

    /**
     * Prunes {@code b x b} tiles of the 2-D prunable parameters to a density (share of tiles kept).
     *
     * @param params the flat parameter vector
     * @param state the mask state
     * @param b the tile size
     * @param scope global or per-parameter ranking
     * @param minLayerDensity floor on the share of tiles kept per parameter
     * @param targetDensity share of tiles to keep, in (0, 1]
     * @throws IllegalArgumentException if a parameter is not 2-D or {@code b} does not divide its dimensions
     */
    public static void blocks(INDArray params, MaskState state, int b, Scope scope, double minLayerDensity,
            double targetDensity) {
        Checks.density("targetDensity", targetDensity);
        List<PrunableParam> ps = state.params();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            List<INDArray> scores = new ArrayList<>();
            long[] tiles = new long[ps.size()];
            for (int i = 0; i < ps.size(); i++) {
                PrunableParam p = ps.get(i);
                long[] sh = p.shape();
                if (sh.length != 2 || sh[0] % b != 0 || sh[1] % b != 0 || p.order() != 'f') {
                    throw new IllegalArgumentException("blockSize (" + b + ") must divide both dimensions of the 2-D "
                            + "weight matrix " + p.id() + " " + java.util.Arrays.toString(sh) + "; blocks apply to Dense "
                            + "and output layers: exclude " + p.layerName() + " or pick another size");
                }
                INDArray t = tiles4d(params, p, b);
                INDArray sq = t.mul(t);
                INDArray s = sq.sum(0, 2).reshape(sh[0] / b * (sh[1] / b));      // [R * C], 'c' over (R, C)
                INDArray alive = tiles4d(state.mask(), p, b).sum(0, 2).reshape(s.length()).gt(0.0)
                        .castTo(s.dataType());
                s.addi(alive.rsub(1.0).muli(-Float.MAX_VALUE));
                scores.add(s);
                tiles[i] = s.length();
            }
            INDArray[] keep = new INDArray[ps.size()];
            if (scope == Scope.LOCAL) {
                for (int i = 0; i < ps.size(); i++) {
                    long k = Math.max(Math.max(1, Math.round(targetDensity * tiles[i])),
                            (long) Math.ceil(minLayerDensity * tiles[i] - 1e-9));
                    keep[i] = ThresholdSelector.keepMask(scores.get(i), Math.min(k, tiles[i]));
                }
            } else {
                long total = 0;
                long[] floors = new long[ps.size()];
                for (int i = 0; i < ps.size(); i++) {
                    total += tiles[i];
                    floors[i] = Math.min(tiles[i], Math.max(1, (long) Math.ceil(minLayerDensity * tiles[i] - 1e-9)));
                }
                INDArray all = Nd4j.concat(0, scores.toArray(INDArray[]::new));
                keep = ThresholdSelector.keepWithFloors(all, tiles, floors, Math.round(targetDensity * total)).keep();
            }
            for (int i = 0; i < ps.size(); i++) {
                PrunableParam p = ps.get(i);
                long[] sh = p.shape();
                INDArray m4 = tiles4d(state.mask(), p, b);
                m4.assign(1.0);
                INDArray k2 = keep[i].reshape('c', new long[] {sh[0] / b, sh[1] / b});
                Nd4j.getExecutioner().exec(new BroadcastMulOp(m4, k2, m4, 1, 3));
            }
        }
    }

    /** A 2-D 'f' parameter [nIn, nOut] seen as [b, nIn/b, b, nOut/b] (row-in-tile, tile row, col-in-tile, tile col). */
    private static INDArray tiles4d(INDArray flat, PrunableParam p, int b) {
        long[] sh = p.shape();
        return MaskState.segment(flat, p).reshape('f', new long[] {b, sh[0] / b, b, sh[1] / b});
    }
}
