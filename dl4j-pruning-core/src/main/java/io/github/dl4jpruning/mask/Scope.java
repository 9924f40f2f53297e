package io.github.dl4jpruning.mask;

/** Where weights compete for survival when masks are recomputed. */
public enum Scope {
    /**
     * Whole-network ranking: one threshold over all prunable weights, so layers end at different
     * densities (large layers with small weights lose more). Can collapse a layer: use a floor.
     */
    GLOBAL,
    /** Per-layer ranking: every prunable parameter is pruned to the same density. */
    LOCAL
}
