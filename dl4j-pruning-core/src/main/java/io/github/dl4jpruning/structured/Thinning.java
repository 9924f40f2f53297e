package io.github.dl4jpruning.structured;

import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.nn.conf.PrunedLayer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Physically removes pruned units: returns a new, smaller network (MultiLayerNetwork, or ComputationGraph that is a
 * chain of layers) in which every hidden Dense neuron
 * and convolution filter whose output no longer reaches the next layer (its inputs there are all exactly zero)
 * is gone: {@code nOut} of the layer and {@code nIn} of its consumer (and of BatchNormalization between them, and
 * the flatten preprocessor's channel count) shrink, the kept weights, biases, BatchNormalization parameters and
 * optimizer state are copied (never reinitialised), so outputs equal the masked network's and fine-tuning can go
 * on from the thinned one. The result is a plain DL4J network (wrappers replaced by the layers they wrap).
 *
 * <p>Exactness: a unit whose consumer inputs are all zero contributes nothing downstream, whatever its
 * activation, so removing it changes no output. A layer left with no live unit keeps one (DL4J needs
 * {@code nOut >= 1}); its consumer inputs are zero, so it changes nothing either.
 */
public final class Thinning {

    private static final Logger log = LoggerFactory.getLogger(Thinning.class);

    private Thinning() {
    }

    /**
     * Thins a network.
     *
     * @param model an initialized MultiLayerNetwork, or a ComputationGraph that is a single chain of layer
     *        vertices (with or without PrunedLayer wrappers)
     * @param <M> the network type
     * @return a new, smaller network of the same type; a plain copy when no unit can be removed
     * @throws IllegalArgumentException if the model is of another type, or a graph with merge, element-wise or
     *         branching vertices (named in the message)
     */
    @SuppressWarnings("unchecked")
    public static <M extends Model> M thin(M model) {
        NetworkAdapter adapter = NetworkAdapter.of(model);
        List<UnitLayer> units;
        try {
            units = StructureMap.of(adapter, Granularity.FILTER);
        } catch (IllegalArgumentException e) {
            if (e.getMessage().contains("cannot follow")) {
                throw new IllegalArgumentException("model cannot be thinned: " + e.getMessage(), e);
            }
            units = List.of();                     // no unit layer: a plain copy
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Map<String, int[]> keptOf = new LinkedHashMap<>();      // unit layer name -> kept units
            for (UnitLayer u : units) {
                keptOf.put(u.layerName(), liveUnits(model.params(), u));
            }
            Confs confs = Confs.of(model);
            for (UnitLayer u : units) {
                int[] kept = keptOf.get(u.layerName());
                ((FeedForwardLayer) confs.layer(u.layerName())).setNOut(kept.length);
                for (String name : u.between()) {
                    if (confs.layer(name) instanceof BatchNormalization bn) {
                        bn.setNIn(kept.length);
                        bn.setNOut(kept.length);
                    }
                }
                ((FeedForwardLayer) confs.layer(u.consumer().layerName()))
                        .setNIn((long) kept.length * u.consumer().positionsPerUnit());
                if (confs.preProcessor(u.consumer().layerName()) instanceof CnnToFeedForwardPreProcessor cnn) {
                    cnn.setNumChannels(kept.length);
                }
            }
            Model out = confs.build();
            INDArray positions = newPositions(adapter, NetworkAdapter.of(out), units, keptOf);
            int[] idx = toInts(positions);
            out.params().assign(gather(NetworkAdapter.flat(model.params()), idx).reshape(out.params().shape()));
            copyUpdaterState(adapter.updater(false), NetworkAdapter.of(out).updater(true), idx);
            log.info("Thinned {} -> {} parameters ({} units kept: {})", model.numParams(), out.numParams(),
                    units.isEmpty() ? "no unit layer" : "per layer", summary(units, keptOf));
            return (M) out;
        }
    }

    /** A cloned configuration of either network kind, with wrappers replaced by the layers they wrap. */
    private static final class Confs {
        private final MultiLayerConfiguration mln;
        private final ComputationGraphConfiguration cg;
        private final Map<String, Integer> mlnIndex = new HashMap<>();

        private Confs(MultiLayerConfiguration mln, ComputationGraphConfiguration cg) {
            this.mln = mln;
            this.cg = cg;
        }

        static Confs of(Model model) {
            if (model instanceof MultiLayerNetwork net) {
                Confs c = new Confs(PrunedLayer.withoutWrappers(net.getLayerWiseConfigurations()), null);
                for (int i = 0; i < c.mln.getConfs().size(); i++) {
                    c.mlnIndex.put(c.mln.getConf(i).getLayer().getLayerName(), i);
                }
                return c;
            }
            return new Confs(null, PrunedLayer.withoutWrappers(((ComputationGraph) model).getConfiguration()));
        }

        org.deeplearning4j.nn.conf.layers.Layer layer(String name) {
            return mln != null ? mln.getConf(mlnIndex.get(name)).getLayer()
                    : ((LayerVertex) cg.getVertices().get(name)).getLayerConf().getLayer();
        }

        InputPreProcessor preProcessor(String name) {
            return mln != null ? mln.getInputPreProcess(mlnIndex.get(name))
                    : ((LayerVertex) cg.getVertices().get(name)).getPreProcessor();
        }

        Model build() {
            if (mln != null) {
                MultiLayerNetwork out = new MultiLayerNetwork(mln);
                out.init();
                return out;
            }
            ComputationGraph out = new ComputationGraph(cg);
            out.init();
            return out;
        }
    }

    /** Units whose consumer inputs are not all zero (at least one unit is kept). */
    static int[] liveUnits(INDArray params, UnitLayer u) {
        INDArray cw = Transforms.abs(StructuredMaskUpdater.view(params, u.consumer().weights()), true);
        INDArray perUnit;
        if (u.consumer().conv()) {
            perUnit = cw.sum(0, 2, 3);
        } else {
            INDArray rows = cw.sum(1);
            perUnit = rows.reshape('c', new long[] {u.units(), u.consumer().positionsPerUnit()}).sum(1);
        }
        float[] v = perUnit.castTo(DataType.FLOAT).toFloatVector();
        List<Integer> kept = new ArrayList<>();
        for (int j = 0; j < v.length; j++) {
            if (v[j] != 0f) {
                kept.add(j);
            }
        }
        if (kept.isEmpty()) {
            kept.add(0);
        }
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * For every parameter of the thinned network, its position in the old flat parameter vector: the old network's
     * positions, laid out like its parameters, sliced as the parameters are. Layers are paired by name.
     */
    private static INDArray newPositions(NetworkAdapter net, NetworkAdapter out, List<UnitLayer> units,
            Map<String, int[]> keptOf) {
        INDArray oldPos = Nd4j.arange(net.model().numParams()).castTo(DataType.DOUBLE);
        INDArray newPos = Nd4j.create(DataType.DOUBLE, out.model().numParams());
        long oldBase = net.params().offset();
        long newBase = out.params().offset();
        Map<String, UnitLayer> byLayer = new HashMap<>();
        Map<String, UnitLayer> byConsumer = new HashMap<>();
        Map<String, UnitLayer> byBatchNorm = new HashMap<>();
        for (UnitLayer u : units) {
            byLayer.put(u.layerName(), u);
            byConsumer.put(u.consumer().layerName(), u);
            for (String b : u.between()) {
                byBatchNorm.put(b, u);
            }
        }
        Map<String, NetworkAdapter.LayerInfo> newLayers = new HashMap<>();
        for (NetworkAdapter.LayerInfo l : out.layers()) {
            newLayers.put(l.name(), l);
        }
        for (NetworkAdapter.LayerInfo oldLayer : net.layers()) {
            String name = oldLayer.name();
            Map<String, INDArray> newParams = newLayers.get(name).params();
            for (Map.Entry<String, INDArray> e : oldLayer.params().entrySet()) {
                String key = e.getKey();
                INDArray oldP = e.getValue();
                INDArray newP = newParams.get(key);
                INDArray pos = segment(oldPos, oldP.offset() - oldBase, oldP.length()).reshape(oldP.ordering(),
                        oldP.shape());
                INDArray sliced = slice(pos, key, byLayer.get(name), byConsumer.get(name), byBatchNorm.get(name),
                        keptOf);
                segment(newPos, newP.offset() - newBase, newP.length()).reshape(newP.ordering(), newP.shape())
                        .assign(sliced);
            }
        }
        return newPos;
    }

    private static INDArray slice(INDArray pos, String key, UnitLayer own, UnitLayer producer, UnitLayer bnOf,
            Map<String, int[]> keptOf) {
        INDArray p = pos;
        if (bnOf != null) {
            return selectAlong(p, p.rank() - 1, keptOf.get(bnOf.layerName()));
        }
        if (own != null) {
            int[] k = keptOf.get(own.layerName());
            if (key.equals("W")) {
                p = selectAlong(p, own.conv() ? 0 : 1, k);
            } else if (key.equals("b")) {
                p = selectAlong(p, p.rank() - 1, k);
            }
        }
        if (producer != null && key.equals("W")) {
            int[] k = keptOf.get(producer.layerName());
            if (producer.consumer().conv()) {
                p = selectAlong(p, 1, k);
            } else {
                int ppu = (int) producer.consumer().positionsPerUnit();
                int[] rows = new int[k.length * ppu];
                for (int a = 0; a < k.length; a++) {
                    for (int r = 0; r < ppu; r++) {
                        rows[a * ppu + r] = k[a] * ppu + r;
                    }
                }
                p = selectAlong(p, 0, rows);
            }
        }
        return p;
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

    private static long[] longs(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }

    private static String summary(List<UnitLayer> units, Map<String, int[]> keptOf) {
        StringBuilder sb = new StringBuilder();
        for (UnitLayer u : units) {
            sb.append(sb.length() == 0 ? "" : ", ").append(u.layerName()).append('=').append(keptOf.get(u.layerName())
                    .length).append('/').append(u.units());
        }
        return sb.toString();
    }
}
