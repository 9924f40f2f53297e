/**
 * The benchmark protocols of {@code docs/BENCHMARK.md} as one command-line program, shaded to
 * {@code benchmarks/target/benchmarks.jar}.
 *
 * <p>{@link io.github.dl4jpruning.bench.BenchmarkCli} is the picocli entry point with two subcommands:
 * {@link io.github.dl4jpruning.bench.ImpCommand} (iterative magnitude pruning, Han et al. 2015: accuracy
 * and timing per round) and {@link io.github.dl4jpruning.bench.OverheadCommand} (cost per epoch of keeping
 * masks applied), plus {@link io.github.dl4jpruning.bench.TrainCommand} (plain training, every epoch timed: the DL4J
 * side of {@code benchmarks/compare-pytorch.sh}). All share {@link io.github.dl4jpruning.bench.CommonOptions},
 * including {@code --onednn} (default on): before ND4J loads, the commands call
 * {@code io.github.dl4jpruning.onednn.OneDnn.enable()} (or {@code disable()} with {@code --no-onednn}), so that LeNet-5's
 * convolutions run through oneDNN on the jar's one native build ({@code nd4j-native} classifier
 * {@code linux-x86_64-onednn-avx2}), and record in the JSON's {@code environment} which build ran and whether the
 * helper engaged. The commands only parse and
 * print; the protocols themselves live in {@link io.github.dl4jpruning.bench.ImpBenchmark} and
 * {@link io.github.dl4jpruning.bench.OverheadBenchmark}, which other code (integration tests) can call
 * directly. Their results are immutable records ({@link io.github.dl4jpruning.bench.ImpResult},
 * {@link io.github.dl4jpruning.bench.RoundResult}, {@link io.github.dl4jpruning.bench.OverheadResult},
 * {@link io.github.dl4jpruning.bench.Environment}) that serialize to the JSON of {@code docs/BENCHMARK.md} with
 * ND4J's shaded Jackson. {@link io.github.dl4jpruning.bench.Models} builds the networks and
 * {@link io.github.dl4jpruning.bench.ThreadSettings} pins ND4J's thread counts.
 *
 * <p>The program calls itself {@code dl4j-pruning}; the commands on any DL4J model zip ({@code inspect}, {@code prune},
 * {@code strip}, {@code thin-model}, {@code export-sparse}) live in {@code io.github.dl4jpruning.bench.model} and are
 * only registered here. {@link io.github.dl4jpruning.bench.ProgressListener} draws a progress bar exactly when stderr
 * is a terminal ({@link io.github.dl4jpruning.bench.Terminals}) and routes stderr through a
 * {@link io.github.dl4jpruning.bench.ProgressConsole} meanwhile, so log lines print above the bar.
 *
 * <p>This package uses the public API of {@code dl4j-pruning-core} (listener, schedules, reports, the
 * Fashion-MNIST loader) and, for JSON output only, its {@code internal.Json} mapper; nothing in core
 * depends on it.
 */
package io.github.dl4jpruning.bench;
