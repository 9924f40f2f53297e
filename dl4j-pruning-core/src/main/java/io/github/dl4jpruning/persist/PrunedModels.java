package io.github.dl4jpruning.persist;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.files.AtomicFiles;
import io.github.dl4jpruning.internal.Json;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.engine.PruningCheckpoint;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.mask.MaskUpdater;
import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.nn.conf.PrunedLayer;
import io.github.dl4jpruning.nn.layers.PrunedLayerImpl;
import io.github.dl4jpruning.schedule.ConstantSchedule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves a pruned network with its masks and pruning state, and loads it back.
 *
 * <p>The file is DL4J's {@code ModelSerializer} zip (network, parameters with their exact zeros, updater
 * state), so plain {@code ModelSerializer.restoreMultiLayerNetwork} still loads it; extra entries hold
 * the pruning state ({@value #STATE_ENTRY}: configuration, schedule position, report history, parameter
 * layout), the flat mask ({@value #MASK_ENTRY}, NumPy format) and, when used, the gradient accumulator of
 * gradient-based criteria ({@value #GRADIENTS_ENTRY}) and the rewind weights ({@value #REWIND_ENTRY}). Saving writes a temporary file beside the
 * target and moves it into place, so a failed or interrupted save leaves the previous file intact. Loading
 * validates everything before returning, so nothing half-loaded is ever returned.
 *
 * <pre>{@code
 * PrunedModels.save(net, pruning, Path.of("pruned.zip"));
 * PrunedModels.Loaded loaded = PrunedModels.load(Path.of("pruned.zip"));
 * MultiLayerNetwork net2 = (MultiLayerNetwork) loaded.model();   // listener already attached
 * }</pre>
 */
public final class PrunedModels {

    /** Name of the pruning-state entry in the model zip. */
    public static final String STATE_ENTRY = "dl4jpruning_state";

    /** Name of the mask entry in the model zip. */
    public static final String MASK_ENTRY = "dl4jpruning_mask";

    /** Name of the gradient-accumulator entry (gradient-based criteria only). */
    public static final String GRADIENTS_ENTRY = "dl4jpruning_gradients";

    /** Name of the rewind-weights entry (lottery-ticket rewinding only). */
    public static final String REWIND_ENTRY = "dl4jpruning_rewind";

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
     * Saves a network, its masks and pruning state, atomically.
     *
     * @param model the network
     * @param listener its pruning listener (bound to {@code model})
     * @param file where to write; an existing file is replaced only once the new one is complete
     * @throws IOException if writing fails (the previous file, if any, is left as it was)
     * @throws IllegalStateException if the listener is not bound to {@code model}
     */
    public static void save(Model model, PruningListener listener, Path file) throws IOException {
        save(model, listener, file, () -> { });
    }

    /** As {@link #save(Model, PruningListener, Path)}, with a hook run just before the move (tests). */
    static void save(Model model, PruningListener listener, Path file, Runnable beforeMove) throws IOException {
        if (listener.state().isEmpty()) {
            throw new IllegalStateException("the PruningListener has not seen a network yet: call "
                    + "listener.bind(model) or train first");
        }
        listener.bind(model);   // throws if bound to another network
        PruningCheckpoint c = listener.checkpoint();
        AtomicFiles.write(file, tmp -> {
            ModelSerializer.writeModel(model, tmp.toFile(), true);
            SavedState saved = new SavedState(SavedState.FORMAT, c.config().toJson(), c.roundsCompleted(),
                    c.currentDensity(), c.params().stream().map(PrunableParam::id).toList(),
                    c.params().stream().map(PrunableParam::offset).toList(),
                    c.params().stream().map(PrunableParam::length).toList(), c.history(), c.gradientBatches());
            ModelSerializer.addObjectToFile(tmp.toFile(), STATE_ENTRY, Json.write(saved));
            ModelSerializer.addObjectToFile(tmp.toFile(), MASK_ENTRY, Nd4j.toNpyByteArray(c.mask()));
            if (c.gradients().isPresent()) {
                ModelSerializer.addObjectToFile(tmp.toFile(), GRADIENTS_ENTRY, Nd4j.toNpyByteArray(c.gradients().get()));
            }
            if (c.rewindWeights().isPresent()) {
                ModelSerializer.addObjectToFile(tmp.toFile(), REWIND_ENTRY,
                        Nd4j.toNpyByteArray(c.rewindWeights().get()));
            }
            beforeMove.run();
        });
    }

    /**
     * Loads a network saved by {@link #save}, restores its masks and schedule position into a new
     * {@link PruningListener} and attaches it. A file written by plain DL4J (no pruning entries) loads too:
     * masks are rebuilt from the exact zeros, with a warning, under a {@link ConstantSchedule}.
     *
     * @param file the model zip
     * @return the network and its listener
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the entry and the problem if the file is not a model zip (corrupted
     *         or truncated) or a pruning entry does not fit the network
     */
    public static Loaded load(Path file) throws IOException {
        Path source = file.toAbsolutePath();
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("file (" + source + ") must be an existing model zip");
        }
        boolean graph = isGraph(source);
        Model model;
        try {
            model = graph ? ModelSerializer.restoreComputationGraph(source.toFile(), true)
                    : ModelSerializer.restoreMultiLayerNetwork(source.toFile(), true);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": the network cannot be restored: " + e.getMessage(), e);
        }
        List<String> objects = ModelSerializer.listObjectsInFile(source.toFile());
        PruningListener listener;
        if (!objects.contains(STATE_ENTRY) || !objects.contains(MASK_ENTRY)) {
            log.warn("{} has no pruning state ({} / {}): masks rebuilt from the exact zeros of the weights, "
                    + "schedule ConstantSchedule", source, STATE_ENTRY, MASK_ENTRY);
            listener = new PruningListener(PruningConfig.builder().schedule(new ConstantSchedule()).build());
            listener.bind(model);
        } else {
            listener = restore(source, model);
        }
        NetworkAdapter.of(model).addListener(listener);
        return new Loaded(model, listener);
    }

    private static PruningListener restore(Path source, Model model) {
        SavedState saved;
        PruningConfig config;
        try {
            saved = Json.read(ModelSerializer.<String>getObjectFromFile(source.toFile(), STATE_ENTRY), SavedState.class);
            config = PruningConfig.fromJson(saved.config());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": entry " + STATE_ENTRY + " is invalid: " + e.getMessage(), e);
        }
        if (saved.format() != SavedState.FORMAT) {
            throw new IllegalArgumentException(source + ": entry " + STATE_ENTRY + " has format (" + saved.format()
                    + "), this library reads format " + SavedState.FORMAT);
        }
        if (saved.history() == null || saved.history().size() != saved.roundsCompleted()) {
            throw new IllegalArgumentException(source + ": entry " + STATE_ENTRY + ": history must hold one report per "
                    + "completed round (" + saved.roundsCompleted() + ")");
        }
        if (!(saved.currentDensity() > 0 && saved.currentDensity() <= 1)) {
            throw new IllegalArgumentException(source + ": entry " + STATE_ENTRY + ": currentDensity ("
                    + saved.currentDensity() + ") must be in (0, 1]");
        }
        INDArray mask;
        try {
            mask = Nd4j.createNpyFromByteArray(ModelSerializer.<byte[]>getObjectFromFile(source.toFile(), MASK_ENTRY));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": entry " + MASK_ENTRY + " is not a NumPy array: "
                    + e.getMessage(), e);
        }
        PruningListener listener = new PruningListener(config);
        MaskState fresh = listener.bind(model);     // discovers the parameters; the saved state replaces its masks
        List<PrunableParam> ps = fresh.params();
        for (int i = 0; i < saved.params().size(); i++) {
            String id = saved.params().get(i);
            PrunableParam p = ps.stream().filter(q -> q.id().equals(id)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException(source + ": entry " + STATE_ENTRY + " names parameter " + id
                            + ", which this network does not have (its prunable parameters: "
                            + ps.stream().map(PrunableParam::id).toList() + ")"));
            if (p.offset() != saved.offsets().get(i) || p.length() != saved.lengths().get(i)) {
                throw new IllegalArgumentException(source + ": entry " + STATE_ENTRY + ": parameter " + id
                        + " was saved at offset " + saved.offsets().get(i) + " with " + saved.lengths().get(i)
                        + " weights, the network has it at offset " + p.offset() + " with " + p.length());
            }
        }
        if (saved.params().size() != ps.size()) {
            throw new IllegalArgumentException(source + ": entry " + STATE_ENTRY + " lists " + saved.params()
                    + " but the configuration prunes " + ps.stream().map(PrunableParam::id).toList());
        }
        if (mask.length() != fresh.mask().length()) {
            throw new IllegalArgumentException(source + ": entry " + MASK_ENTRY + " has " + mask.length()
                    + " values, the network has " + fresh.mask().length() + " parameters");
        }
        long bad = MaskUpdater.countNonzero(mask) - mask.eq(1.0).castTo(DataType.INT64).sumNumber().longValue();
        if (bad != 0) {
            throw new IllegalArgumentException(source + ": entry " + MASK_ENTRY + " holds " + bad
                    + " values other than 0 and 1");
        }
        List<String> objects = ModelSerializer.listObjectsInFile(source.toFile());
        INDArray gradients = objects.contains(GRADIENTS_ENTRY) ? npy(source, GRADIENTS_ENTRY) : null;
        INDArray rewind = objects.contains(REWIND_ENTRY) ? npy(source, REWIND_ENTRY) : null;
        try {
            listener.restore(model, new PruningCheckpoint(config, ps, mask, saved.roundsCompleted(),
                    saved.currentDensity(), saved.history(), Optional.ofNullable(gradients), saved.gradientBatches(),
                    Optional.ofNullable(rewind)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        return listener;
    }

    private static INDArray npy(Path source, String entry) {
        try {
            return Nd4j.createNpyFromByteArray(ModelSerializer.<byte[]>getObjectFromFile(source.toFile(), entry));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": entry " + entry + " is not a NumPy array: " + e.getMessage(),
                    e);
        }
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

    private static boolean isGraph(Path source) {
        try (ZipFile zip = new ZipFile(source.toFile())) {
            ZipEntry conf = zip.getEntry("configuration.json");
            if (conf == null) {
                throw new IllegalArgumentException(source + ": not a DL4J model zip (entry configuration.json missing)");
            }
            try (InputStream in = zip.getInputStream(conf)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"vertices\"");
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException(source + ": not a readable zip (corrupted or truncated): "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": cannot read", e);
        }
    }
}
