/**
 * The pruning engine: {@link io.github.dl4jpruning.engine.PruningEngine}, bound to one network at construction,
 * owns the mask state and does the work of the {@code listener} hooks: per iteration it masks gradients and weights
 * (two ND4J ops for the whole network, one where the {@link io.github.dl4jpruning.engine.ParamMaskDecision} taken at
 * bind proves the weight multiply a no-op) and adds the gradient terms (L1, group lasso); per mask update it runs the one
 * mask strategy chosen at bind for the configured granularity (single weights, units, blocks, N:M), then masks the
 * weights and the optimizer state. Smaller types hold one concern each: the gradient accumulator of gradient-based
 * criteria, the lottery-ticket rewind point, the ParallelWrapper replica masking, and the
 * {@link io.github.dl4jpruning.engine.PruningCheckpoint} record that {@code persist} writes and reads.
 *
 * <p>Uses {@code config}, {@code mask}, {@code structured}, {@code network}, {@code kernels}, {@code analysis},
 * {@code nn}, {@code schedule}, {@code criterion} and {@code report}; used by {@code listener} and {@code persist}.
 * A new granularity plugs in as a {@code MaskStrategy} chosen in {@code MaskStrategy.of}.
 */
package io.github.dl4jpruning.engine;
