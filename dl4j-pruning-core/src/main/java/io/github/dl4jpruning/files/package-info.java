/**
 * Writing files atomically: {@link io.github.dl4jpruning.files.AtomicFiles} fills a temporary file beside the
 * target and moves it into place, so readers see either the previous file or the complete new one, never a
 * half-written one. Every writer of the project (model zips, sparse exports, the HTML report) goes through it.
 */
package io.github.dl4jpruning.files;
