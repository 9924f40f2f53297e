/**
 * The benchmark protocols of {@code docs/BENCHMARK.md} as one command-line program, shaded to
 * {@code benchmarks/target/benchmarks.jar}.
 *
 * <p>{@link io.github.dl4jpruning.bench.BenchmarkCli} is the picocli entry point with two subcommands:
 * {@link io.github.dl4jpruning.bench.ImpCommand} (iterative magnitude pruning, Han et al. 2015: accuracy
 * and timing per round) and {@link io.github.dl4jpruning.bench.OverheadCommand} (cost per epoch of keeping
 * masks applied). Both share {@link io.github.dl4jpruning.bench.CommonOptions}. The commands only parse and
 * print; the protocols themselves live in {@link io.github.dl4jpruning.bench.ImpBenchmark} and
 * {@link io.github.dl4jpruning.bench.OverheadBenchmark}, which other code (integration tests) can call
 * directly. Their results are immutable records ({@link io.github.dl4jpruning.bench.ImpResult},
 * {@link io.github.dl4jpruning.bench.RoundResult}, {@link io.github.dl4jpruning.bench.OverheadResult},
 * {@link io.github.dl4jpruning.bench.Environment}) that serialize to the JSON of {@code docs/BENCHMARK.md} with
 * ND4J's shaded Jackson. {@link io.github.dl4jpruning.bench.Models} builds the networks and
 * {@link io.github.dl4jpruning.bench.ThreadSettings} pins ND4J's thread counts.
 *
 * <p>This package uses the public API of {@code dl4j-pruning-core} (listener, schedules, reports, the
 * Fashion-MNIST loader) and, for JSON output only, its {@code internal.Json} mapper; nothing in core
 * depends on it.
 */
package io.github.dl4jpruning.bench;
