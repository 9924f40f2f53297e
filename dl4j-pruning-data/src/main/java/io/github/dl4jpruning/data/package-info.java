/**
 * Datasets for examples, benchmarks and integration tests: Fashion-MNIST read from its gzip IDX files.
 *
 * <p>{@link io.github.dl4jpruning.data.FashionMnist} finds the data directory ({@code --data DIR}, then the
 * {@code FMNIST_DIR} environment variable, then the Debian package {@code dataset-fashion-mnist}), validates
 * and loads the four files compactly as bytes, and hands out ND4J
 * {@link org.nd4j.linalg.dataset.api.iterator.DataSetIterator}s: a seeded, reshuffled-every-epoch training
 * iterator and an in-order test iterator. Malformed files raise
 * {@link io.github.dl4jpruning.data.DatasetFormatException}, naming the file and what was wrong.
 *
 * <p>This package is the module {@code dl4j-pruning-data}, a jar of its own beside {@code dl4j-pruning-core}:
 * it depends only on the JDK, the ND4J API and SLF4J; nothing in the pruning packages imports it, and it
 * imports nothing from them. Unit tests use a 1,000 / 200 example cut of the real files (this module's
 * test-jar, {@code FashionMnistFixture}); the full set is for integration tests and benchmarks.
 */
package io.github.dl4jpruning.data;
