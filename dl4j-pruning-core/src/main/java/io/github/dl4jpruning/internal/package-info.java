/**
 * Implementation details shared by the other packages: argument checks, the adapter that gives
 * {@code MultiLayerNetwork} and {@code ComputationGraph} one shape, JSON plumbing and the mask kernels.
 * No compatibility promise: anything here may change in any release.
 */
package io.github.dl4jpruning.internal;
