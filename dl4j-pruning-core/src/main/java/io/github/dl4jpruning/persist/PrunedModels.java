package io.github.dl4jpruning.persist;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.engine.PruningCheckpoint;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.nn.conf.PrunedLayer;
import io.github.dl4jpruning.nn.layers.PrunedLayerImpl;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves a pruned network with its masks and pruning state, and loads it back.
 *
 * <pre>{@code
 * PrunedModels.save(net, pruning, Path.of("pruned.zip"));
 * PrunedModels.Loaded loaded = PrunedModels.load(Path.of("pruned.zip"));
 * MultiLayerNetwork net2 = (MultiLayerNetwork) loaded.model();   // listener already attached
 * }</pre>
 *
 * <h2>File format 2</h2>
 * The file is DL4J's {@code ModelSerializer} zip ({@code configuration.json}, {@code coefficients.bin} with the exact
 * zeros of the weights, {@code updaterState.bin}), so plain {@code ModelSerializer.restoreMultiLayerNetwork} still
 * loads it, plus these raw entries (no Java serialization anywhere):
 * <ul>
 *   <li>{@value #STATE_ENTRY}: UTF-8 JSON of the pruning state: {@code format} (2), {@code config} (the
 *       {@code PruningConfig} JSON), {@code roundsCompleted}, {@code currentDensity}, the parameter layout
 *       ({@code params} ids, {@code offsets}, {@code lengths} in the flat parameter vector), {@code history} (one
 *       {@code PruningReport} per round) and {@code gradientBatches};</li>
 *   <li>{@value #MASK_ENTRY}: the flat 0/1 mask over the whole parameter vector, NumPy {@code .npy} (version 1.0,
 *       little-endian float of the network's data type);</li>
 *   <li>{@value #GRADIENTS_ENTRY} (gradient-based criteria only) and {@value #REWIND_ENTRY} (rewinding only): the
 *       gradient accumulator and the rewind weights, {@code .npy}, as long as the parameter vector.</li>
 * </ul>
 * Format 1 (before this version) stored the same values with Java serialization under
 * {@code objects/dl4jpruning_state} (a String), {@code objects/dl4jpruning_mask} etc. (a {@code byte[]} holding the
 * {@code .npy} bytes). Such files still load: their entries are decoded by a strict reader of exactly those two
 * serialized forms, never by {@code ObjectInputStream}; any other serialized content is refused.
 *
 * <h2>What a load checks, before anything is built</h2>
 * The zip is read once and must be sound (entries readable with their CRCs, the central directory agreeing with the
 * entries, no duplicate or directory entries); {@code preprocessor.bin}, which DL4J's loaders would deserialize with
 * {@code ObjectInputStream}, is refused. The network kind comes from the top-level keys of {@code configuration.json}
 * ({@code confs} or {@code vertices}). The pruning entries come all of one format, and the state must satisfy what
 * every state this library produces satisfies:
 * <ul>
 *   <li>the mask has one value per parameter, only 0 and 1 (no NaN), and zeros only inside the saved prunable
 *       parameters, never at a bias or another parameter the configuration does not prune; except that under a unit
 *       granularity (NEURON, FILTER, CHANNEL) a removed unit, whose weights are all masked, also owns a zero at its
 *       bias and its BatchNormalization gamma/beta (checked once the network is restored, because the unit layers
 *       are found in it);</li>
 *   <li>{@code params}, {@code offsets} and {@code lengths} have one entry each per parameter, ascending and
 *       non-overlapping within the parameter vector, and equal the layout the configuration finds in the network;</li>
 *   <li>{@code roundsCompleted >= 0}, {@code currentDensity} in (0, 1], and {@code history} holds reports
 *       numbered 1, 2, ... {@code roundsCompleted}, each over exactly the saved parameters with their lengths;</li>
 *   <li>density: the density is what the masks were last set to, and only what is always true is checked. With no
 *       round completed the masks were measured from the weights' zeros, so {@code currentDensity} equals the mask's
 *       kept share {@code k/n} of the {@code n} prunable weights (up to rounding: {@code |d·n - k| <= 0.5}). After a
 *       round, {@code currentDensity} equals the target density of the last report, and for every parameter the
 *       mask keeps at least the weights that report counted as non-zero (it counted them after applying the mask;
 *       a kept weight may be exactly zero, so not more). The kept share is deliberately <em>not</em> bounded by
 *       {@code currentDensity}: floors ({@code minLayerDensity}), per-layer densities, N:M patterns (always
 *       {@code n/m}) and unit granularities (whose density counts units) keep more or fewer weights than
 *       {@code currentDensity·n};</li>
 *   <li>gradients and rewind weights, when present, are as long as the parameter vector and finite; rewind weights
 *       need a configuration with rewinding, gradients one whose criterion uses them.</li>
 * </ul>
 * A refusal is an {@link IllegalArgumentException} whose message starts with the file's path and names the entry and
 * what is wrong; the file is never modified, and nothing half-loaded is returned. {@link #save} applies the same
 * checks to the listener's state before writing (an {@link IllegalStateException} if they fail), so every file it
 * writes loads. Saving writes a temporary file beside the target and moves it into place: a failed or interrupted
 * save leaves the previous file intact.
 */
public final class PrunedModels {

    /** Name of the pruning-state entry in the model zip (UTF-8 JSON). */
    public static final String STATE_ENTRY = "dl4jpruning_state.json";

    /** Name of the mask entry in the model zip (NumPy {@code .npy}). */
    public static final String MASK_ENTRY = "dl4jpruning_mask.npy";

    /** Name of the gradient-accumulator entry (gradient-based criteria only; NumPy {@code .npy}). */
    public static final String GRADIENTS_ENTRY = "dl4jpruning_gradients.npy";

    /** Name of the rewind-weights entry (lottery-ticket rewinding only; NumPy {@code .npy}). */
    public static final String REWIND_ENTRY = "dl4jpruning_rewind.npy";

    /** Start of the name of every entry this library adds to a model zip. */
    private static final String ENTRY_PREFIX = "dl4jpruning_";

    private static final String CONFIGURATION_JSON = "configuration.json";
    private static final String KIND = "model zip";

    private static final Logger log = LoggerFactory.getLogger(PrunedModels.class);

    private PrunedModels() {
    }

    /**
     * A loaded network with its pruning listener, bound and attached to it.
     *
     * @param model the MultiLayerNetwork or ComputationGraph
     * @param listener the listener holding the saved masks and schedule position
     */
    public record Loaded(Model model, PruningListener listener) {
    }

    /**
     * Saves a network, its masks and pruning state, atomically, in format 2.
     *
     * @param model the network
     * @param listener its pruning listener (bound to {@code model})
     * @param file where to write; an existing file is replaced only once the new one is complete
     * @throws IOException if writing fails (the previous file, if any, is left as it was)
     * @throws IllegalStateException if the listener is not bound to {@code model}, or its state is inconsistent (a
     *         load would refuse it; nothing is written)
     * @throws IllegalArgumentException if {@code file} is a directory
     */
    public static void save(Model model, PruningListener listener, Path file) throws IOException {
        save(model, listener, file, () -> { });
    }

    /** As {@link #save(Model, PruningListener, Path)}, with a hook run just before the move (tests). */
    static void save(Model model, PruningListener listener, Path file, Runnable beforeMove) throws IOException {
        Path target = file.toAbsolutePath();
        Map<String, byte[]> extra = PruningZips.entries(model, listener, target);
        ByteArrayOutputStream network = new ByteArrayOutputStream();
        ModelSerializer.writeModel(model, network, true);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(network.toByteArray()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        entries.putAll(extra);
        PruningZips.write(target, entries, beforeMove);
    }

    /**
     * Adds the pruning entries of {@link #save} to a model zip that DL4J has just written for {@code model} (e.g. by
     * {@code CheckpointListener} or an early-stopping saver), so that {@link #load} restores the masks and the schedule
     * position from it. The file is rewritten atomically: a crash leaves either the plain DL4J zip or the complete
     * one. Pruning entries already in the file are replaced.
     *
     * @param modelZip a {@code ModelSerializer} zip of {@code model}, written after the last iteration (so that its
     *        weights and the listener's masks belong together)
     * @param model the network the file holds
     * @param listener its pruning listener (bound to {@code model})
     * @throws IOException if reading or writing fails (the file is left as it was)
     * @throws IllegalArgumentException if the file is missing or not a sound model zip, or holds a network of another
     *         kind or parameter count than {@code model} (message starting with the file's path)
     * @throws IllegalStateException as {@link #save}, if the listener has no state or it is inconsistent
     */
    public static void addState(Path modelZip, Model model, PruningListener listener) throws IOException {
        addState(modelZip, model, listener, NetworkAdapter.of(model).epochCount());
    }

    /**
     * As {@link #addState(Path, Model, PruningListener)}, recording {@code epochCount} in the file's
     * {@code configuration.json}. DL4J calls {@code onEpochEnd} before it counts the epoch, so a file written there
     * holds one epoch less than were completed; pass the completed count, so that the file resumes as one that
     * {@link #save} writes after {@code fit} returns.
     *
     * @param modelZip a {@code ModelSerializer} zip of {@code model}
     * @param model the network the file holds
     * @param listener its pruning listener (bound to {@code model})
     * @param epochCount the epoch count to record ({@code >= 0})
     * @throws IOException if reading or writing fails (the file is left as it was)
     * @throws IllegalArgumentException as {@link #addState(Path, Model, PruningListener)}, or if {@code epochCount}
     *         is negative
     * @throws IllegalStateException as {@link #save}, if the listener has no state or it is inconsistent
     */
    public static void addState(Path modelZip, Model model, PruningListener listener, int epochCount)
            throws IOException {
        if (epochCount < 0) {
            throw new IllegalArgumentException("epochCount (" + epochCount + ") must be >= 0");
        }
        Path target = modelZip.toAbsolutePath();
        ModelZip zip = ModelZip.read(target, KIND);
        NetworkJson conf = NetworkJson.parse(new String(zip.required(CONFIGURATION_JSON, KIND),
                StandardCharsets.UTF_8), target + ": entry " + CONFIGURATION_JSON);
        String kind = NetworkAdapter.of(model).kind();
        if (conf.graph() != (model instanceof ComputationGraph) || conf.numParams() != model.numParams()) {
            throw new IllegalArgumentException(target + ": holds a " + (conf.graph() ? "ComputationGraph"
                    : "MultiLayerNetwork") + " of " + conf.numParams() + " parameters, but the model is a " + kind + " of "
                    + model.numParams() + ": give the file DL4J wrote for this model");
        }
        Map<String, byte[]> extra = PruningZips.entries(model, listener, target);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (String name : zip.names()) {
            if (!name.startsWith(ENTRY_PREFIX) && !name.startsWith("objects/" + ENTRY_PREFIX)) {
                entries.put(name, zip.entry(name).orElseThrow());
            }
        }
        if (epochCount != conf.epochCount()) {
            entries.put(CONFIGURATION_JSON, PruningZips.withEpochCount(entries.get(CONFIGURATION_JSON), epochCount, target));
        }
        entries.putAll(extra);
        PruningZips.write(target, entries, () -> { });
    }

    /**
     * Loads a network saved by {@link #save} (format 2, or format 1 of earlier versions), restores its masks and
     * schedule position into a new {@link PruningListener} and attaches it. A file written by plain DL4J (no pruning
     * entries) loads too: masks are rebuilt from the exact zeros, with a warning, under a {@link ConstantSchedule}.
     * Everything listed in the class javadoc is checked before the listener is built, all of it but the zeros that
     * removed units own even before the network is restored.
     *
     * @param file the model zip
     * @return the network and its listener
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the file is missing or a directory, or (message starting with the file's
     *         path, naming the entry and the problem) not a sound model zip, or a pruning entry is inconsistent or does
     *         not fit the network
     */
    public static Loaded load(Path file) throws IOException {
        ModelZip zip = ModelZip.read(file, KIND);
        Path source = zip.file();
        NetworkJson conf = NetworkJson.parse(new String(zip.required(CONFIGURATION_JSON, KIND),
                StandardCharsets.UTF_8), source + ": entry " + CONFIGURATION_JSON);
        StateCheck.Refusal refusal = StateCheck.Refusal.of(source, IllegalArgumentException::new);
        Optional<PruningEntries> entries = PruningEntries.read(zip);
        entries.ifPresent(e -> StateCheck.check(e, conf.numParams(), refusal));
        Model model;
        try {
            model = conf.graph() ? ModelSerializer.restoreComputationGraph(zip.stream(), true)
                    : ModelSerializer.restoreMultiLayerNetwork(zip.stream(), true);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(source + ": the network cannot be restored from " + CONFIGURATION_JSON
                    + ", coefficients.bin and updaterState.bin: " + e.getMessage(), e);
        }
        entries.ifPresent(e -> StateCheck.unitZeros(e, model, refusal));
        PruningListener listener;
        if (entries.isEmpty()) {
            log.warn("{} has no pruning state ({} / {}): masks rebuilt from the exact zeros of the weights, "
                    + "schedule ConstantSchedule", source, STATE_ENTRY, MASK_ENTRY);
            listener = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).build());
            listener.bind(model);
        } else {
            listener = restore(entries.get(), model, refusal);
        }
        NetworkAdapter.of(model).addListener(listener);
        return new Loaded(model, listener);
    }

    private static PruningListener restore(PruningEntries e, Model model, StateCheck.Refusal refusal) {
        PruningListener listener = new PruningListener(e.config());
        MaskState fresh;
        try {
            fresh = listener.bind(model);     // discovers the parameters; the saved state replaces its masks
        } catch (IllegalArgumentException ex) {
            throw refusal.refuse(refusal.where(e.layout().state()) + ": the configuration does not fit the network: "
                    + ex.getMessage());
        }
        StateCheck.fits(e, fresh.params(), refusal);
        SavedState s = e.state();
        try {
            listener.restore(model, new PruningCheckpoint(e.config(), fresh.params(), e.mask(), s.roundsCompleted(),
                    s.currentDensity(), s.history(), e.gradients(), s.gradientBatches(), e.rewind()));
        } catch (IllegalArgumentException ex) {
            String entry = e.gradients().isPresent() && String.valueOf(ex.getMessage()).contains("gradient")
                    ? e.layout().gradients() : e.layout().state();
            throw refusal.refuse(refusal.where(entry) + ": " + ex.getMessage());
        }
        return listener;
    }

    /**
     * Returns a plain DL4J copy of a pruned network for deployment: every {@code PrunedLayer} wrapper is
     * replaced by the layer it wraps, the parameters (with their exact zeros) and the updater state are
     * copied, and nothing of this library is left in the network's JSON, so a DL4J install without it loads
     * the saved file. Outputs equal the pruned network's. The source network is not changed (except that the
     * masks of wrapped layers are applied to its weights first, which they already are after every
     * iteration).
     *
     * @param model an initialized MultiLayerNetwork or ComputationGraph, with or without wrappers
     * @return a new network of the same kind, without wrappers
     * @throws IllegalArgumentException if the model is of another type
     */
    public static Model strip(Model model) {
        NetworkAdapter.of(model);
        if (model instanceof MultiLayerNetwork mln) {
            return strip(mln);
        }
        return strip((ComputationGraph) model);
    }

    /**
     * As {@link #strip(Model)} for a MultiLayerNetwork.
     *
     * @param net an initialized network
     * @return a new network without wrappers
     */
    public static MultiLayerNetwork strip(MultiLayerNetwork net) {
        applyWrapperMasks(net);
        MultiLayerNetwork out = new MultiLayerNetwork(PrunedLayer.withoutWrappers(net.getLayerWiseConfigurations()));
        out.init(net.params().dup(), false);
        return withUpdaterStateOf(net, out);
    }

    /**
     * As {@link #strip(Model)} for a ComputationGraph.
     *
     * @param graph an initialized graph
     * @return a new graph without wrappers
     */
    public static ComputationGraph strip(ComputationGraph graph) {
        applyWrapperMasks(graph);
        ComputationGraph out = new ComputationGraph(PrunedLayer.withoutWrappers(graph.getConfiguration()));
        out.init(graph.params().dup(), false);
        return withUpdaterStateOf(graph, out);
    }

    private static void applyWrapperMasks(Model model) {
        for (NetworkAdapter.LayerInfo l : NetworkAdapter.of(model).layers()) {
            if (l.runtime() instanceof PrunedLayerImpl w) {
                w.applyMasks();
            }
        }
    }

    private static <M extends Model> M withUpdaterStateOf(Model source, M out) {
        BaseMultiLayerUpdater<?> from = NetworkAdapter.of(source).updater(false);
        if (from != null && from.getStateViewArray() != null) {
            NetworkAdapter.of(out).updater(true).getStateViewArray().assign(from.getStateViewArray());
        }
        return out;
    }
}
