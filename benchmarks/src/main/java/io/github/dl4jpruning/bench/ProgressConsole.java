package io.github.dl4jpruning.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * Stderr shared by a progress bar and log lines, so that neither tears the other: the bar is drawn through
 * {@link #accept(String)} (as {@code "\r" + bar}), everything else through {@link #logStream()}, which first erases the
 * bar's line, writes the text, and, once a line is complete, draws the bar again below it. Both go through one lock,
 * so the bar's refresh thread never writes in the middle of a log line. While a log line is incomplete the bar waits.
 *
 * <p>Call order: create, hand to the progress bar as its consumer, route stderr through {@link #logStream()}
 * ({@link ProgressListener} does both), {@link #close()} when the bar is done; after that the log stream writes
 * straight through.
 */
final class ProgressConsole implements ProgressBarConsumer {

    private final Object lock = new Object();
    private final PrintStream out;
    private final ConsoleProgressBarConsumer width;
    private String bar;
    private boolean barShown;
    private boolean midLine;
    private boolean closed;

    /**
     * Creates the console.
     *
     * @param out the real stderr
     */
    ProgressConsole(PrintStream out) {
        this.out = out;
        this.width = new ConsoleProgressBarConsumer(out);
    }

    /**
     * The widest bar that fits the terminal.
     *
     * @return the width in characters
     */
    @Override
    public int getMaxRenderedLength() {
        return width.getMaxRenderedLength();
    }

    /**
     * Draws the bar over its previous rendering (or stores it while a log line is incomplete).
     *
     * @param rendered the rendered bar
     */
    @Override
    public void accept(String rendered) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            bar = rendered;
            if (!midLine) {
                out.print("\r" + rendered);
                out.flush();
                barShown = true;
            }
        }
    }

    /** Leaves the last bar on its own line; later writes to the log stream go straight through. */
    @Override
    public void close() {
        synchronized (lock) {
            if (barShown) {
                out.println();
            }
            barShown = false;
            closed = true;
            out.flush();
        }
    }

    /**
     * The stream for everything else written to stderr (install with {@link System#setErr}).
     *
     * @return a stream that keeps the bar below the log lines
     */
    OutputStream logStream() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (len <= 0) {
                    return;
                }
                synchronized (lock) {
                    if (barShown) {
                        out.print("\r" + " ".repeat(bar.length()) + "\r");
                        barShown = false;
                    }
                    out.write(b, off, len);
                    midLine = b[off + len - 1] != '\n';
                    if (!midLine && !closed && bar != null) {
                        out.print("\r" + bar);
                        barShown = true;
                    }
                    out.flush();
                }
            }

            @Override
            public void flush() {
                out.flush();
            }
        };
    }
}
