package io.github.dl4jpruning.engine;

import io.github.dl4jpruning.internal.Checks;
import io.github.dl4jpruning.mask.MaskState;
import io.github.dl4jpruning.mask.PrunableParam;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.ISchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * L1 regularization of the prunable weights that are still unpruned: {@code λ · sign(w)} is added to their
 * gradient, which pushes small weights to zero. {@code λ} comes from an {@link ISchedule} read per epoch. Three
 * ND4J ops per iteration while on (sign, multiply by the masked strength vector, add), none while off.
 */
final class L1Regularizer implements GradientRegularizer {

    private static final Logger log = LoggerFactory.getLogger(L1Regularizer.class);

    private final Optional<ISchedule> schedule;
    private final List<PrunableParam> params;
    private final INDArray mask;
    private double strength;
    private volatile INDArray strengths;

    /**
     * Creates the term, off until {@link #startEpoch} reads a strength above 0.
     *
     * @param schedule the strength per epoch, or empty for no L1
     * @param state the mask state (prunable parameters and the flat mask)
     */
    L1Regularizer(Optional<ISchedule> schedule, MaskState state) {
        this.schedule = schedule;
        this.params = state.params();
        this.mask = state.mask();
    }

    /**
     * Reads the strength for an epoch and rebuilds the strength vector when it changed.
     *
     * @param epoch epochs completed
     * @throws IllegalArgumentException if the schedule gives a negative, infinite or NaN strength
     */
    void startEpoch(int epoch) {
        double v = schedule.map(s -> s.valueAt(0, epoch)).orElse(0.0);
        Checks.nonNegative("l1 (at epoch " + epoch + ")", v);
        if (v == strength) {
            return;
        }
        strength = v;
        if (v == 0.0) {
            strengths = null;
        } else {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                INDArray s = Nd4j.zeros(mask.dataType(), mask.length());
                fill(s);
                strengths = s;
            }
        }
        log.info("L1 strength for prunable weights from epoch {}: {}", epoch, v);
    }

    /**
     * The strength in force.
     *
     * @return {@code λ}, 0 when off
     */
    double strength() {
        return strength;
    }

    @Override
    public void addGradient(INDArray params, INDArray gradient, Scratch scratch) {
        INDArray s = strengths;
        if (s == null) {
            return;
        }
        INDArray sign = scratch.flat(s.length(), s.dataType());
        Nd4j.getExecutioner().exec(new Sign(params, sign));
        sign.muli(s);
        gradient.addi(gradient.rank() == 1 ? sign : scratch.row());
    }

    @Override
    public void maskChanged(INDArray newMask) {
        INDArray s = strengths;
        if (s != null) {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                s.assign(0.0);
                fill(s);
            }
        }
    }

    private void fill(INDArray s) {
        for (PrunableParam p : params) {
            MaskState.segment(s, p).assign(strength);
        }
        s.muli(mask);
    }
}
