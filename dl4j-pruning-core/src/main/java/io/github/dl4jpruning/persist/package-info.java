/**
 * Saving and loading pruned networks. {@link io.github.dl4jpruning.persist.PrunedModels} writes the network in DL4J's
 * {@code ModelSerializer} zip (loadable by plain DL4J, zeros intact) plus raw entries holding the pruning state (UTF-8
 * JSON: configuration, schedule position, report history, parameter layout) and the mask, gradient accumulator and
 * rewind weights (NumPy {@code .npy}), written atomically through {@code files.AtomicFiles}; it reads them back,
 * checking every entry before anything is built, and installs them with {@code listener.PruningListener#restore}.
 * {@link io.github.dl4jpruning.persist.SparseExport} writes and reads a compact inference-only format (configuration,
 * bitmask, non-zero float32 values).
 *
 * <p>Nothing in this package deserializes Java objects: files of format 1 (Java-serialized String and byte[] entries)
 * are decoded by a strict reader of exactly those two layouts, and the DL4J entry that DL4J's own loader would
 * deserialize ({@code preprocessor.bin}) is refused. The package-private helpers each hold one step of a load: reading
 * and checking the zip ({@code ModelZip}), telling the network kind from {@code configuration.json}
 * ({@code NetworkJson}), decoding the pruning entries ({@code PruningEntries}, {@code JavaSerialized}, {@code Npy})
 * and checking them for consistency ({@code StateCheck}); {@code PruningZips} writes the entries and the zip
 * ({@code PrunedModels.save}, and {@code PrunedModels.addState}, which completes a zip DL4J has written, e.g. a
 * checkpoint). The file formats and the rules checked are documented on
 * the two public classes.
 */
package io.github.dl4jpruning.persist;
