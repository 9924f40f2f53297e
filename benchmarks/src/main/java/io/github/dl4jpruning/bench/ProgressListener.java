package io.github.dl4jpruning.bench;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Console progress of a long run: one step per training iteration, with ETA, on stderr (stdout carries the
 * result table and the JSON never sees it). Shown only when stderr belongs to a terminal
 * ({@link System#console()} is not null) and {@code --quiet} is off; otherwise every method does nothing.
 *
 * <p>Call order: {@link #create}, add as a DL4J listener, {@link #message} between epochs, {@link #close}.
 */
public final class ProgressListener extends BaseTrainingListener implements AutoCloseable {

    private final ProgressBar bar;

    private ProgressListener(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * Creates the display.
     *
     * @param task the label, e.g. "IMP lenet-300-100"
     * @param iterations total number of training iterations of the run
     * @param quiet whether {@code --quiet} was given
     * @return a listener that shows progress, or does nothing when quiet or not on a terminal
     */
    public static ProgressListener create(String task, long iterations, boolean quiet) {
        return create(task, iterations, !quiet && System.console() != null, System.err);
    }

    /**
     * Creates the display with an explicit decision (for tests).
     *
     * @param task the label
     * @param iterations total number of iterations
     * @param show whether to show anything
     * @param out where to draw
     * @return the listener
     */
    static ProgressListener create(String task, long iterations, boolean show, PrintStream out) {
        if (!show) {
            return new ProgressListener(null);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(iterations)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(out)).build();
        return new ProgressListener(bar);
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

    /** Removes the bar from the terminal. */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
