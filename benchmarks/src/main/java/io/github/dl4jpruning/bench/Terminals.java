package io.github.dl4jpruning.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Whether standard error is a terminal, the condition for drawing a progress bar there. Java 17's
 * {@link System#console()} answers for standard input and output ({@code imp > out.txt} has no console although
 * stderr is the terminal, and {@code imp 2> log} has one although stderr is a file), so on Linux the target of
 * {@code /proc/self/fd/2} decides: a terminal device ({@code /dev/pts/N}, {@code /dev/ttyN}, {@code /dev/console}).
 * Where {@code /proc} is not available, {@link System#console()} is the fallback.
 */
final class Terminals {

    private static final Path STDERR_LINK = Path.of("/proc/self/fd/2");

    private Terminals() {
    }

    /**
     * Whether a progress bar is drawn on stderr.
     *
     * @param quiet whether {@code --quiet} was given
     * @param stderrIsTerminal answers whether stderr is a terminal (asked only when not quiet)
     * @return true when not quiet and stderr is a terminal
     */
    static boolean showProgress(boolean quiet, BooleanSupplier stderrIsTerminal) {
        return !quiet && stderrIsTerminal.getAsBoolean();
    }

    /**
     * Whether this process's stderr is a terminal.
     *
     * @return the answer from {@code /proc/self/fd/2}, else whether {@link System#console()} exists
     */
    static boolean stderrIsTerminal() {
        return isTerminal(stderrTarget(), System.console() != null);
    }

    /**
     * Decides from the target of the stderr file descriptor.
     *
     * @param target what {@code /proc/self/fd/2} points to, if it could be read
     * @param fallback the answer when it could not
     * @return true for a terminal device
     */
    static boolean isTerminal(Optional<String> target, boolean fallback) {
        if (target.isEmpty()) {
            return fallback;
        }
        String t = target.get();
        return t.startsWith("/dev/pts/") || t.startsWith("/dev/tty") || t.equals("/dev/console");
    }

    private static Optional<String> stderrTarget() {
        try {
            return Optional.of(Files.readSymbolicLink(STDERR_LINK).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }
}
