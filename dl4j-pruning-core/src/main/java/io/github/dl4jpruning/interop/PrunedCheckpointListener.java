package io.github.dl4jpruning.interop;

import io.github.dl4jpruning.internal.Checks;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.network.NetworkAdapter;
import io.github.dl4jpruning.persist.PrunedModels;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.optimize.listeners.Checkpoint;
import org.deeplearning4j.optimize.listeners.CheckpointListener;

/**
 * DL4J's {@link CheckpointListener} with the pruning state in every checkpoint. It builds and drives an ordinary
 * {@code CheckpointListener} (same options, same file names and {@code checkpointInfo.txt}, same keep rules), and
 * right after that listener has written {@code checkpoint_<n>_<type>.zip} it adds the entries of
 * {@link PrunedModels#save} (masks, rounds, schedule position, history, gradient accumulator, rewind weights) to that
 * file, atomically: a crash leaves either DL4J's plain zip or the complete one. Any checkpoint loads with
 * {@link PrunedModels#load}, and {@link #loadLast(File)} picks the newest complete one.
 *
 * <p>Epoch count: DL4J calls {@code onEpochEnd} before it counts the finished epoch, so its plain checkpoints written
 * at an epoch end record one epoch less than were completed (and {@code checkpointInfo.txt} keeps that number). The
 * files completed here record the epochs completed, as {@link PrunedModels#save} after {@code fit} does, so that
 * training resumed from them (e.g. with the data iterator positioned at that epoch) continues exactly as if it had
 * not stopped.
 *
 * <pre>{@code
 * net.addListeners(pruning, new PrunedCheckpointListener(dir, b -> b.saveEveryNEpochs(1).keepLast(3)));
 * ...
 * PrunedModels.Loaded resumed = PrunedCheckpointListener.loadLast(dir);  // network + listener, attached
 * }</pre>
 *
 * <p>Call order: DL4J calls {@link #iterationDone} and {@link #onEpochEnd} of every listener in the order they were
 * added. The {@link PruningListener} must come <em>before</em> this one, so that a checkpoint taken in
 * {@code iterationDone} holds the weights after that iteration's masking (and a mask update or rewind point of an
 * iteration-based schedule): the first {@code iterationDone} checks it and throws an {@link IllegalStateException}
 * with the fix otherwise. The pruning listener is found among the network's listeners; a network without one is
 * refused (use DL4J's {@code CheckpointListener} for it). Detecting a new checkpoint costs one file-existence check
 * per iteration.
 */
public final class PrunedCheckpointListener extends BaseTrainingListener {

    private final File rootDir;
    private final CheckpointListener checkpoints;
    private int next;            // number of the next checkpoint DL4J will write (it counts from 0)
    private boolean orderChecked;

    /**
     * Creates DL4J's {@code CheckpointListener} for {@code rootDir} with the given options and wraps it.
     *
     * @param rootDir the checkpoint folder (as {@code new CheckpointListener.Builder(rootDir)}; created if missing,
     *        which DL4J's listener does not do)
     * @param options DL4J's builder options, e.g. {@code b -> b.saveEveryNIterations(50).keepLast(2)}
     * @throws IllegalArgumentException if an argument is null, {@code options} returns null, or the folder cannot be
     *         created
     * @throws IllegalStateException as DL4J's builder, if the folder already holds checkpoints and
     *         {@code deleteExisting(true)} was not given
     */
    public PrunedCheckpointListener(File rootDir, UnaryOperator<CheckpointListener.Builder> options) {
        Checks.notNull("rootDir", rootDir);
        Checks.notNull("options", options);
        CheckpointListener.Builder b = options.apply(new CheckpointListener.Builder(rootDir));
        Checks.notNull("options.apply(builder)", b);
        if (!rootDir.isDirectory() && !rootDir.mkdirs()) {
            throw new IllegalArgumentException("rootDir (" + rootDir + ") must be a folder that exists or can be "
                    + "created");
        }
        this.rootDir = rootDir;
        this.checkpoints = b.build();
    }

    /**
     * The wrapped DL4J listener, for its queries ({@code availableCheckpoints()}, {@code lastCheckpoint()},
     * {@code getFileForCheckpoint(n)}). Do not add it to a network: this listener drives it.
     *
     * @return the DL4J checkpoint listener
     */
    public CheckpointListener checkpoints() {
        return checkpoints;
    }

