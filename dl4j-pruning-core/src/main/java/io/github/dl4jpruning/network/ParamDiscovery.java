package io.github.dl4jpruning.network;

import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.nn.conf.InputTypeInference;
import io.github.dl4jpruning.nn.conf.LayerPruning;
import io.github.dl4jpruning.nn.layers.PrunedLayerImpl;
import io.github.dl4jpruning.registry.LayerSelection;
import io.github.dl4jpruning.registry.LayerSupport;
import io.github.dl4jpruning.registry.PrunableLayerRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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
     * What discovery found: the parameters to prune, the per-layer settings that apply to each, and the
     * {@link PrunedLayerImpl wrapped layers} with their parameters.
     *
     * @param params the prunable parameters, in flat-vector order
     * @param settings per-layer settings by parameter id (only parameters with settings appear)
     * @param wrapped wrapped layers and their prunable parameters
     */
    public record Discovered(List<PrunableParam> params, Map<String, LayerPruning> settings,
            Map<PrunedLayerImpl, List<PrunableParam>> wrapped) {
        /** Copies the collections. */
        public Discovered {
            params = List.copyOf(params);
            settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
            wrapped = Collections.unmodifiableMap(new LinkedHashMap<>(wrapped));
        }
    }

    /**
     * Lists the parameters to prune, in flat-vector order (no per-layer settings).
     *
     * @param net the network
     * @param registry which layer types are prunable
     * @param selection which layers the user asked for
     * @return at least one parameter
     * @throws IllegalArgumentException as {@link #discover(NetworkAdapter, PrunableLayerRegistry,
     *         LayerSelection, Map)}
     */
    public static List<PrunableParam> discover(NetworkAdapter net, PrunableLayerRegistry registry,
            LayerSelection selection) {
        return discover(net, registry, selection, Map.of()).params();
    }

    /**
     * Finds the parameters to prune. A layer wrapped in {@code PrunedLayer} is always pruned, with the
     * wrapper's parameter keys and settings; other layers as the registry and the selection say, with the
     * settings given by layer name.
     *
     * @param net the network
     * @param registry which layer types are prunable
     * @param selection which layers the user asked for
     * @param settingsByName per-layer settings by layer name (for layers that are not wrapped)
     * @return the parameters (at least one), their settings and the wrapped layers
     * @throws IllegalArgumentException for an unknown layer name or index, an included layer that is
     *         unsupported or has nothing to prune, a wrapped layer that is also excluded or also has settings
     *         by name, an excluded parameter key the layer does not have, a prunable key (registry or
     *         {@code PrunableLayerConfig}) the layer has no parameter for, a selection that leaves nothing
     *         to prune, or a MultiLayerNetwork whose wrapped first layer kept DL4J from inferring its input type
     *         ({@link InputTypeInference})
     */
    public static Discovered discover(NetworkAdapter net, PrunableLayerRegistry registry,
            LayerSelection selection, Map<String, LayerPruning> settingsByName) {
        if (net.model() instanceof MultiLayerNetwork mln) {
            InputTypeInference.problem(mln.getLayerWiseConfigurations()).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
        }
        List<NetworkAdapter.LayerInfo> layers = net.layers();
        checkKnown(layers, selection, net.kind());
        List<String> names = layers.stream().map(NetworkAdapter.LayerInfo::name).toList();
        for (String n : settingsByName.keySet()) {
            if (!names.contains(n)) {
                throw new IllegalArgumentException("layer settings name (\"" + n + "\") is not a layer of this "
                        + net.kind() + "; its layers are " + describe(layers));
            }
        }
        long base = net.params().offset();
        List<PrunableParam> out = new ArrayList<>();
        Map<String, LayerPruning> settings = new LinkedHashMap<>();
        Map<PrunedLayerImpl, List<PrunableParam>> wrapped = new LinkedHashMap<>();
        for (NetworkAdapter.LayerInfo l : layers) {
            String where = "layer " + l.index() + " (\"" + l.name() + "\", " + l.conf().getClass().getSimpleName() + ")";
            List<String> keys;
            LayerPruning layerSettings;
            if (l.runtime() instanceof PrunedLayerImpl w) {
                if (selection.excludes(l.index(), l.name())) {
                    throw new IllegalArgumentException(where + " is wrapped in a PrunedLayer and also excluded in "
                            + "the PruningConfig: remove the wrapper or the exclusion");
                }
                if (settingsByName.containsKey(l.name())) {
                    throw new IllegalArgumentException(where + " has settings both in its PrunedLayer wrapper and "
                            + "in PruningConfig.layer(\"" + l.name() + "\", ...): keep one of them");
                }
                keys = w.wrapperConf().prunedParamKeys();
                layerSettings = w.wrapperConf().settings();
                wrapped.put(w, new ArrayList<>());
            } else {
                if (selection.excludes(l.index(), l.name())) {
                    if (settingsByName.containsKey(l.name())) {
                        throw new IllegalArgumentException(where + " is excluded but has settings in "
                                + "PruningConfig.layer(\"" + l.name() + "\", ...): remove one of them");
                    }
                    continue;
                }
                boolean asked = selection.includes(l.index(), l.name()) || settingsByName.containsKey(l.name());
                if (selection.hasIncludes() && !asked) {
                    continue;
                }
                LayerSupport s = registry.support(l.conf());
                if (s.status() == LayerSupport.Status.UNSUPPORTED) {
                    if (asked) {
                        throw new IllegalArgumentException(where + " is not a supported layer type for pruning. "
                                + "Supported: " + registry.describePrunable() + ". Remove it from the include list "
                                + "and layer settings, or register its weight keys with "
                                + "PrunableLayerRegistry.toBuilder().prunable(...)");
                    }
                    if (!l.params().isEmpty()) {
                        log.warn("{} is not a supported layer type: its parameters are not pruned", where);
                    }
                    continue;
                }
                if (s.status() == LayerSupport.Status.NOTHING_TO_PRUNE) {
                    if (asked) {
                        throw new IllegalArgumentException(where + " has nothing to prune (no weight matrix); "
                                + "remove it from the include list and layer settings");
                    }
                    continue;
                }
                layerSettings = settingsByName.get(l.name());
                keys = new ArrayList<>(s.paramKeys());
                if (layerSettings != null) {
                    for (String k : layerSettings.excludedParams()) {
                        if (!keys.contains(k)) {
                            throw new IllegalArgumentException("excludedParams (" + k + ") of " + where + " is not one "
                                    + "of its prunable parameters " + s.paramKeys());
                        }
                    }
                    keys.removeAll(layerSettings.excludedParams());
                }
            }
            for (String key : keys) {
                INDArray p = l.params().get(key);
                if (p == null) {
                    throw new IllegalArgumentException(where + ": prunable parameter key (" + key + ") is not one of "
                            + "its parameters " + l.params().keySet() + "; correct the layer's registry entry "
                            + "(PrunableLayerRegistry.toBuilder().prunable(...)) or its "
                            + "PrunableLayerConfig.prunableParamKeys()");
                }
                PrunableParam pp = new PrunableParam(l.name(), l.index(), key, l.conf().getClass().getSimpleName(),
                        p.offset() - base, p.shape(), p.ordering(), InputRunLayouts.of(l.conf(), key, p));
                out.add(pp);
                if (layerSettings != null && !layerSettings.isDefault()) {
                    settings.put(pp.id(), layerSettings);
                }
                if (l.runtime() instanceof PrunedLayerImpl w) {
                    wrapped.get(w).add(pp);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no prunable parameters in this " + net.kind() + " with layer "
                    + "selection " + selection + "; layers: " + describe(layers) + ". Supported: "
                    + registry.describePrunable());
        }
        out.sort(Comparator.comparingLong(PrunableParam::offset));
        return new Discovered(out, settings, wrapped);
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
