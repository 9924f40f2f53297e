/**
 * Structured pruning over the dependency groups of {@code graph}: {@link io.github.dl4jpruning.structured.GroupSelection}
 * picks the groups a granularity removes units from, {@link io.github.dl4jpruning.structured.GroupMaskUpdater}
 * scores units with a {@code criterion} over their group's members and writes unit decisions into the flat mask of
 * every member, {@link io.github.dl4jpruning.structured.GroupLasso} is the group-lasso gradient, and
 * {@link io.github.dl4jpruning.structured.Thinning} builds the physically smaller network of any MultiLayerNetwork or
 * ComputationGraph. Uses {@code graph}, {@code mask}, {@code criterion}, {@code network}, {@code nn.conf} and
 * {@code report}; used by the engine, {@code persist} and the facade.
 */
package io.github.dl4jpruning.structured;
