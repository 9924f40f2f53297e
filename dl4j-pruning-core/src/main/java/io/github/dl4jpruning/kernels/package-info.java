/**
 * The built-in implementations of the {@code spi} kernels and their lookup: the portable ND4J mask kernels
 * ({@link io.github.dl4jpruning.kernels.PortableMaskKernels}), an {@code O(n)} selection for float32 arrays on the
 * CPU backend ({@link io.github.dl4jpruning.kernels.CpuRadixSelectionKernel}: a sampled single pass, or a two-pass
 * radix select, that can write the keep mask in the same pass, split over the available processors) and a portable
 * sort ({@link io.github.dl4jpruning.kernels.SortSelectionKernel}); {@link io.github.dl4jpruning.kernels.Kernels}
 * adds the providers found by {@link java.util.ServiceLoader} and picks the best one. Imports only {@code spi}.
 */
package io.github.dl4jpruning.kernels;
