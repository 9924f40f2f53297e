/**
 * Service-provider interfaces for the hot kernels, found with {@link java.util.ServiceLoader}: core ships
 * portable ND4J implementations (and a faster CPU one); a backend module such as {@code dl4j-pruning-cuda}
 * adds higher-priority providers. Core never depends on a backend module. Imports nothing from the other
 * packages of this project.
 */
package io.github.dl4jpruning.spi;
