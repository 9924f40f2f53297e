package io.github.dl4jpruning.spark;

import io.github.dl4jpruning.internal.Checks;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.report.PruningReport;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Pruning with dl4j-spark. Executors train deserialized copies of the network and of its listeners, whose state
 * never returns to the driver, and Spark fires no epoch events; so the driver decides: before each epoch it asks
 * the {@link PruningListener} (bound to the driver's network) whether to prune, then ships the current masks to
 * the executors as a {@link io.github.dl4jpruning.listener.MaskingListener} (serialized with the job), which masks
 * gradients and weights of every executor copy after every iteration. Parameter averaging of masked copies keeps
 * every pruned weight exactly zero on the driver.
 *
 * <pre>{@code
 * PruningListener pruning = new PruningListener(config);
 * pruning.bind(sparkNet.getNetwork());
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     SparkPruning.fitEpoch(sparkNet, trainRdd, pruning, epoch);
 * }
 * }</pre>
 */
public final class SparkPruning {

    private SparkPruning() {
    }

    /**
     * Trains one epoch on Spark with pruning decided on the driver.
     *
     * @param sparkNet the Spark network (its driver network must be the one {@code pruning} is bound to)
     * @param data the training data
     * @param pruning the driver's listener
     * @param epochsCompleted epochs finished so far (the schedule's position)
     * @return the report if the masks were recomputed before this epoch
     * @throws IllegalStateException if the listener is bound to another network
     */
    public static Optional<PruningReport> fitEpoch(SparkDl4jMultiLayer sparkNet, JavaRDD<DataSet> data,
            PruningListener pruning, int epochsCompleted) {
        Checks.notNull("sparkNet", sparkNet);
        Checks.notNull("data", data);
        MultiLayerNetwork driver = sparkNet.getNetwork();
        Optional<PruningReport> report = pruning.step(driver, epochsCompleted);
        sparkNet.setListeners(pruning.maskingListener());
        MultiLayerNetwork trained = sparkNet.fit(data);
        if (trained != driver) {
            driver.setParams(trained.params());
        }
        return report;
    }
}
