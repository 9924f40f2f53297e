/**
 * oneDNN convolutions for Deeplearning4j 1.0.0-M2.1 on CPU: {@link io.github.dl4jpruning.onednn.OneDnn#enable()} turns
 * DL4J's layer helpers on and reports, as a {@link io.github.dl4jpruning.onednn.OneDnnStatus}, whether a
 * {@code ConvolutionLayer} really runs through oneDNN (DL4J's {@code MKLDNNConvHelper}) or what is missing;
 * {@link io.github.dl4jpruning.onednn.OneDnn#isEngaged(org.deeplearning4j.nn.api.Model)} and
 * {@link io.github.dl4jpruning.onednn.ConvolutionPath} tell, per network and layer, which path runs;
 * {@link io.github.dl4jpruning.onednn.OneDnn#skipInputGradients(org.deeplearning4j.nn.api.Model)} stops training from
 * computing the gradient with respect to the network input, which DL4J discards (one
 * {@link io.github.dl4jpruning.onednn.InputGradientSkip} per convolution layer says what it did).
 *
 * <p>This module stands apart from the pruning library: it depends on {@code deeplearning4j-nn} and the Java part of
 * {@code nd4j-native} only, and nothing in {@code dl4j-pruning-core} depends on it. Besides this package it carries
 * one class in a DL4J package, {@link org.nd4j.nativeblas.Nd4jCpu.Environment}: the name M2.1's
 * {@code BaseMKLDNNHelper} looks up and no M2.1 jar provides. Pruning and oneDNN combine without further glue: masks
 * are applied to the parameters and gradients, which the helper reads like the built-in path does
 * ({@code OneDnnPruningTest}).
 *
 * <p>Which ND4J native build runs is the user's choice of {@code nd4j-native} classifier:
 * {@code linux-x86_64-onednn-avx2} (AVX2 CPUs), {@code linux-x86_64-onednn-avx512} (AVX-512 CPUs) or the plain
 * {@code linux-x86_64} (any x86-64 CPU; no oneDNN, so convolutions stay on im2col + GEMM). Package-private
 * {@code NativeBuild} and {@code CpuInfo} predict JavaCPP's choice and keep a build the CPU cannot run from being
 * loaded.
 */
package io.github.dl4jpruning.onednn;
