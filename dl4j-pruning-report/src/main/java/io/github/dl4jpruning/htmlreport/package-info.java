/**
 * HTML pruning reports from your own training: {@link io.github.dl4jpruning.htmlreport.PruningHtmlReport} writes
 * one self-contained HTML file (inline CSS, charts inlined as base64 PNG, no scripts, no external links) from one
 * or more {@link io.github.dl4jpruning.htmlreport.ReportRun}s, each built from a
 * {@link io.github.dl4jpruning.listener.PruningListener}'s history of
 * {@link io.github.dl4jpruning.report.PruningReport}s plus the accuracies you measured.
 *
 * <p>Charts (drawn with XChart, which is why this is a module of its own and not part of dl4j-pruning-core):
 * accuracy against density with one line per run (several runs overlay), density per layer on a log axis with value
 * labels and the per-layer floor, weight magnitudes before and after pruning with the magnitude threshold, the
 * first layer's kept connections per input as a grey-scale image, the sensitivity of every layer
 * ({@link io.github.dl4jpruning.analysis.SensitivityReport}) and the training loss per epoch.
 *
 * <p>Depends on the core's {@code report}, {@code listener}, {@code mask}, {@code analysis} and {@code files}
 * packages; nothing in the core depends on it.
 */
package io.github.dl4jpruning.htmlreport;
