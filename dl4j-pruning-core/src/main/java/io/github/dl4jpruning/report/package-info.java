/**
 * What pruning did, as values: per-layer and total parameter counts, non-zero counts, density
 * {@code s} (share of weights kept), pruning rate {@code p = 1 - s} and compression {@code 1/s}
 * ({@link io.github.dl4jpruning.report.LayerStats}), one {@link io.github.dl4jpruning.report.PruningReport}
 * per mask update, with JSON. Imports nothing from the {@code nn}, {@code mask} or {@code listener}
 * packages.
 */
package io.github.dl4jpruning.report;
