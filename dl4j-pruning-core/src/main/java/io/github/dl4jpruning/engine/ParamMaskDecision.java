package io.github.dl4jpruning.engine;

import io.github.dl4jpruning.config.ParamMasking;
import io.github.dl4jpruning.mask.PrunableParam;
import io.github.dl4jpruning.network.NetworkAdapter;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.api.TrainingConfig;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.stepfunctions.GradientStepFunction;
import org.deeplearning4j.nn.conf.stepfunctions.NegativeGradientStepFunction;
import org.deeplearning4j.nn.conf.stepfunctions.StepFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L1Regularization;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * Whether the engine multiplies the main network's flat parameters by the mask after every update, decided once when
 * it binds (from the configuration of the network, never by reading arrays).
 *
 * <p>The multiply after the update is a no-op once three things hold at a pruned position: the gradient is exactly
 * zero (the engine masks it before the updater on every iteration), the parameter is zero and the optimizer state is
 * zero (the engine zeroes both after binding and after every mask change). Then DL4J's pre-updater terms stay zero
 * (L1 adds {@code λ·sign(w)}, L2 {@code λ·w}; gradient normalization scales the layer's gradient, dividing by
 * {@code 1e-5} instead of a zero norm), and so do the ND4J M2.1 updaters below, whose native kernels
 * ({@code libnd4j/include/ops/declarable/helpers/cpu/updater*.cpp}) compute, with {@code g = 0} and zero state:
 * Sgd {@code lr·g}; NoOp {@code g}; Nesterovs {@code μv − (1 + μ)(μv − lr·g)}; Adam and AMSGrad
 * {@code m·α / (√v + ε)}, Nadam {@code α(β₁m + (1 − β₁)g) / (√v + ε)}, with {@code m = v = 0} (AMSGrad's
 * {@code max(h, v)} too); RmsProp and AdaGrad {@code lr·g / (√s + ε)}; AdaDelta
 * {@code g·√(x + ε) / √(s + ε)}: 0 wherever {@code ε > 0}, and every state entry stays 0. WeightDecay after the
 * updater adds {@code λ·lr·w = 0}, and plain SGD's step subtracts (or adds) that zero update. AdaMax is left out: it
 * adds {@code 1e-32} to its state {@code u}, which so never stays zero; AdaBelief, custom updaters, custom
 * regularization, other optimization algorithms or step functions and half-precision parameters keep the multiply.
 * Multiplying a zero by the mask's {@code +0.0} keeps its sign bit, so the trained parameters are bitwise those of
 * {@link ParamMasking#EVERY_ITERATION}.
 *
 * @param everyIteration true if the parameters are multiplied after every update; false if only on the first
 *        iteration after binding and after every mask change
 * @param reason why, for the log and for reports
 */
public record ParamMaskDecision(boolean everyIteration, String reason) {

    private static final Set<Class<?>> WITHOUT_EPSILON = Set.of(Sgd.class, NoOp.class, Nesterovs.class);
    private static final Set<Class<?>> REGULARIZATIONS = Set.of(L1Regularization.class, L2Regularization.class,
            WeightDecay.class);

    /**
     * Decides for a bound network.
     *
     * @param net the network
     * @param params its prunable parameters (the only ones the mask can zero)
     * @param setting the configured {@link ParamMasking}
     * @return the decision
     */
    static ParamMaskDecision decide(NetworkAdapter net, List<PrunableParam> params, ParamMasking setting) {
        if (setting == ParamMasking.EVERY_ITERATION) {
            return new ParamMaskDecision(true, "paramMasking is EVERY_ITERATION");
        }
        String why = unproven(net, params);
        return why == null ? new ParamMaskDecision(false, "the updaters, regularization, data type and optimizer of "
                + "every prunable parameter keep a pruned weight's update at exactly 0")
                : new ParamMaskDecision(true, why);
    }

    private static String unproven(NetworkAdapter net, List<PrunableParam> params) {
        DataType dt = net.params().dataType();
        if (dt != DataType.FLOAT && dt != DataType.DOUBLE) {
            return "parameters are " + dt + " (only FLOAT and DOUBLE are proven)";
        }
        NeuralNetConfiguration conf = net.model().conf();
        if (conf.getOptimizationAlgo() != OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT) {
            return "optimization algorithm " + conf.getOptimizationAlgo() + " (only STOCHASTIC_GRADIENT_DESCENT is "
                    + "proven)";
        }
        StepFunction step = conf.getStepFunction();
        if (step != null && step.getClass() != NegativeGradientStepFunction.class
                && step.getClass() != GradientStepFunction.class) {
            return "step function " + step.getClass().getSimpleName() + " is not proven";
        }
        for (NetworkAdapter.LayerInfo layer : net.layers()) {
            for (PrunableParam p : params) {
                if (p.layerIndex() == layer.index() && p.layerName().equals(layer.name())) {
                    String why = unproven(layer.runtime().getConfig(), p.paramKey(), dt);
                    if (why != null) {
                        return p.id() + ": " + why;
                    }
                }
            }
        }
        return null;
    }

    private static String unproven(TrainingConfig c, String key, DataType dt) {
        IUpdater u = c.getUpdaterByParam(key);
        String name = u == null ? "null" : u.getClass().getSimpleName();
        if (u == null || !WITHOUT_EPSILON.contains(u.getClass())) {
            double eps = epsilon(u);
            if (Double.isNaN(eps)) {
                return "updater " + name + " is not proven to leave pruned parameters at zero";
            }
            if (!(Double.isFinite(eps) && (dt == DataType.DOUBLE ? eps > 0 : (float) eps > 0))) {
                return "updater " + name + " has epsilon " + eps + ", not > 0 in " + dt + " (0/0 at pruned positions)";
            }
        }
        List<Regularization> regs = c.getRegularizationByParam(key);
        for (Regularization r : regs == null ? List.<Regularization>of() : regs) {
            if (!REGULARIZATIONS.contains(r.getClass())) {
                return "regularization " + r.getClass().getSimpleName() + " is not proven";
            }
        }
        return null;
    }

    /** The epsilon of a proven updater that has one, NaN for any other updater. */
    private static double epsilon(IUpdater u) {
        if (u == null) {
            return Double.NaN;
        }
        Class<?> c = u.getClass();
        if (c == Adam.class) {
            return ((Adam) u).getEpsilon();
        } else if (c == AMSGrad.class) {
            return ((AMSGrad) u).getEpsilon();
        } else if (c == Nadam.class) {
            return ((Nadam) u).getEpsilon();
        } else if (c == RmsProp.class) {
            return ((RmsProp) u).getEpsilon();
        } else if (c == AdaGrad.class) {
            return ((AdaGrad) u).getEpsilon();
        } else if (c == AdaDelta.class) {
            return ((AdaDelta) u).getEpsilon();
        }
        return Double.NaN;
    }
}
