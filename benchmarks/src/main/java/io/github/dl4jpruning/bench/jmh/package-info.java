/**
 * JMH microbenchmarks of the ND4J kernels that pruning adds to training, shaded into
 * {@code benchmarks/target/benchmarks.jar} beside the protocol commands of the parent package.
 *
 * <p>{@link io.github.dl4jpruning.bench.jmh.MaskApplyBenchmark} measures the per-iteration cost of keeping
 * masks applied (one flat multiply, as {@code listener.PruningListener} does, against one multiply per
 * layer); {@link io.github.dl4jpruning.bench.jmh.ThresholdBenchmark} measures exact global threshold
 * selection ({@code internal.CpuRadixSelectionKernel} against {@code internal.SortSelectionKernel}, and the
 * full {@code mask.ThresholdSelector#keepMask}); {@link io.github.dl4jpruning.bench.jmh.CriterionBenchmark}
 * measures scoring ({@code criterion.MagnitudeCriterion}) against a plain copy. Each class puts an
 * unpruned or portable baseline beside its variants in the same run, uses {@code @Param} for the problem
 * size and ends with a comment giving the command line and the shape of result to expect.
 *
 * <p>Run them with JMH's own entry point, one class at a time, with {@code OMP_NUM_THREADS=1} on a small
 * machine:
 * <pre>
 * OMP_NUM_THREADS=1 java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main ThresholdBenchmark
 * </pre>
 * or through the jar's {@code jmh} subcommand, which passes its arguments to JMH unchanged
 * ({@code java -jar benchmarks/target/benchmarks.jar jmh ThresholdBenchmark ...}).
 *
 * <p>This package calls core's public classes and, to time the two selection kernels separately, its
 * {@code internal} ones (no compatibility promise: these benchmarks change with them). Nothing in core or in
 * the parent package depends on it.
 */
package io.github.dl4jpruning.bench.jmh;
