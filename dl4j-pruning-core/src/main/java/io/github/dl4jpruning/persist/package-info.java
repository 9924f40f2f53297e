/**
 * Saving and loading pruned networks: the network in DL4J's {@code ModelSerializer} zip (loadable by plain
 * DL4J, zeros intact) plus extra entries holding the pruning configuration, schedule position, report
 * history and the masks, written atomically ({@link io.github.dl4jpruning.persist.PrunedModels}).
 */
package io.github.dl4jpruning.persist;
