/**
 * Shared test fixtures (shipped in core's test-jar): tiny seeded networks and helpers that read masks
 * and weights back for assertions. Test code only.
 */
package io.github.dl4jpruning.testing;
