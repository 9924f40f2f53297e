package io.github.dl4jpruning.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link Terminals}: the bar is shown exactly when stderr is a terminal and {@code --quiet} is off, decided from the
 * target of {@code /proc/self/fd/2} (not from {@link System#console()}, which follows stdin and stdout).
 */
class TerminalsTest {

    @Test
    void showsTheBarOnlyWhenNotQuietAndStderrIsATerminal() {
        assertTrue(Terminals.showProgress(false, () -> true));
        assertFalse(Terminals.showProgress(false, () -> false));
        AtomicBoolean asked = new AtomicBoolean();
        assertFalse(Terminals.showProgress(true, () -> {
            asked.set(true);
            return true;
        }));
        assertFalse(asked.get(), "--quiet decides without looking at the terminal");
    }

    @Test
    void terminalDevicesAreTerminalsAndFilesAndPipesAreNot() {
        for (String tty : new String[] {"/dev/pts/0", "/dev/pts/17", "/dev/tty1", "/dev/tty", "/dev/console"}) {
            assertTrue(Terminals.isTerminal(Optional.of(tty), false), tty);
        }
        // imp 2> log, 2>/dev/null, | tee, a socket: never a bar, whatever System.console() says
        for (String other : new String[] {"/home/u/log", "/dev/null", "pipe:[12345]", "socket:[999]"}) {
            assertFalse(Terminals.isTerminal(Optional.of(other), true), other);
        }
        assertTrue(Terminals.isTerminal(Optional.empty(), true), "no /proc: System.console() decides");
        assertFalse(Terminals.isTerminal(Optional.empty(), false));
    }

    @Test
    void surefiresStderrIsNotATerminal() {
        // the forked test JVM writes stderr into a pipe or file
        assertFalse(Terminals.stderrIsTerminal());
    }
}
