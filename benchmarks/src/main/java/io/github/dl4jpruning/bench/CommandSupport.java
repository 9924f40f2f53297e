package io.github.dl4jpruning.bench;

import ch.qos.logback.classic.Level;
import io.github.dl4jpruning.onednn.OneDnn;
import io.github.dl4jpruning.onednn.OneDnnStatus;
import io.github.dl4jpruning.data.FashionMnist;
import io.github.dl4jpruning.files.AtomicFiles;
import io.github.dl4jpruning.internal.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.api.Model;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What the benchmark commands share: resolving the data directory and checking the output files and directories
 * up front (before any training), turning bad input into a one-line message that names the flag to fix and exit
 * code {@value #EXIT_BAD_INPUT}, the bounds of the shared flags, {@code --quiet}, and writing the JSON.
 */
final class CommandSupport {

    private static volatile boolean skipInputGradient;

    /** Exit code of a successful run. */
    static final int EXIT_OK = 0;

    /** Exit code of a run that failed while running (I/O errors writing the JSON). */
    static final int EXIT_FAILED = 1;

    /** Exit code of invalid input (picocli uses the same for unparseable options). */
    static final int EXIT_BAD_INPUT = 2;

    /**
     * The most training epochs one run may take (all phases together). The protocols of {@code docs/BENCHMARK.md} take
     * 5 to 20; 10,000 leaves room for any experiment while keeping epoch and iteration counts far from overflow and
     * turning a typo ({@code --finetune-epochs 1000000}) into an error instead of a run that never ends.
     */
    static final int MAX_EPOCHS = 10_000;

    /** The most ND4J threads {@code --threads} may ask for: beyond any machine this runs on. */
    static final int MAX_THREADS = 1024;

    /** The most timed passes {@code thin --repeats} may ask for. */
    static final int MAX_REPEATS = 1000;

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
                err.println(spec.name() + ": " + namingFlags(spec, e.getMessage()));
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
     * Appends the command-line flags behind the fields a message names ({@code targetDensity (1.5) ...} is set by
     * {@code --target-density}) unless the message already names them, so every refusal says which flag to fix.
     *
     * @param spec the command
     * @param message the message of the refusal
     * @return the message, with {@code " (flag --x)"} or {@code " (flags --x, --y)"} appended where it helps
     */
    static String namingFlags(CommandSpec spec, String message) {
        if (message == null) {
            return "invalid input";
        }
        List<String> flags = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            String flag = option.longestName();
            if (!flag.startsWith("--") || flags.contains(flag)) {
                continue;
            }
            String field = camelCase(flag.substring(2));
            boolean named = Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(field) + " \\(").matcher(message)
                    .find();
            boolean given = Pattern.compile(Pattern.quote(flag) + "(?![A-Za-z0-9-])").matcher(message).find();
            if (named && !given) {
                flags.add(flag);
            }
        }
        return flags.isEmpty() ? message
                : message + " (flag" + (flags.size() == 1 ? " " : "s ") + String.join(", ", flags) + ")";
    }

    private static String camelCase(String dashed) {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char c : dashed.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.toString();
    }

    /**
     * Checks {@code --batch} and {@code --threads}.
     *
     * @param options the common options
     * @throws IllegalArgumentException if the batch size is below 1 or the thread count outside [1, MAX_THREADS]
     */
    static void checkBatchAndThreads(CommonOptions options) {
        checkBatch(options.batch);
        checkThreads(options.threads);
    }

    /**
     * Checks a minibatch size.
     *
     * @param batch the minibatch size
     * @throws IllegalArgumentException if below 1
     */
    static void checkBatch(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch (" + batch + ") must be >= 1: the minibatch size, e.g. 128");
        }
    }

    /**
     * Checks a thread count.
     *
     * @param threads the ND4J thread count
     * @throws IllegalArgumentException if outside [1, {@value #MAX_THREADS}]
     */
    static void checkThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads (" + threads + ") must be >= 1: the number of CPU threads "
                    + "ND4J may use, e.g. 1");
        }
        if (threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads (" + threads + ") must be in [1, " + MAX_THREADS + "]: the "
                    + "number of CPU threads ND4J may use, e.g. 1 (the fastest on small machines)");
        }
    }

    /**
     * Checks that a subset of the training examples was available in full.
     *
     * @param requested the {@code trainExamples} asked for (0: all)
     * @param data the data loaded
     * @throws IllegalArgumentException if fewer examples were loaded than requested
     */
    static void checkTrainExamples(int requested, FashionMnist data) {
        if (requested > data.trainCount()) {
            throw new IllegalArgumentException("trainExamples (" + requested + ") must be in [0, " + data.trainCount()
                    + "]: " + data.directory() + " holds " + data.trainCount() + " training examples; 0 uses all");
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
            OneDnnStatus status = OneDnn.enable();
            skipInputGradient = options.skipInputGradient && status.engaged();
            return status;
        }
        skipInputGradient = false;
        OneDnn.disable();
        return OneDnn.status();
    }

    /**
     * Whether this run's training skips the input gradient of the convolutions that read the network input: set by
     * {@link #oneDnn(CommonOptions)} ({@code --onednn} engaged and {@code --skip-input-gradient}).
     *
     * @return true if {@link #skipInputGradients(Model)} switches layers
     */
    static boolean skipInputGradient() {
        return skipInputGradient;
    }

    /**
     * Applies {@link OneDnn#skipInputGradients(Model)} to {@code net} when {@link #skipInputGradient()} is on; called
     * before each training epoch, so that networks created during a run (thinned, restored) are switched too (a
     * switched layer stays as it is).
     *
     * @param net an initialised network
     */
    static void skipInputGradients(Model net) {
        if (skipInputGradient) {
            OneDnn.skipInputGradients(net);
        }
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
     * Checks before a long run that {@code --json FILE} can be written: its directory must exist and be writable,
     * and the file, if present, must be a writable regular file.
     *
     * @param json the output file, or null
     * @return the file as an absolute path string, or null if none was given
     * @throws IllegalArgumentException if the file cannot be written there
     */
    static String jsonTarget(Path json) {
        return fileTarget("json", json);
    }

    /**
     * Checks before a long run that an output file can be written (see {@link #jsonTarget(Path)}).
     *
     * @param field the field (flag) name, for the message
     * @param file the output file, or null
     * @return the file as an absolute path string, or null if none was given
     * @throws IllegalArgumentException if the file cannot be written there
     */
    static String fileTarget(String field, Path file) {
        Path abs = OutputFiles.writableTarget(field, file, "result.json");
        return abs == null ? null : abs.toString();
    }

    /**
     * Checks before a long run that {@code --report DIR} can be written: the directory, if present, must be a
     * writable directory in which the report's files are not directories; if absent, its nearest existing
     * ancestor must be a writable directory (the report creates the missing ones).
     *
     * @param report the report directory, or null
     * @param files the names of the files the report writes into it
     * @return the directory as an absolute path string, or null if none was given
     * @throws IllegalArgumentException if the report cannot be written there
     */
    static String directoryTarget(Path report, List<String> files) {
        if (report == null) {
            return null;
        }
        Path abs = report.toAbsolutePath();
        if (Files.exists(abs)) {
            if (!Files.isDirectory(abs)) {
                throw new IllegalArgumentException("report (" + report + ") must be a directory, but it is a file: "
                        + "choose another directory or remove the file");
            }
            for (String name : files) {
                if (Files.isDirectory(abs.resolve(name))) {
                    throw new IllegalArgumentException("report (" + report + ") must not hold a directory named "
                            + name + " (the report writes a file there): choose another directory");
                }
            }
            if (!Files.isWritable(abs)) {
                throw new IllegalArgumentException("report (" + report + ") must be a writable directory: fix its "
                        + "permissions or choose another directory");
            }
            return abs.toString();
        }
        Path existing = abs.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw new IllegalArgumentException("report (" + report + ") cannot be created: " + existing + " is a "
                    + "file, not a directory; choose another directory");
        }
        if (existing != null && !Files.isWritable(existing)) {
            throw new IllegalArgumentException("report (" + report + ") cannot be created: " + existing + " is "
                    + "read-only; choose another directory");
        }
        return abs.toString();
    }

    /**
     * Writes a result as indented JSON (ND4J's shaded Jackson, the project's mapper), atomically: an existing file is
     * replaced only by a complete one.
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
            byte[] bytes = (Json.write(result) + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
            AtomicFiles.writeStream(file, out -> out.write(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JSON result to " + file.toAbsolutePath(), e);
        }
    }
}
