package io.github.dl4jpruning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link ProgressConsole}: a log line written while the bar is shown erases the bar's line first, is written whole,
 * and the bar is drawn again below it; the bar never draws into an incomplete log line; after closing, the log stream
 * writes straight through.
 */
class ProgressConsoleTest {

    @Test
    void logLinesEraseTheBarAndTheBarIsRedrawnBelowThem() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ProgressConsole console = new ProgressConsole(new PrintStream(buf, true, StandardCharsets.UTF_8));
        OutputStream log = console.logStream();
        console.accept("bar 1/4");
        log.write("INFO one\n".getBytes(StandardCharsets.UTF_8));
        console.accept("bar 2/4");
        log.write("WARN two ".getBytes(StandardCharsets.UTF_8));
        console.accept("bar 3/4");                                   // waits: the log line is incomplete
        log.write("continued\n".getBytes(StandardCharsets.UTF_8));
        console.close();
        log.write("after\n".getBytes(StandardCharsets.UTF_8));
        String erase = "\r" + " ".repeat(7) + "\r";
        assertEquals("\rbar 1/4" + erase + "INFO one\n\rbar 1/4" + "\rbar 2/4" + erase + "WARN two "
                + "continued\n\rbar 3/4" + "\n" + "after\n", buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutABarLogLinesPassThrough() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ProgressConsole console = new ProgressConsole(new PrintStream(buf, true, StandardCharsets.UTF_8));
        console.logStream().write("INFO plain\n".getBytes(StandardCharsets.UTF_8));
        console.close();
        assertEquals("INFO plain\n", buf.toString(StandardCharsets.UTF_8));
    }
}
