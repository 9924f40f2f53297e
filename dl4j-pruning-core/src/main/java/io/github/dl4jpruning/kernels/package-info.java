/**
 * The built-in implementations of the {@code spi} kernels and their lookup: the portable ND4J mask kernels
 * ({@link io.github.dl4jpruning.kernels.PortableMaskKernels}), an {@code O(n)} radix selection for float32 arrays
 * on the CPU backend ({@link io.github.dl4jpruning.kernels.CpuRadixSelectionKernel}) and a portable sort
 * ({@link io.github.dl4jpruning.kernels.SortSelectionKernel}); {@link io.github.dl4jpruning.kernels.Kernels} adds
 * the providers found by {@link java.util.ServiceLoader} and picks the best one. Imports only {@code spi}.
 */
package io.github.dl4jpruning.kernels;
