/**
 * The DL4J hook: {@link io.github.dl4jpruning.listener.PruningListener}, a {@code TrainingListener} that
 * keeps masks applied on every iteration (gradient before the updater, weights after the update) and
 * asks the schedule at every epoch start whether to recompute them. It only orchestrates: the policy
 * comes from {@code schedule} and {@code criterion}, the state lives in {@code mask}.
 */
package io.github.dl4jpruning.listener;
