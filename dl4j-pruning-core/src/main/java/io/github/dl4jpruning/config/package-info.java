/**
 * The configuration of a pruning run: the immutable {@link io.github.dl4jpruning.config.PruningConfig}, its
 * validating {@link io.github.dl4jpruning.config.PruningConfigBuilder} and the sealed
 * {@link io.github.dl4jpruning.config.GranularitySpec} (single weights, units, blocks, N:M) whose records carry the
 * settings of one granularity only, and {@link io.github.dl4jpruning.config.ParamMasking} (when the parameters are
 * masked after the updater). JSON keeps one flat field per setting, so files written by earlier versions read
 * back. Uses {@code schedule}, {@code criterion}, {@code mask} (scope, granularity kinds), {@code registry} and
 * {@code nn.conf} (per-layer settings); used by the engine, the listener, persistence and the facade.
 */
package io.github.dl4jpruning.config;
