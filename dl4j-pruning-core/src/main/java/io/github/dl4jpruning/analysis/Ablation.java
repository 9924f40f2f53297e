package io.github.dl4jpruning.analysis;

import io.github.dl4jpruning.graph.ChannelEntry;
import io.github.dl4jpruning.graph.DependencyGroup;
import io.github.dl4jpruning.internal.Checks;
import io.github.dl4jpruning.network.NetworkAdapter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Information-based importance by ablation: the loss on held-out data with a group of weights set to zero,
 * minus the loss without. A large positive delta means the group carries information the network uses;
 * near zero (or negative) means it can go. Groups: one output unit of a Dense or Output layer (its column of
 * {@code W} and its bias), one filter of a convolution layer (its slice of {@code W} and its bias), or a
 * whole layer's weights (as in sensitivity analysis), or one unit of a {@link DependencyGroup} with every slice that
 * pruning it zeroes, in all of the group's layers at once.
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
            INDArray savedW = w.dup();
            INDArray savedB = b == null ? null : b.dup();
            for (int j = 0; j < units; j++) {
                try {
                    zeroIndices(w, dense ? 1 : 0, j);
                    if (b != null) {
                        zeroIndices(b, b.rank() - 1, j);
                    }
                    out[j] = net.score(heldOut) - base;
                } finally {
                    w.assign(savedW);
                    if (b != null) {
                        b.assign(savedB);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Loss deltas of every unit of a dependency group, each unit zeroed the way pruning it zeroes it: in every
     * producer of the group at once (a residual block and its shortcut, the inputs of a concatenation), its output
     * slices and biases, BatchNormalization gamma and beta, depthwise kernels and every consumer's input slices (all
     * the group's masked members; BatchNormalization mean and variance stay, as the mask leaves them). So
     * {@code loss(unit zeroed)} is the loss of the network with that unit pruned, and the result does not depend on
     * which layer of the group is looked at.
     *
     * <p>Cost: one forward pass over {@code heldOut} per unit. Every probe restores the zeroed values from saved
     * copies, so the parameters are bitwise unchanged afterwards, also when a forward pass throws.
     *
     * @param model an initialized MultiLayerNetwork or ComputationGraph
     * @param group a group of that network's dependency graph ({@code DependencyGraph.of(...).groups()})
     * @param heldOut the data the loss is measured on
     * @return one delta per unit of the group: {@code loss(unit pruned) - loss}
     * @throws IllegalArgumentException if the group names a layer or parameter range that is not this network's
     */
    public static double[] groupLossDeltas(Model model, DependencyGroup group, DataSet heldOut) {
        NetworkAdapter net = NetworkAdapter.of(model);
        Checks.notNull("group", group);
        Checks.notNull("heldOut", heldOut);
        INDArray flat = model.params();
        List<DependencyGroup.Member> members = new ArrayList<>();
        List<INDArray> views = new ArrayList<>();
        for (DependencyGroup.Member m : group.members()) {
            ChannelEntry e = m.entry();
            if (e.role() == ChannelEntry.Role.SLICED) {
                continue;
            }
            INDArray own = layer(net, e.slice().layer()).params().get(e.slice().key());
            if (own == null || own.length() != e.slice().length() || e.slice().offset() < 0
                    || e.slice().offset() + e.slice().length() > flat.length()) {
                throw new IllegalArgumentException("group \"" + group.name() + "\" holds " + e.slice() + " at offset "
                        + e.slice().offset() + ", which layer \"" + e.slice().layer() + "\" of this network does not "
                        + "have (its parameters: " + layer(net, e.slice().layer()).params().keySet() + "; "
                        + flat.length() + " in all): the group is not of this network");
            }
            members.add(m);
            views.add(e.slice().view(flat));
        }
        double base = net.score(heldOut);
        double[] out = new double[group.units()];
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            List<INDArray> saved = views.stream().map(INDArray::dup).toList();
            for (int u = 0; u < out.length; u++) {
                try {
                    for (int i = 0; i < views.size(); i++) {
                        DependencyGroup.Member m = members.get(i);
                        int mult = m.multiplicity();
                        int[] slots = Arrays.stream(m.rows(), u * mult, (u + 1) * mult).filter(r -> r >= 0)
                                .toArray();
                        zeroIndices(views.get(i), m.entry().axis(), slots);
                    }
                    out[u] = net.score(heldOut) - base;
                } finally {
                    for (int i = 0; i < views.size(); i++) {
                        views.get(i).assign(saved.get(i));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Sets the given indices along {@code axis} of {@code p} to zero in place, by one broadcast multiply over the
     * whole view (none when there are no indices): ND4J 1.0.0-M2.1's {@code get(point(j), all()...)} on a layer's
     * parameter view can return an array without data for some {@code j}, so no sub-view is taken.
     */
    private static void zeroIndices(INDArray p, int axis, int... indices) {
        if (indices.length == 0) {
            return;
        }
        float[] keep = new float[(int) p.size(axis)];
        Arrays.fill(keep, 1f);
        for (int index : indices) {
            keep[index] = 0f;
        }
        INDArray vec = Nd4j.createFromArray(keep).castTo(p.dataType());
        if (p.rank() == 1) {
            p.muli(vec);
        } else {
            Nd4j.getExecutioner().exec(new BroadcastMulOp(p, vec, p, axis));
        }
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
