/**
 * When to prune and to which density: immutable, shareable policies ({@link
 * io.github.dl4jpruning.schedule.PruningSchedule}) that look at a {@link
 * io.github.dl4jpruning.schedule.ScheduleContext} and answer with a {@link
 * io.github.dl4jpruning.schedule.ScheduleDecision}.
 *
 * <p>Schedules hold no state (the round counter and current density live in the mask state of the
 * {@code mask} package) and import nothing from the {@code nn}, {@code mask} or {@code listener}
 * packages. Densities here always mean the share of prunable weights <em>kept</em> (1.0 = dense); the
 * pruning rate is {@code 1 - density}.
 */
package io.github.dl4jpruning.schedule;
