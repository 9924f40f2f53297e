/**
 * Pruning on Spark ({@code dl4j-spark}, parameter averaging): decisions on the driver between epochs, masks shipped
 * to executors as a serializable listener. Its own module, so that core never depends on Spark.
 */
package io.github.dl4jpruning.spark;
