/**
 * Commands of the {@code dl4j-pruning} program that work on any DL4J model zip ({@code ModelSerializer}'s file, a
 * {@code MultiLayerNetwork} or {@code ComputationGraph}, with or without the masks that
 * {@code io.github.dl4jpruning.persist.PrunedModels} saves): {@link io.github.dl4jpruning.bench.model.InspectCommand}
 * (counts, zeros and densities per parameter, mask densities), {@link io.github.dl4jpruning.bench.model.PruneCommand}
 * (one-shot pruning to a density, written with masks), {@link io.github.dl4jpruning.bench.model.StripCommand} (a plain
 * DL4J zip for deployment), {@link io.github.dl4jpruning.bench.model.ThinModelCommand} (physically smaller network
 * after unit pruning) and {@link io.github.dl4jpruning.bench.model.ExportSparseCommand} (bitmask + non-zero values).
 *
 * <p>{@link io.github.dl4jpruning.bench.model.ModelFile} checks and loads a zip; the commands only parse flags,
 * call the public API of {@code dl4j-pruning-core} ({@code Pruning}, {@code PruningListener}, {@code PrunedModels},
 * {@code SparseExport}) and print. Nothing here re-implements pruning. Invalid input (a missing file, a file that is
 * not a DL4J model zip, a value out of range) ends with exit code 2 and one line naming the field, the value and
 * what is allowed ({@link io.github.dl4jpruning.bench.model.ModelCommands}). The benchmark commands on Fashion-MNIST
 * live in the parent package {@code io.github.dl4jpruning.bench}; this package does not use it.
 */
package io.github.dl4jpruning.bench.model;
