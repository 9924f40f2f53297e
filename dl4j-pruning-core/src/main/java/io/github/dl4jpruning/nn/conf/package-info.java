/**
 * Layer configurations that go into DL4J network JSON: {@link io.github.dl4jpruning.nn.conf.PrunedLayer}
 * (a {@code BaseWrapperLayer} declaring pruning in builder code, around any prunable layer, output layers
 * included) and {@link io.github.dl4jpruning.nn.conf.LayerPruning} (per-layer settings, also usable by layer
 * name in {@code PruningConfig}). Their class names are stored in saved models. Beside them, what a wrapper
 * must get right in DL4J: its parameter initializer and
 * {@link io.github.dl4jpruning.nn.conf.InputTypeInference} (the input type DL4J no longer infers from a
 * wrapped first layer).
 */
package io.github.dl4jpruning.nn.conf;
