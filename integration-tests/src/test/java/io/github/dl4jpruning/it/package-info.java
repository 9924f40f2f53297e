/**
 * End-to-end tests ({@code *IT}, run by failsafe in {@code mvn verify}) on the real Fashion-MNIST files
 * (60k/10k; Debian package {@code dataset-fashion-mnist}, or {@code FMNIST_DIR}).
 */
package io.github.dl4jpruning.it;
