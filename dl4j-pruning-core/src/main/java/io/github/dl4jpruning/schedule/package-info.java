/**
 * When to prune and to which density: immutable, shareable policies ({@link
 * io.github.dl4jpruning.schedule.PruningSchedule}) that look at a {@link
 * io.github.dl4jpruning.schedule.ScheduleContext} and answer with a {@link
 * io.github.dl4jpruning.schedule.ScheduleDecision}.
 *
 * <p>When to prune: at initialization ({@link io.github.dl4jpruning.schedule.OneShotSchedule} at epoch 0, or
 * {@code PruningListener.pruneAtInitialization} with gradients from a few minibatches, e.g. SNIP); during
 * training ({@link io.github.dl4jpruning.schedule.GradualSchedule}, Zhu and Gupta 2017); after training
 * ({@link io.github.dl4jpruning.schedule.OneShotSchedule}, {@link io.github.dl4jpruning.schedule.IterativeSchedule}
 * for IMP, Han et al. 2015); with lottery-ticket {@link io.github.dl4jpruning.schedule.Rewind rewinding}; or
 * never again ({@link io.github.dl4jpruning.schedule.ConstantSchedule}).
 *
 * <p>Schedules hold no state (the round counter and current density live in the mask state of the
 * {@code mask} package) and import nothing from the {@code nn}, {@code mask} or {@code listener}
 * packages. Densities here always mean the share of prunable weights <em>kept</em> (1.0 = dense); the
 * pruning rate is {@code 1 - density}.
 */
package io.github.dl4jpruning.schedule;
