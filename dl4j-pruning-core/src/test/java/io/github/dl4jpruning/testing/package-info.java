/**
 * Shared test fixtures (shipped in core's test-jar): tiny seeded networks and helpers that read masks
 * and weights back for assertions. Test code only. {@code TestNets.data()} reads the Fashion-MNIST fixture of
 * dl4j-pruning-data's test-jar, which modules using it add as a test dependency of their own.
 */
package io.github.dl4jpruning.testing;
