package io.github.dl4jpruning.bench.model;

import ch.qos.logback.classic.Level;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.persist.PrunedModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.LoggerFactory;

/**
 * A DL4J model zip read from disk: a {@code MultiLayerNetwork} or {@code ComputationGraph} written by DL4J's
 * {@code ModelSerializer}, with or without the pruning entries that {@link PrunedModels#save} adds.
 *
 * <p>{@link #load(Path)} checks, before anything is restored, that the path is an existing regular file, that it is
 * a zip archive and that it holds DL4J's {@value #CONFIGURATION} and {@value #COEFFICIENTS}; each refusal is an
 * {@link IllegalArgumentException} of the form {@code "model (<path>) ..."} saying what was expected. The network is
 * then loaded by {@link PrunedModels#load}, which checks the zip and the pruning entries and refuses
 * {@code preprocessor.bin} (Java serialization). A zip without pruning entries gets a listener whose masks are the
 * exact zeros of its weights.
 *
 * @param file the absolute path of the zip
 * @param model the network
 * @param listener the pruning listener {@link PrunedModels#load} bound and attached to it
 * @param hasMasks whether the zip holds the pruning entries (masks saved by {@link PrunedModels#save}); false for a
 *        zip written by plain DL4J, whose listener's masks were rebuilt from the zeros
 */
public record ModelFile(Path file, Model model, PruningListener listener, boolean hasMasks) {

    /** DL4J's entry with the network configuration. */
    static final String CONFIGURATION = "configuration.json";

    /** DL4J's entry with the parameters. */
    static final String COEFFICIENTS = "coefficients.bin";

    /** Checks the fields. */
    public ModelFile {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(listener, "listener");
    }

    /**
     * The model kind.
     *
     * @return {@code "MultiLayerNetwork"} or {@code "ComputationGraph"}
     */
    public String kind() {
        return model instanceof ComputationGraph ? "ComputationGraph" : "MultiLayerNetwork";
    }

    /**
     * Checks and loads a model zip.
     *
     * @param path the zip
     * @return the loaded network and its listener
     * @throws IllegalArgumentException if the file is missing, a directory, not a zip, not a DL4J model zip, or
     *         refused by {@link PrunedModels#load} (the message names the file and the problem)
     * @throws UncheckedIOException if the file cannot be read
     */
    public static ModelFile load(Path path) {
        Path file = check(path);
        boolean masks = hasPruningEntries(file);
        try {
            PrunedModels.Loaded loaded = masks ? PrunedModels.load(file) : loadPlain(file);
            return new ModelFile(file, loaded.model(), loaded.listener(), masks);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Checks that a path names a readable DL4J model zip, without loading the network.
     *
     * @param path the path given on the command line
     * @return the absolute path
     * @throws IllegalArgumentException if it does not (the message says what was found and what is expected)
     */
    static Path check(Path path) {
        Objects.requireNonNull(path, "path");
        Path file = path.toAbsolutePath();
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("model (" + path + ") must be an existing file: there is no such file; "
                    + "give the path of a DL4J model zip");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("model (" + path + ") must be a file, not a directory: give the path "
                    + "of a DL4J model zip");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("model (" + path + ") must be readable: fix its permissions");
        }
        List<String> names = entryNames(path, file);
        if (!names.contains(CONFIGURATION) || !names.contains(COEFFICIENTS)) {
            throw new IllegalArgumentException("model (" + path + ") is not a DL4J model zip: it must hold the "
                    + "entries " + CONFIGURATION + " and " + COEFFICIENTS + " (written by ModelSerializer.writeModel "
                    + "or PrunedModels.save), found " + shortList(names));
        }
        return file;
    }

    private static List<String> entryNames(Path given, Path file) {
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            zip.stream().forEach(e -> names.add(e.getName()));
        } catch (ZipException e) {
            throw new IllegalArgumentException("model (" + given + ") is not a DL4J model zip: it is not a zip "
                    + "archive (" + e.getMessage() + "); DL4J writes models with ModelSerializer.writeModel");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return names;
    }

    private static String shortList(List<String> names) {
        if (names.isEmpty()) {
            return "no entries";
        }
        List<String> shown = names.size() > 8 ? names.subList(0, 8) : names;
        return String.join(", ", shown) + (names.size() > 8 ? " and " + (names.size() - 8) + " more" : "");
    }

    private static boolean hasPruningEntries(Path file) {
        List<String> names = entryNames(file, file);
        return names.stream().anyMatch(n -> n.equals(PrunedModels.STATE_ENTRY) || n.equals(PrunedModels.MASK_ENTRY)
                || n.startsWith("objects/dl4jpruning"));
    }

    /**
     * Loads a zip without pruning entries through {@link PrunedModels#load} (its checks, no Java deserialization),
     * without its warning that the masks are rebuilt from the zeros: for these commands that is the expected case.
     */
    private static PrunedModels.Loaded loadPlain(Path file) throws IOException {
        Object logger = LoggerFactory.getLogger(PrunedModels.class);
        ch.qos.logback.classic.Logger logback = logger instanceof ch.qos.logback.classic.Logger l ? l : null;
        Level previous = logback == null ? null : logback.getLevel();
        if (logback != null) {
            logback.setLevel(Level.ERROR);
        }
        try {
            return PrunedModels.load(file);
        } finally {
            if (logback != null) {
                logback.setLevel(previous);
            }
        }
    }
}
