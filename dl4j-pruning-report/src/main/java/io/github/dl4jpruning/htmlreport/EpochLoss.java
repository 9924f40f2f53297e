package io.github.dl4jpruning.htmlreport;

/**
 * Mean training loss of one epoch, for the report's loss chart.
 *
 * @param epoch 1-based epoch number
 * @param meanLoss mean minibatch loss over the epoch (a non-finite value leaves a gap in the chart)
 * @param pruned whether the masks were updated at the start of this epoch (marked in the chart)
 */
public record EpochLoss(int epoch, double meanLoss, boolean pruned) {

    /**
     * Validates the epoch number.
     *
     * @throws IllegalArgumentException if {@code epoch < 1}
     */
    public EpochLoss {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch (" + epoch + ") must be >= 1 (epochs count from 1)");
        }
    }
}
