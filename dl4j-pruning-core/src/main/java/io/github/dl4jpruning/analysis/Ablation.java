package io.github.dl4jpruning.analysis;

import io.github.dl4jpruning.internal.Checks;
import io.github.dl4jpruning.network.NetworkAdapter;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Information-based importance by ablation: the loss on held-out data with a group of weights set to zero,
 * minus the loss without. A large positive delta means the group carries information the network uses;
 * near zero (or negative) means it can go. Groups: one output unit of a Dense or Output layer (its column of
 * {@code W} and its bias), one filter of a convolution layer (its slice of {@code W} and its bias), or a
 * whole layer's weights (as in sensitivity analysis).
 *
 * <p>Every probe restores the zeroed values exactly (saved copies, not recomputation), so the network is
 * bitwise unchanged afterwards. Cost: one forward pass over the held-out data per group; not for use inside
 * the training loop.
 */
public final class Ablation {

    private Ablation() {
    }

    /**
     * Loss deltas of every output unit (Dense/Output: column {@code j} of {@code W} [nIn, nOut]) or filter
     * (convolution: {@code W[j]} of [nOut, nIn, kH, kW]) of one layer, each zeroed with its bias.
     *
     * @param model an initialized MultiLayerNetwork or ComputationGraph
     * @param layerName the layer's name ({@code layer0}... or the vertex name)
     * @param heldOut the data the loss is measured on
     * @return one delta per unit or filter: {@code loss(unit zeroed) - loss}
     * @throws IllegalArgumentException for an unknown layer name or a layer without a rank-2 or rank-4 "W"
     */
    public static double[] unitLossDeltas(Model model, String layerName, DataSet heldOut) {
        NetworkAdapter net = NetworkAdapter.of(model);
        Checks.notNull("heldOut", heldOut);
        Map<String, INDArray> params = layer(net, layerName).params();
        INDArray w = params.get("W");
        if (w == null || (w.rank() != 2 && w.rank() != 4)) {
            throw new IllegalArgumentException("layer \"" + layerName + "\" (" + layer(net, layerName).conf().getClass()
                    .getSimpleName() + ") has no rank-2 (dense) or rank-4 (convolution) weight W: units cannot be "
                    + "ablated");
        }
        INDArray b = params.get("b");
        boolean dense = w.rank() == 2;
        int units = (int) (dense ? w.size(1) : w.size(0));
        double base = net.score(heldOut);
        double[] out = new double[units];
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (int j = 0; j < units; j++) {
                INDArray wj = dense ? w.get(NDArrayIndex.all(), NDArrayIndex.point(j))
                        : w.get(NDArrayIndex.point(j), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
                INDArray savedW = wj.dup();
                double savedB = b == null ? 0.0 : b.getDouble(j);
                wj.assign(0.0);
                if (b != null) {
                    b.putScalar(j, 0.0);
                }
                try {
                    out[j] = net.score(heldOut) - base;
                } finally {
                    wj.assign(savedW);
                    if (b != null) {
                        b.putScalar(j, savedB);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Loss delta of a whole layer's prunable weights zeroed (biases kept).
     *
     * @param model an initialized MultiLayerNetwork or ComputationGraph
     * @param layerName the layer's name
     * @param paramKey the parameter to zero, e.g. {@code "W"}
     * @param heldOut the data the loss is measured on
     * @return {@code loss(weights zeroed) - loss}
     * @throws IllegalArgumentException for an unknown layer name or parameter key
     */
    public static double layerLossDelta(Model model, String layerName, String paramKey, DataSet heldOut) {
        NetworkAdapter net = NetworkAdapter.of(model);
        INDArray p = layer(net, layerName).params().get(paramKey);
        if (p == null) {
            throw new IllegalArgumentException("paramKey (" + paramKey + ") is not a parameter of layer \"" + layerName
                    + "\"; its parameters are " + layer(net, layerName).params().keySet());
        }
        double base = net.score(heldOut);
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray saved = p.dup();
            p.assign(0.0);
            try {
                return net.score(heldOut) - base;
            } finally {
                p.assign(saved);
            }
        }
    }

    private static NetworkAdapter.LayerInfo layer(NetworkAdapter net, String name) {
        return net.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("layerName (\"" + name + "\") is not a layer of this " + net.kind()
                        + "; its layers are " + net.layers().stream().map(NetworkAdapter.LayerInfo::name).toList()));
    }
}
