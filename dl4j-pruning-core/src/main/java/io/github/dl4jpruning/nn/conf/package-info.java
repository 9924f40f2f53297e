/**
 * Layer configurations that go into DL4J network JSON: {@link io.github.dl4jpruning.nn.conf.PrunedLayer}
 * (a {@code BaseWrapperLayer} declaring pruning in builder code) and
 * {@link io.github.dl4jpruning.nn.conf.LayerPruning} (per-layer settings, also usable in
 * {@code PruningConfig} for output layers). Their class names are stored in saved models.
 */
package io.github.dl4jpruning.nn.conf;
