package io.github.dl4jpruning.structured;

import io.github.dl4jpruning.graph.ChannelEntry;
import io.github.dl4jpruning.graph.DependencyGraph;
import io.github.dl4jpruning.graph.DependencyGroup;
import io.github.dl4jpruning.graph.ParamSlice;
import io.github.dl4jpruning.network.NetworkAdapter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Physically removes pruned units: returns a new, smaller network of the same type (MultiLayerNetwork or any
 * ComputationGraph) in which every unit of every prunable {@link DependencyGroup} whose consumers' inputs are all
 * exactly zero is gone together with every slice coupled with it: {@code nOut} of its producers (several when a
 * residual add ties them), {@code nIn} of every consumer (through merges with their offsets, subsets, flattens,
 * depthwise and separable convolutions), BatchNormalization parameters, the flatten preprocessors' channel counts and
 * subset ranges. The kept weights, biases, BatchNormalization parameters and optimizer state are copied (never
 * reinitialised), so outputs equal the masked network's and fine-tuning can go on from the thinned one. The result
 * is a plain DL4J network (wrappers replaced by the layers they wrap). Channels of groups that are not prunable
 * (they reach a network output or input, or a layer that mixes channels: {@link DependencyGroup#reason()}) are
 * never removed.
 *
 * <p>Exactness: a unit whose consumer inputs are all zero contributes nothing to any layer that reads it, whatever
 * its activation and whatever the element-wise vertices it passes through, so removing it changes no output. A group
 * left with no live unit keeps one (DL4J needs {@code nOut >= 1}); its consumer inputs are zero, so it changes
 * nothing either.
 */
public final class Thinning {

    private static final Logger log = LoggerFactory.getLogger(Thinning.class);

    private Thinning() {
    }

    /**
     * Thins a network.
     *
     * @param model an initialized MultiLayerNetwork or ComputationGraph (with or without PrunedLayer wrappers)
     * @param <M> the network type
     * @return a new, smaller network of the same type; a plain copy when no unit can be removed
     * @throws IllegalArgumentException if the model is of another type
     */
    @SuppressWarnings("unchecked")
    public static <M extends Model> M thin(M model) {
        NetworkAdapter adapter = NetworkAdapter.of(model);
        DependencyGraph graph = DependencyGraph.of(adapter);
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            boolean[][] kept = new boolean[graph.groups().size()][];
            for (DependencyGroup g : graph.groups()) {
                kept[g.id()] = g.prunable() ? liveUnits(model.params(), g) : null;
            }
            ThinConfigs confs = ThinConfigs.of(model);
            for (String vertex : confs.vertexNames()) {
                graph.subsetInput(vertex).ifPresent(space -> keepOneInRange(graph, kept, space,
                        (org.deeplearning4j.nn.conf.graph.SubsetVertex) confs.vertex(vertex)));
            }
            Map<String, List<KeptAxis>> byParam = new HashMap<>();
            Map<String, ParamSlice> slices = new HashMap<>();
            for (ChannelEntry e : graph.entries()) {
                slices.put(e.slice().layer() + "_" + e.slice().key(), e.slice());
                byParam.computeIfAbsent(e.slice().layer() + "_" + e.slice().key(), k -> new ArrayList<>())
                        .add(new KeptAxis(e.axis(), keptIndices(graph, kept, e.nodes())));
            }
            ThinShapes.apply(confs, adapter, graph, byParam, node -> isKept(graph, kept, node));
            Model out = confs.build(model);
            int[] idx = newPositions(adapter, NetworkAdapter.of(out), byParam, slices);
            out.params().assign(gather(NetworkAdapter.flat(model.params()), idx).reshape(out.params().shape()));
            copyUpdaterState(adapter.updater(false), NetworkAdapter.of(out).updater(true), idx);
            log.info("Thinned {} -> {} parameters ({})", model.numParams(), out.numParams(), summary(graph, kept));
            return (M) out;
        }
    }

    /** The indices of one parameter axis that are kept. */
    record KeptAxis(int axis, int[] kept) {
    }

    static boolean isKept(DependencyGraph graph, boolean[][] kept, int node) {
        int g = graph.groupOf(node);
        return g < 0 || kept[g] == null || kept[g][graph.unitOf(node)];
    }

    /** A subset needs one channel: when all of its range is removed, the first removable one stays (dead, exact). */
    private static void keepOneInRange(DependencyGraph graph, boolean[][] kept, int[] space,
            org.deeplearning4j.nn.conf.graph.SubsetVertex v) {
        for (int i = v.getFrom(); i <= v.getTo(); i++) {
            if (isKept(graph, kept, space[i])) {
                return;
            }
        }
        int node = space[v.getFrom()];
        kept[graph.groupOf(node)][graph.unitOf(node)] = true;
    }

    private static int[] keptIndices(DependencyGraph graph, boolean[][] kept, int[] nodes) {
        int[] out = new int[nodes.length];
        int n = 0;
        for (int i = 0; i < nodes.length; i++) {
            if (isKept(graph, kept, nodes[i])) {
                out[n++] = i;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Units that some consumer reads with a non-zero weight (at least one unit is kept). */
    static boolean[] liveUnits(INDArray params, DependencyGroup g) {
        INDArray sum = null;
        for (DependencyGroup.Member m : g.members(ChannelEntry.Role.CONSUMER_WEIGHT)) {
            INDArray s = Nd4j.math().abs(GroupMaskUpdater.rows(params, m, g.units())).sum(1);
            sum = sum == null ? s : sum.addi(s);
        }
        float[] v = sum.castTo(DataType.FLOAT).toFloatVector();
        boolean[] out = new boolean[g.units()];
        boolean any = false;
        for (int j = 0; j < v.length; j++) {
            out[j] = v[j] != 0f;
            any |= out[j];
        }
        if (!any) {
            out[0] = true;
        }
        return out;
    }

    /**
     * For every parameter of the thinned network, its position in the old flat parameter vector: the old network's
     * positions, laid out like its parameters, sliced along every channel axis. Layers are paired by name. A
     * parameter whose graph slice has another shape than it is stored with (a 1-D convolution's {@code W}, read as
     * {@code [k, nIn, nOut]}) is sliced in that read layout in both networks.
     */
    private static int[] newPositions(NetworkAdapter net, NetworkAdapter out, Map<String, List<KeptAxis>> byParam,
            Map<String, ParamSlice> slices) {
        // start 0, step 1, in double: exact up to 2^53 (a float arange is not above 2^24 = 16.7M parameters)
        INDArray oldPos = Nd4j.linspace(DataType.DOUBLE, 0.0, 1.0, net.model().numParams());
        INDArray newPos = Nd4j.create(DataType.DOUBLE, out.model().numParams());
        long oldBase = net.params().offset();
        long newBase = out.params().offset();
        Map<String, NetworkAdapter.LayerInfo> newLayers = new HashMap<>();
        for (NetworkAdapter.LayerInfo l : out.layers()) {
            newLayers.put(l.name(), l);
        }
        for (NetworkAdapter.LayerInfo oldLayer : net.layers()) {
            Map<String, INDArray> newParams = newLayers.get(oldLayer.name()).params();
            for (Map.Entry<String, INDArray> e : oldLayer.params().entrySet()) {
                INDArray oldP = e.getValue();
                INDArray newP = newParams.get(e.getKey());
                ParamSlice read = slices.get(oldLayer.name() + "_" + e.getKey());
                boolean asRead = read != null && !java.util.Arrays.equals(read.shape(), oldP.shape());
                INDArray p = segment(oldPos, oldP.offset() - oldBase, oldP.length()).reshape(
                        asRead ? read.order() : oldP.ordering(), asRead ? read.shape() : oldP.shape());
                for (KeptAxis k : byParam.getOrDefault(oldLayer.name() + "_" + e.getKey(), List.of())) {
                    if (k.kept().length != p.size(k.axis())) {
                        p = selectAlong(p, k.axis(), k.kept());
                    }
                }
                if (asRead && p.length() != newP.length()) {
                    throw new IllegalStateException(read + " thinned to " + java.util.Arrays.toString(p.shape())
                            + " does not fit the thinned parameter " + java.util.Arrays.toString(newP.shape()));
                }
                segment(newPos, newP.offset() - newBase, newP.length()).reshape(asRead ? read.order()
                        : newP.ordering(), asRead ? p.shape() : newP.shape()).assign(p);
            }
        }
        return toInts(newPos);
    }

    /** The entries of {@code a} whose index along {@code dim} is in {@code idx} (a copy, 'c' order). */
    static INDArray selectAlong(INDArray a, int dim, int[] idx) {
        int rank = a.rank();
        int[] perm = new int[rank];
        perm[0] = dim;
        for (int i = 0, j = 1; i < rank; i++) {
            if (i != dim) {
                perm[j++] = i;
            }
        }
        int[] inverse = new int[rank];
        for (int i = 0; i < rank; i++) {
            inverse[perm[i]] = i;
        }
        INDArray t = a.permute(perm).dup('c');
        long[] shape = t.shape();
        INDArray rows = t.reshape('c', new long[] {shape[0], t.length() / shape[0]});
        INDArray picked = Nd4j.pullRows(rows, 1, idx);
        shape[0] = idx.length;
        return picked.reshape('c', shape).permute(inverse).dup('c');
    }

    private static void copyUpdaterState(BaseMultiLayerUpdater<?> oldU, BaseMultiLayerUpdater<?> newU, int[] newToOld) {
        if (oldU == null || oldU.getStateViewArray() == null || newU == null) {
            return;
        }
        List<UpdaterBlock> ob = oldU.getUpdaterBlocks();
        List<UpdaterBlock> nb = newU.getUpdaterBlocks();
        if (newU.getStateViewArray() == null || ob.size() != nb.size()) {
            log.warn("Optimizer state not copied: the thinned network's updater has a different layout; fine-tuning "
                    + "restarts the optimizer");
            return;
        }
        INDArray oldState = NetworkAdapter.flat(oldU.getStateViewArray());
        int[] stateIdx = new int[(int) newU.getStateViewArray().length()];
        for (int b = 0; b < nb.size(); b++) {
            UpdaterBlock o = ob.get(b);
            UpdaterBlock n = nb.get(b);
            int nps = (int) n.getParamOffsetStart();
            int nl = (int) (n.getParamOffsetEnd() - nps);
            int ops = (int) o.getParamOffsetStart();
            int ol = (int) (o.getParamOffsetEnd() - ops);
            int ns = (int) n.getUpdaterViewOffsetStart();
            int nsl = (int) (n.getUpdaterViewOffsetEnd() - ns);
            int os = (int) o.getUpdaterViewOffsetStart();
            int osl = (int) (o.getUpdaterViewOffsetEnd() - os);
            if (nl == 0 || nsl == 0) {
                continue;
            }
            int mult = nsl / nl;
            if (nsl % nl != 0 || ol == 0 || osl / ol != mult) {
                log.warn("Optimizer state not copied: block {} has a different state layout", b);
                return;
            }
            for (int j = 0; j < mult; j++) {
                for (int t = 0; t < nl; t++) {
                    stateIdx[ns + j * nl + t] = os + j * ol + (newToOld[nps + t] - ops);
                }
            }
        }
        NetworkAdapter.flat(newU.getStateViewArray()).assign(gather(oldState, stateIdx));
    }

    private static INDArray gather(INDArray flat, int[] idx) {
        return Nd4j.pullRows(flat.reshape(flat.length(), 1), 1, idx).reshape(idx.length);
    }

    private static INDArray segment(INDArray flat, long offset, long length) {
        return flat.get(NDArrayIndex.interval(offset, offset + length));
    }

    private static int[] toInts(INDArray positions) {
        double[] d = positions.toDoubleVector();
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (int) d[i];
        }
        return out;
    }

    private static String summary(DependencyGraph graph, boolean[][] kept) {
        StringBuilder sb = new StringBuilder();
        for (DependencyGroup g : graph.groups()) {
            if (kept[g.id()] != null) {
                int n = 0;
                for (boolean b : kept[g.id()]) {
                    n += b ? 1 : 0;
                }
                sb.append(sb.length() == 0 ? "units kept: " : ", ").append(g.name()).append('=').append(n)
                        .append('/').append(g.units());
            }
        }
        return sb.length() == 0 ? "no prunable group" : sb.toString();
    }
}