    /**
     * Lets DL4J's listener save on its iteration or time conditions, then completes a checkpoint it wrote.
     *
     * @param model the network
     * @param iteration the iteration count
     * @param epoch the epoch count
     * @throws IllegalStateException if the network has no PruningListener, or it comes after this listener
     */
    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (!orderChecked) {
            checkOrder(model);
            orderChecked = true;
        }
        checkpoints.iterationDone(model, iteration, epoch);
        completeNew(model, false);
    }

    /**
     * Lets DL4J's listener save on its epoch condition, then completes a checkpoint it wrote.
     *
     * @param model the network
     */
    @Override
    public void onEpochEnd(Model model) {
        checkpoints.onEpochEnd(model);
        completeNew(model, true);
    }

    private void checkOrder(Model model) {
        PruningListener pruning = AttachedPruning.of(model);
        List<TrainingListener> order = new ArrayList<>(AttachedPruning.listeners(model));
        int self = order.indexOf(this);
        int other = order.indexOf(pruning);
        if (self >= 0 && other > self) {
            throw new IllegalStateException("the PruningListener must be added before the PrunedCheckpointListener "
                    + "(listeners in call order: " + order + "), so that checkpoints hold the masked weights of the "
                    + "iteration: net.setListeners(pruning, checkpoints)");
        }
    }

    private void completeNew(Model model, boolean epochEnded) {
        File written = new File(rootDir, "checkpoint_" + next + "_" + modelType(model) + ".zip");
        if (!written.isFile()) {
            return;
        }
        next++;
        try {
            int epochs = NetworkAdapter.of(model).epochCount() + (epochEnded ? 1 : 0);   // DL4J counts it after us
            PrunedModels.addState(written.toPath(), model, AttachedPruning.of(model), epochs);
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint " + written + ": DL4J wrote it, but adding the pruning state "
                    + "failed (the file is left as DL4J wrote it)", e);
        }
    }

    /** DL4J's name for the model type in checkpoint file names. */
    private static String modelType(Model model) {
        if (model.getClass() == MultiLayerNetwork.class) {
            return "MultiLayerNetwork";
        }
        return model.getClass() == ComputationGraph.class ? "ComputationGraph" : "Model";
    }

    /**
     * Loads the newest checkpoint of a folder that holds the pruning state (a checkpoint that DL4J wrote but whose
     * completion a crash interrupted is skipped, with the older complete one loaded instead), with its listener
     * restored and attached.
     *
     * @param rootDir the checkpoint folder
     * @return the network and its pruning listener
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException if the folder holds no checkpoint record ({@code checkpointInfo.txt}) or no
     *         complete checkpoint, or the file is refused by {@link PrunedModels#load}
     */
    public static PrunedModels.Loaded loadLast(File rootDir) throws IOException {
        Checks.notNull("rootDir", rootDir);
        if (!new File(rootDir, "checkpointInfo.txt").isFile()) {
            throw new IllegalArgumentException("rootDir (" + rootDir + ") must hold checkpointInfo.txt: no "
                    + "checkpoint was written there");
        }
        List<Checkpoint> all = CheckpointListener.availableCheckpoints(rootDir);
        for (int i = all.size() - 1; i >= 0; i--) {
            File f = new File(rootDir, all.get(i).getFilename());
            try (ZipFile zip = new ZipFile(f)) {
                if (zip.getEntry(PrunedModels.STATE_ENTRY) == null) {
                    continue;
                }
            } catch (IOException e) {
                continue;      // a file being written or truncated by a crash: take an older one
            }
            return PrunedModels.load(f.toPath());
        }
        throw new IllegalArgumentException("rootDir (" + rootDir + ") holds no checkpoint with pruning state ("
                + all.size() + " checkpoint file(s) without " + PrunedModels.STATE_ENTRY + "): were they written by "
                + "PrunedCheckpointListener?");
    }

    /**
     * Loads checkpoint number {@code checkpointNum} of a folder with its pruning state (see {@link PrunedModels#load}).
     *
     * @param rootDir the checkpoint folder
     * @param checkpointNum the checkpoint number (0, 1, ... as in {@code checkpointInfo.txt})
     * @return the network and its pruning listener
     * @throws IOException if the file cannot be read
     * @throws IllegalStateException as DL4J's {@code getFileForCheckpoint}, if there is no such checkpoint file
     * @throws IllegalArgumentException if the number is negative or the file is refused by {@link PrunedModels#load}
     */
    public static PrunedModels.Loaded load(File rootDir, int checkpointNum) throws IOException {
        Checks.notNull("rootDir", rootDir);
        return PrunedModels.load(CheckpointListener.getFileForCheckpoint(rootDir, checkpointNum).toPath());
    }

    @Override
    public String toString() {
        return "PrunedCheckpointListener(" + rootDir + ")";
    }
}
