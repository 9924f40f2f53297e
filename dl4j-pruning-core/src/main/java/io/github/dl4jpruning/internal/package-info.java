/**
 * Argument checks that produce the project's error template ({@link io.github.dl4jpruning.internal.Checks}) and the
 * one JSON mapper ({@link io.github.dl4jpruning.internal.Json}). Imports nothing from the other packages of this
 * project, so every package may use it. No compatibility promise: anything here may change in any release.
 */
package io.github.dl4jpruning.internal;
