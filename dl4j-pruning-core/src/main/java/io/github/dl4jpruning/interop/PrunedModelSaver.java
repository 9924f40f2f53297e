package io.github.dl4jpruning.interop;

import io.github.dl4jpruning.internal.Checks;
import io.github.dl4jpruning.persist.PrunedModels;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.earlystopping.EarlyStoppingModelSaver;
import org.deeplearning4j.nn.api.Model;

/**
 * An {@link EarlyStoppingModelSaver} that keeps the pruning state: in place of DL4J's {@code LocalFileModelSaver}
 * (MultiLayerNetwork) or {@code LocalFileGraphSaver} (ComputationGraph), it writes {@code bestModel.bin} and
 * {@code latestModel.bin} with {@link PrunedModels#save} (DL4J's zip plus masks, rounds, schedule position and
 * history; atomic) and loads them with {@link PrunedModels#load}, so the best model comes back with its
 * {@code PruningListener} restored and attached. Plain {@code ModelSerializer} still loads both files.
 *
 * <pre>{@code
 * EarlyStoppingConfiguration<MultiLayerNetwork> es = new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
 *         .modelSaver(new PrunedModelSaver<>(dir))           // instead of new LocalFileModelSaver(dir)
 *         ...build();
 * net.addListeners(pruning);
 * MultiLayerNetwork best = new EarlyStoppingTrainer(es, net, train).fit().getBestModel();  // masks attached
 * }</pre>
 *
 * <p>The pruning listener is found among the saved network's listeners. Early stopping keeps the model with the best
 * score, which under a pruning schedule is often one of an earlier, denser round: stop pruning before early stopping
 * starts to matter (e.g. a schedule that ends before the epoch termination condition can fire) or use
 * {@link #getLatestModel()} with {@code saveLastModel(true)}.
 *
 * @param <T> {@code MultiLayerNetwork} or {@code ComputationGraph}
 */
public final class PrunedModelSaver<T extends Model> implements EarlyStoppingModelSaver<T> {

    private static final long serialVersionUID = 1L;

    /** File name of the best model, as DL4J's savers use. */
    public static final String BEST_MODEL = "bestModel.bin";

    /** File name of the latest model, as DL4J's savers use. */
    public static final String LATEST_MODEL = "latestModel.bin";

    private final String directory;

    /**
     * Saves into {@code directory} (created when the first model is saved).
     *
     * @param directory the folder for {@value #BEST_MODEL} and {@value #LATEST_MODEL}
     * @throws IllegalArgumentException if {@code directory} is null or an existing regular file
     */
    public PrunedModelSaver(File directory) {
        Checks.notNull("directory", directory);
        if (directory.isFile()) {
            throw new IllegalArgumentException("directory (" + directory + ") must be a folder, but it is a file");
        }
        this.directory = directory.getAbsolutePath();
    }

    /**
     * As {@link #PrunedModelSaver(File)}.
     *
     * @param directory the folder
     */
    public PrunedModelSaver(String directory) {
        this(new File(Checks.notNull("directory", directory)));
    }

    @Override
    public void saveBestModel(T net, double score) throws IOException {
        PrunedModels.save(net, AttachedPruning.of(net), file(BEST_MODEL));
    }

    @Override
    public void saveLatestModel(T net, double score) throws IOException {
        PrunedModels.save(net, AttachedPruning.of(net), file(LATEST_MODEL));
    }

    /**
     * The best model, with its pruning listener restored and attached.
     *
     * @return the network
     * @throws FileNotFoundException if no best model was saved yet (DL4J's trainers expect an {@code IOException})
     * @throws IOException if the file cannot be read
     */
    @Override
    public T getBestModel() throws IOException {
        return model(loadBest());
    }

    /**
     * The latest model, with its pruning listener restored and attached.
     *
     * @return the network
     * @throws FileNotFoundException if no latest model was saved yet
     * @throws IOException if the file cannot be read
     */
    @Override
    public T getLatestModel() throws IOException {
        return model(load(LATEST_MODEL));
    }

    /**
     * The best model and its pruning listener (e.g. for {@code loaded.listener().report(loaded.model())}).
     *
     * @return the loaded network and listener
     * @throws FileNotFoundException if no best model was saved yet
     * @throws IOException if the file cannot be read
     */
    public PrunedModels.Loaded loadBest() throws IOException {
        return load(BEST_MODEL);
    }

    private PrunedModels.Loaded load(String name) throws IOException {
        Path f = file(name);
        if (!Files.isRegularFile(f)) {
            throw new FileNotFoundException(f + ": no model saved yet");
        }
        return PrunedModels.load(f);
    }

    @SuppressWarnings("unchecked")
    private T model(PrunedModels.Loaded loaded) {
        return (T) loaded.model();
    }

    private Path file(String name) {
        return Path.of(directory, name);
    }

    @Override
    public String toString() {
        return "PrunedModelSaver(" + directory + ")";
    }
}
