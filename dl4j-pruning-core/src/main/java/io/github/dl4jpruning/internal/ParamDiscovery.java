package io.github.dl4jpruning.internal;

import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.registry.LayerSelection;
import io.github.dl4jpruning.registry.LayerSupport;
import io.github.dl4jpruning.registry.PrunableLayerRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the prunable parameters of a network: registry support, include/exclude lists, and each
 * parameter's offset in the flat parameter vector.
 */
public final class ParamDiscovery {

    private static final Logger log = LoggerFactory.getLogger(ParamDiscovery.class);

    private ParamDiscovery() {
    }

    /**
     * Lists the parameters to prune, in flat-vector order.
     *
     * @param net the network
     * @param registry which layer types are prunable
     * @param selection which layers the user asked for
     * @return at least one parameter
     * @throws IllegalArgumentException for an unknown layer name or index, an included layer that is
     *         unsupported or has nothing to prune, or a selection that leaves nothing to prune
     */
    public static List<PrunableParam> discover(NetworkAdapter net, PrunableLayerRegistry registry,
            LayerSelection selection) {
        List<NetworkAdapter.LayerInfo> layers = net.layers();
        checkKnown(layers, selection, net.kind());
        long base = net.params().offset();
        List<PrunableParam> out = new ArrayList<>();
        for (NetworkAdapter.LayerInfo l : layers) {
            if (selection.excludes(l.index(), l.name())) {
                continue;
            }
            boolean asked = selection.includes(l.index(), l.name());
            if (selection.hasIncludes() && !asked) {
                continue;
            }
            LayerSupport s = registry.support(l.conf());
            String where = "layer " + l.index() + " (\"" + l.name() + "\", " + l.conf().getClass().getSimpleName() + ")";
            if (s.status() == LayerSupport.Status.UNSUPPORTED) {
                if (asked) {
                    throw new IllegalArgumentException(where + " is not a supported layer type for pruning. "
                            + "Supported: " + registry.describePrunable() + ". Remove it from the include list, "
                            + "or register its weight keys with PrunableLayerRegistry.toBuilder().prunable(...)");
                }
                if (!l.params().isEmpty()) {
                    log.warn("{} is not a supported layer type: its parameters are not pruned", where);
                }
                continue;
            }
            if (s.status() == LayerSupport.Status.NOTHING_TO_PRUNE) {
                if (asked) {
                    throw new IllegalArgumentException(where + " has nothing to prune (no weight matrix); "
                            + "remove it from the include list");
                }
                continue;
            }
            for (String key : s.paramKeys()) {
                INDArray p = l.params().get(key);
                if (p == null) {
                    continue;
                }
                out.add(new PrunableParam(l.name(), l.index(), key, l.conf().getClass().getSimpleName(),
                        p.offset() - base, p.shape(), p.ordering()));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no prunable parameters in this " + net.kind() + " with layer "
                    + "selection " + selection + "; layers: " + describe(layers) + ". Supported: "
                    + registry.describePrunable());
        }
        out.sort(Comparator.comparingLong(PrunableParam::offset));
        return out;
    }

    private static void checkKnown(List<NetworkAdapter.LayerInfo> layers, LayerSelection sel, String kind) {
        List<String> names = layers.stream().map(NetworkAdapter.LayerInfo::name).toList();
        List<Integer> indices = layers.stream().map(NetworkAdapter.LayerInfo::index).toList();
        for (String n : concat(sel.includeNames(), sel.excludeNames())) {
            if (!names.contains(n)) {
                throw new IllegalArgumentException("layer name (\"" + n + "\") is not a layer of this " + kind
                        + "; its layers are " + describe(layers));
            }
        }
        for (Integer i : concat(sel.includeIndices(), sel.excludeIndices())) {
            if (!indices.contains(i)) {
                throw new IllegalArgumentException("layer index (" + i + ") is not a layer of this " + kind
                        + "; its layers are " + describe(layers));
            }
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    private static String describe(List<NetworkAdapter.LayerInfo> layers) {
        return layers.stream().map(l -> l.index() + ":" + l.name() + "(" + l.conf().getClass().getSimpleName() + ")")
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
