/**
 * The DL4J hooks: {@link io.github.dl4jpruning.listener.PruningListener}, a {@code TrainingListener} that binds one
 * {@code engine.PruningEngine} to the network it sees first and forwards DL4J's gradient, iteration and epoch events
 * to it; and {@link io.github.dl4jpruning.listener.MaskingListener}, a serializable, decision-free copy of the masks
 * for network copies trained elsewhere (Spark executors). Hooks only: the policy comes from {@code schedule} and
 * {@code criterion}, the work and the state live in {@code engine}.
 */
package io.github.dl4jpruning.listener;
