/**
 * Dependency graph of a network for structured pruning (after Fang et al., "DepGraph: Towards Any Structural
 * Pruning", CVPR 2023): {@link io.github.dl4jpruning.graph.DependencyGraph} follows every channel a unit layer
 * produces (Dense outputs, convolution filters of every kind, LSTM and SimpleRnn hidden units) through the network, MultiLayerNetwork or
 * ComputationGraph, and collects every parameter slice coupled with it: consumers' input slices (through flatten
 * preprocessors, pooling, padding, cropping, upsampling, activation and dropout layers, depthwise and separable
 * convolutions), BatchNormalization parameters, merge offsets, subsets, and channels tied by element-wise vertices.
 * A {@link io.github.dl4jpruning.graph.DependencyGroup} is removed together or not at all; one that reaches a layer
 * which mixes channels (LocalResponseNormalization, anything unknown) or a network output is not prunable, with the
 * reason naming the layer. Uses {@code network}; used by {@code structured} and the engine.
 */
package io.github.dl4jpruning.graph;
