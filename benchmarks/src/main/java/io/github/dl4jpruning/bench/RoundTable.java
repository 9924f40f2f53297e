package io.github.dl4jpruning.bench;

import java.util.Locale;

/**
 * The per-round console table of the {@code imp} command: one header, then one row per round as it is
 * evaluated. Columns: round, density, p (pruning rate), compression, test accuracy, wall time of the round's
 * last epoch and of its mask update, both in seconds.
 */
public final class RoundTable {

    private static final String HEADER_FORMAT = "%5s  %8s  %8s  %11s  %8s  %8s  %8s";

    private RoundTable() {
    }

    /**
     * The header line.
     *
     * @return the column names, aligned with {@link #row(RoundResult)}
     */
    public static String header() {
        return String.format(Locale.ROOT, HEADER_FORMAT, "round", "density", "p", "compression", "accuracy",
                "epoch s", "prune s");
    }

    /**
     * One row.
     *
     * @param r the round
     * @return the round formatted under {@link #header()}
     */
    public static String row(RoundResult r) {
        String compression = r.compression() == null ? "inf"
                : String.format(Locale.ROOT, "%.1fx", r.compression());
        return String.format(Locale.ROOT, "%5d  %8.4f  %8.4f  %11s  %8.4f  %8.2f  %8.3f", r.round(), r.density(),
                r.p(), compression, r.accuracy(), r.epochSeconds(), r.pruneSeconds());
    }
}
