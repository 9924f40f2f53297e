package io.github.dl4jpruning.bench.model;

import io.github.dl4jpruning.bench.LogLevels;
import io.github.dl4jpruning.bench.OutputFiles;
import io.github.dl4jpruning.files.AtomicFiles;
import io.github.dl4jpruning.internal.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the model-zip commands share: running a command so that invalid input becomes one line and exit code
 * {@value #EXIT_BAD_INPUT}, checking output files before any work, and writing networks and JSON atomically.
 */
final class ModelCommands {

    /** Exit code of a successful run. */
    static final int EXIT_OK = 0;

    /** Exit code of a failure while running (a file that cannot be read or written). */
    static final int EXIT_FAILED = 1;

    /** Exit code of invalid input (picocli uses the same for unparseable options). */
    static final int EXIT_BAD_INPUT = 2;

    private ModelCommands() {
    }

    /**
     * Runs a command's body. An {@link IllegalArgumentException} (a flag out of range, a file that is missing or not a
     * DL4J model zip, a network the operation does not apply to) prints {@code "<command>: <message>"} on the
     * command's error stream and returns {@value #EXIT_BAD_INPUT}; an I/O failure prints one line and returns
     * {@value #EXIT_FAILED}. The project's loggers are limited to warnings while it runs (the command prints its own
     * result). Anything else propagates (picocli prints it with its stack trace and exits with 1).
     *
     * @param spec the command (for its name and error stream)
     * @param body the work, returning the exit code
     * @return the exit code
     * @throws Exception what the body throws besides the cases above
     */
    static int run(CommandSpec spec, Callable<Integer> body) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        // the commands print their results; the library's INFO lines (binding, the prune summary) would repeat them
        try (LogLevels quiet = LogLevels.set("io.github.dl4jpruning", "WARN")) {
            return body.call();
        } catch (IllegalArgumentException e) {
            err.println(spec.name() + ": " + e.getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
        } catch (UncheckedIOException e) {
            err.println(spec.name() + ": " + e.getMessage() + " (" + e.getCause() + ")");
            err.flush();
            return EXIT_FAILED;
        } catch (IOException e) {
            err.println(spec.name() + ": " + e);
            err.flush();
            return EXIT_FAILED;
        }
    }

    /**
     * Checks before any work that an output file can be written: its directory exists and is writable, it is not a
     * directory, and it is not the input.
     *
     * @param field the flag's field name for the message ({@code out}, {@code json})
     * @param file the output file, or null
     * @param input the input model, or null
     * @return the absolute path, or null if {@code file} is null
     * @throws IllegalArgumentException naming the field and the file, if it cannot be written there
     */
    static Path outputTarget(String field, Path file, Path input) {
        Path abs = OutputFiles.writableTarget(field, file, "model.zip");
        if (abs == null) {
            return null;
        }
        if (input != null && abs.equals(input.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException(field + " (" + file + ") must differ from the input model: write to "
                    + "a new file");
        }
        return abs;
    }

    /**
     * Writes a network with DL4J's {@code ModelSerializer} (with its updater state), atomically: an existing file is
     * replaced only by a complete one.
     *
     * @param model the network
     * @param file the target
     * @throws UncheckedIOException if writing fails
     */
    static void writeModel(Model model, Path file) {
        try {
            AtomicFiles.write(file, tmp -> ModelSerializer.writeModel(model, tmp.toFile(), true));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model to " + file, e);
        }
    }

    /**
     * Writes a value as indented JSON (the project's mapper), atomically.
     *
     * @param file the target, or null to write nothing
     * @param value the record
     * @throws UncheckedIOException if writing fails
     */
    static void writeJson(Path file, Object value) {
        if (file == null) {
            return;
        }
        try {
            byte[] bytes = (Json.write(value) + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
            AtomicFiles.writeStream(file, out -> out.write(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JSON to " + file, e);
        }
    }
}
