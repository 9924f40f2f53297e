/**
 * The HTML pruning report: one self-contained {@code index.html} plus PNG charts drawn with XChart
 * (accuracy vs density, per-layer densities per round, weight-magnitude histograms before and after
 * pruning, training loss per epoch with prune events, and the per-round table). Input values are built by
 * the benchmark commands ({@link io.github.dl4jpruning.bench.html.ReportInput}).
 */
package io.github.dl4jpruning.bench.html;
