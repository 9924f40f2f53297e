package io.github.dl4jpruning.bench;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Console progress of a long run: one step per training iteration, with ETA, on stderr (stdout carries the
 * result table and the JSON never sees it). Shown exactly when stderr is a terminal ({@link Terminals}: so
 * {@code imp > out.txt} still shows it and {@code imp 2> log} keeps it out of the log) and {@code --quiet} is off;
 * otherwise every method does nothing. While it is shown, {@link System#err} is routed through a
 * {@link ProgressConsole}, so log lines print above the bar instead of tearing it; {@link #close} restores stderr.
 *
 * <p>Call order: {@link #create}, add as a DL4J listener, {@link #message} between epochs, {@link #close}.
 */
public final class ProgressListener extends BaseTrainingListener implements AutoCloseable {

    private final ProgressBar bar;
    private final PrintStream restoreErr;

    private ProgressListener(ProgressBar bar, PrintStream restoreErr) {
        this.bar = bar;
        this.restoreErr = restoreErr;
    }

    /**
     * Creates the display.
     *
     * @param task the label, e.g. "IMP lenet-300-100"
     * @param iterations total number of training iterations of the run
     * @param quiet whether {@code --quiet} was given
     * @return a listener that shows progress, or does nothing when quiet or stderr is not a terminal
     */
    public static ProgressListener create(String task, long iterations, boolean quiet) {
        if (!Terminals.showProgress(quiet, Terminals::stderrIsTerminal)) {
            return new ProgressListener(null, null);
        }
        PrintStream original = System.err;
        ProgressConsole console = new ProgressConsole(original);
        System.setErr(new PrintStream(console.logStream(), true));
        return new ProgressListener(bar(task, iterations, console), original);
    }

    /**
     * Creates the display with an explicit decision (for tests); stderr is left alone.
     *
     * @param task the label
     * @param iterations total number of iterations
     * @param show whether to show anything
     * @param out where to draw
     * @return the listener
     */
    static ProgressListener create(String task, long iterations, boolean show, PrintStream out) {
        return show ? create(task, iterations, new ProgressConsole(out)) : new ProgressListener(null, null);
    }

    /**
     * Creates the display on a console (for tests); stderr is left alone.
     *
     * @param task the label
     * @param iterations total number of iterations
     * @param console where to draw
     * @return the listener
     */
    static ProgressListener create(String task, long iterations, ProgressConsole console) {
        return new ProgressListener(bar(task, iterations, console), null);
    }

    private static ProgressBar bar(String task, long iterations, ProgressConsole console) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(iterations)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).showSpeed()
                .setConsumer(console).build();
    }

    /**
     * Whether anything is shown.
     *
     * @return true when drawing
     */
    public boolean active() {
        return bar != null;
    }

    /**
     * Sets the text after the bar, e.g. the current round and accuracy.
     *
     * @param text the message
     */
    public void message(String text) {
        if (bar != null) {
            bar.setExtraMessage(" " + text);
        }
    }

    /**
     * One step per iteration.
     *
     * @param model the network
     * @param iteration the iteration count
     * @param epoch the epoch count
     */
    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (bar != null) {
            bar.step();
        }
    }

    /** Removes the bar from the terminal and gives stderr back. */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
        if (restoreErr != null) {
            System.setErr(restoreErr);
        }
    }
}
