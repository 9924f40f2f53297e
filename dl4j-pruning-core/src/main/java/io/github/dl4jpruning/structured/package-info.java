/**
 * Structured pruning: {@link io.github.dl4jpruning.structured.StructureMap} finds the layers whose units (Dense
 * neurons, convolution filters) can be removed and every parameter slice a unit owns (its weights and bias,
 * BatchNormalization parameters, the consumer's inputs from it), in MultiLayerNetworks and in ComputationGraphs that
 * are a chain of layer vertices; {@link io.github.dl4jpruning.structured.StructuredMaskUpdater} scores units with a
 * {@code criterion} over their group and writes unit decisions into the flat mask;
 * {@link io.github.dl4jpruning.structured.GroupLasso} is the group-lasso gradient; and
 * {@link io.github.dl4jpruning.structured.Thinning} builds the physically smaller network. Uses {@code mask},
 * {@code criterion}, {@code network}, {@code nn.conf} and {@code report}; used by the engine and the facade.
 */
package io.github.dl4jpruning.structured;
