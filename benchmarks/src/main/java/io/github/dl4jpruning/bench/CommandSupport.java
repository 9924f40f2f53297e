package io.github.dl4jpruning.bench;

import ch.qos.logback.classic.Level;
import io.github.dl4jpruning.onednn.OneDnn;
import io.github.dl4jpruning.onednn.OneDnnStatus;
import io.github.dl4jpruning.data.FashionMnist;
import io.github.dl4jpruning.internal.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the benchmark commands share: resolving the data directory and output file up front, turning bad
 * input into a one-line message and exit code {@value #EXIT_BAD_INPUT}, {@code --quiet}, and writing the
 * JSON.
 */
final class CommandSupport {

    /** Exit code of a successful run. */
    static final int EXIT_OK = 0;

    /** Exit code of a run that failed while running (I/O errors writing the JSON). */
    static final int EXIT_FAILED = 1;

    /** Exit code of invalid input (picocli uses the same for unparseable options). */
    static final int EXIT_BAD_INPUT = 2;

    /** Logger whose level {@code --quiet} raises to WARN for the duration of a run. */
    private static final String PROJECT_LOGGER = "io.github.dl4jpruning";

    private CommandSupport() {
    }

    /**
     * Runs a command in two phases. An {@link IllegalArgumentException} from {@code prepare} (invalid flags,
     * missing or malformed data) becomes {@code "<command>: <message>"} on the command's error stream and exit
     * code {@value #EXIT_BAD_INPUT}; an {@link UncheckedIOException} from either phase (writing the JSON) a
     * one-line message and {@value #EXIT_FAILED}. Anything else, including an {@code IllegalArgumentException}
     * while training, propagates with its stack trace. With {@code quiet}, the project's log output is limited
     * to warnings and errors while the command runs.
     *
     * @param spec the picocli spec of the command (for its name and error stream)
     * @param quiet whether {@code --quiet} was given
     * @param prepare validates the input and loads the data
     * @param body the command's work on what {@code prepare} returned, returning its exit code
     * @param <T> what {@code prepare} hands to {@code body}
     * @return the exit code
     * @throws Exception anything else the phases throw (picocli prints it and exits with 1)
     */
    static <T> int run(CommandSpec spec, boolean quiet, Callable<T> prepare, ToIntFunction<T> body)
            throws Exception {
        Object projectLogger = LoggerFactory.getLogger(PROJECT_LOGGER);
        ch.qos.logback.classic.Logger logback = projectLogger instanceof ch.qos.logback.classic.Logger l ? l : null;
        Level previous = logback == null ? null : logback.getLevel();
        if (quiet && logback != null) {
            logback.setLevel(Level.WARN);
        }
        PrintWriter err = spec.commandLine().getErr();
        try {
            T prepared;
            try {
                prepared = prepare.call();
            } catch (IllegalArgumentException e) {
                err.println(spec.name() + ": " + e.getMessage());
                err.flush();
                return EXIT_BAD_INPUT;
            }
            return body.applyAsInt(prepared);
        } catch (UncheckedIOException e) {
            err.println(spec.name() + ": " + e.getMessage() + " (" + e.getCause() + ")");
            err.flush();
            return EXIT_FAILED;
        } finally {
            if (quiet && logback != null) {
                logback.setLevel(previous);
            }
        }
    }

    /**
     * Switches DL4J's oneDNN layer helpers on ({@code --onednn}, the default) or off ({@code --no-onednn}) before ND4J
     * loads and any network is built, and reports what runs.
     *
     * @param options the common options
     * @return the status: engaged only with {@code --onednn}, the oneDNN native build and the compatibility class
     */
    static OneDnnStatus oneDnn(CommonOptions options) {
        if (options.onednn) {
            return OneDnn.enable();
        }
        OneDnn.disable();
        return OneDnn.status();
    }

    /**
     * The {@code --data} flag as given, for validating the other flags before the directory is resolved.
     *
     * @param options the common options
     * @return the flag's value, or the empty string if it was not given
     */
    static String dataFlag(CommonOptions options) {
        return options.data == null ? "" : options.data.toString();
    }

    /**
     * Resolves {@code --data} the way the loader does ({@code --data}, {@code FMNIST_DIR}, the Debian package).
     *
     * @param options the common options
     * @return the absolute data directory
     * @throws IllegalArgumentException if the directory does not exist; the message says how to install the data
     */
    static Path dataDirectory(CommonOptions options) {
        return FashionMnist.resolveDirectory(options.data).toAbsolutePath();
    }

    /**
     * Checks before a long run that {@code --json FILE} can be written: its directory must exist and the file,
     * if present, must not be a directory.
     *
     * @param json the output file, or null
     * @return the file as an absolute path string, or null if none was given
     * @throws IllegalArgumentException if the file cannot be written there
     */
    static String jsonTarget(Path json) {
        if (json == null) {
            return null;
        }
        Path abs = json.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("json (" + json + ") must be in an existing directory: create " + dir
                    + " first");
        }
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException("json (" + json + ") must be a file, not a directory: give a file "
                    + "name, e.g. " + abs.resolve("result.json"));
        }
        return abs.toString();
    }

    /**
     * Writes a result as indented JSON (ND4J's shaded Jackson, the project's mapper).
     *
     * @param file the output file, or null to write nothing
     * @param result the result record
     * @throws UncheckedIOException if writing fails
     */
    static void writeJson(Path file, Object result) {
        if (file == null) {
            return;
        }
        try {
            Files.writeString(file, Json.write(result) + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JSON result to " + file.toAbsolutePath(), e);
        }
    }
}
