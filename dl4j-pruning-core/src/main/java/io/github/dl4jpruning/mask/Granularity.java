package io.github.dl4jpruning.mask;

/**
 * What one mask decision covers. Only single weights are implemented today; structured granularities
 * (neurons, filters, channels, blocks, N:M) come with the structured-pruning work and will be added
 * here, so configurations that name a granularity stay valid.
 */
public enum Granularity {
    /** Single weights: every weight is ranked and kept or pruned on its own. */
    UNSTRUCTURED
}
