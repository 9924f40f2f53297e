/**
 * Analyses that inform pruning decisions without training: information-based importance by
 * {@link io.github.dl4jpruning.analysis.Ablation ablation} (loss with a unit, filter or layer zeroed minus loss
 * without) and per-layer {@link io.github.dl4jpruning.analysis.SensitivityAnalysis sensitivity}, whose
 * {@link io.github.dl4jpruning.analysis.SensitivityReport report} turns into per-layer target densities for a
 * global budget. Uses {@code mask} and {@code registry}; every probe restores the weights exactly.
 */
package io.github.dl4jpruning.analysis;
