package io.github.dl4jpruning.structured;

import io.github.dl4jpruning.internal.NetworkAdapter;
import io.github.dl4jpruning.mask.Granularity;
import io.github.dl4jpruning.nn.conf.PrunedLayer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
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
 * Physically removes pruned units: returns a new, smaller MultiLayerNetwork in which every hidden Dense neuron
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
     * @param model an initialized MultiLayerNetwork (with or without PrunedLayer wrappers)
     * @return a new, smaller network; a plain copy when no unit can be removed
     * @throws IllegalArgumentException if the model is not a MultiLayerNetwork
     */
    public static MultiLayerNetwork thin(Model model) {
        NetworkAdapter adapter = NetworkAdapter.of(model);
        if (!(model instanceof MultiLayerNetwork net)) {
            throw new IllegalArgumentException("model (" + model.getClass().getSimpleName() + ") must be a "
                    + "MultiLayerNetwork: thinning a ComputationGraph needs its merge and element-wise vertices "
                    + "followed, which is not supported yet");
        }
        List<UnitLayer> units;
        try {
            units = StructureMap.of(adapter, Granularity.FILTER);
        } catch (IllegalArgumentException e) {
            units = List.of();
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Map<Integer, int[]> keptOf = new LinkedHashMap<>();     // unit layer index -> kept units
            for (UnitLayer u : units) {
                keptOf.put(u.layerIndex(), liveUnits(net.params(), u));
            }
            MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
            for (int i = 0; i < conf.getConfs().size(); i++) {
                if (conf.getConf(i).getLayer() instanceof PrunedLayer p) {
                    conf.getConf(i).setLayer(p.getUnderlying().clone());
                }
            }
            for (UnitLayer u : units) {
                int[] kept = keptOf.get(u.layerIndex());
                ((FeedForwardLayer) conf.getConf(u.layerIndex()).getLayer()).setNOut(kept.length);
                for (int k = u.layerIndex() + 1; k < u.consumer().layerIndex(); k++) {
                    if (conf.getConf(k).getLayer() instanceof BatchNormalization bn) {
                        bn.setNIn(kept.length);
                        bn.setNOut(kept.length);
                    }
                }
                ((FeedForwardLayer) conf.getConf(u.consumer().layerIndex()).getLayer())
                        .setNIn((long) kept.length * u.consumer().positionsPerUnit());
                InputPreProcessor pre = conf.getInputPreProcess(u.consumer().layerIndex());
                if (pre instanceof CnnToFeedForwardPreProcessor cnn) {
                    cnn.setNumChannels(kept.length);
                }
            }
            MultiLayerNetwork out = new MultiLayerNetwork(conf);
            out.init();
            INDArray positions = newPositions(net, out, units, keptOf);
            int[] idx = toInts(positions);
            out.params().assign(gather(NetworkAdapter.flat(net.params()), idx).reshape(out.params().shape()));
            copyUpdaterState(net, out, idx);
            long before = net.numParams();
            log.info("Thinned {} -> {} parameters ({} units kept: {})", before, out.numParams(),
                    units.isEmpty() ? "no unit layer" : "per layer", summary(units, keptOf));
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
     * positions, laid out like its parameters, sliced as the parameters are.
     */
    private static INDArray newPositions(MultiLayerNetwork net, MultiLayerNetwork out, List<UnitLayer> units,
            Map<Integer, int[]> keptOf) {
        INDArray oldPos = Nd4j.arange(net.numParams()).castTo(DataType.DOUBLE);
        INDArray newPos = Nd4j.create(DataType.DOUBLE, out.numParams());
        long oldBase = net.params().offset();
        long newBase = out.params().offset();
        Map<Integer, UnitLayer> byLayer = new HashMap<>();
        Map<Integer, UnitLayer> byConsumer = new HashMap<>();
        Map<Integer, UnitLayer> byBatchNorm = new HashMap<>();
        for (UnitLayer u : units) {
            byLayer.put(u.layerIndex(), u);
            byConsumer.put(u.consumer().layerIndex(), u);
            for (int k = u.layerIndex() + 1; k < u.consumer().layerIndex(); k++) {
                byBatchNorm.put(k, u);
            }
        }
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer oldLayer = net.getLayer(i);
            Layer newLayer = out.getLayer(i);
            for (Map.Entry<String, INDArray> e : oldLayer.paramTable().entrySet()) {
                String key = e.getKey();
                INDArray oldP = e.getValue();
                INDArray newP = newLayer.getParam(key);
                INDArray pos = segment(oldPos, oldP.offset() - oldBase, oldP.length()).reshape(oldP.ordering(),
                        oldP.shape());
                INDArray sliced = slice(pos, key, byLayer.get(i), byConsumer.get(i), byBatchNorm.get(i), keptOf);
                segment(newPos, newP.offset() - newBase, newP.length()).reshape(newP.ordering(), newP.shape())
                        .assign(sliced);
            }
        }
        return newPos;
    }

    private static INDArray slice(INDArray pos, String key, UnitLayer own, UnitLayer producer, UnitLayer bnOf,
            Map<Integer, int[]> keptOf) {
        INDArray p = pos;
        if (bnOf != null) {
            return selectAlong(p, p.rank() - 1, keptOf.get(bnOf.layerIndex()));
        }
        if (own != null) {
            int[] k = keptOf.get(own.layerIndex());
            if (key.equals("W")) {
                p = selectAlong(p, own.conv() ? 0 : 1, k);
            } else if (key.equals("b")) {
                p = selectAlong(p, p.rank() - 1, k);
            }
        }
        if (producer != null && key.equals("W")) {
            int[] k = keptOf.get(producer.layerIndex());
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

    private static void copyUpdaterState(MultiLayerNetwork net, MultiLayerNetwork out, int[] newToOld) {
        BaseMultiLayerUpdater<?> oldU = (BaseMultiLayerUpdater<?>) net.getUpdater(false);
        if (oldU == null || oldU.getStateViewArray() == null) {
            return;
        }
        BaseMultiLayerUpdater<?> newU = (BaseMultiLayerUpdater<?>) out.getUpdater(true);
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

    private static String summary(List<UnitLayer> units, Map<Integer, int[]> keptOf) {
        StringBuilder sb = new StringBuilder();
        for (UnitLayer u : units) {
            sb.append(sb.length() == 0 ? "" : ", ").append(u.layerName()).append('=').append(keptOf.get(u.layerIndex())
                    .length).append('/').append(u.units());
        }
        return sb.toString();
    }
}
