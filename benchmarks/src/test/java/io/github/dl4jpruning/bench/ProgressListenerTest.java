package io.github.dl4jpruning.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressListenerTest {

    @Test
    void silentWhenNotOnATerminalOrQuiet() {
        // Surefire's stderr is not a terminal, so nothing may be drawn.
        assertFalse(Terminals.stderrIsTerminal());
        try (ProgressListener p = ProgressListener.create("task", 10, false)) {
            assertFalse(p.active());
            p.message("ignored");
            p.iterationDone(null, 0, 0);
        }
        try (ProgressListener p = ProgressListener.create("task", 10, true)) {
            assertFalse(p.active(), "--quiet");
        }
    }

    @Test
    void drawsTaskStepsAndMessageWhenShown() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
                ProgressListener p = ProgressListener.create("IMP test", 4, true, out)) {
            assertTrue(p.active());
            p.message("round 1/2");
            for (int i = 0; i < 4; i++) {
                p.iterationDone(null, i, 0);
            }
        }
        String s = buf.toString(StandardCharsets.UTF_8);
        assertTrue(s.contains("IMP test") && s.contains("4/4") && s.contains("round 1/2"), s);
    }

    @Test
    void shownBarRoutesStderrThroughTheConsoleAndRestoresIt() {
        PrintStream original = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ProgressConsole console = new ProgressConsole(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try (ProgressListener p = ProgressListener.create("task", 2, console)) {
            assertTrue(p.active());
            assertTrue(System.err == original, "the test factory leaves stderr alone");
        }
        assertTrue(System.err == original);
    }
}
