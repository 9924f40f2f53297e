package io.github.dl4jpruning.config;

/**
 * When the engine multiplies the flat parameters by the mask after the updater has run. The flat gradient is masked
 * before the updater on every iteration whatever this setting; pruned parameters and their optimizer state are
 * zeroed at every mask update.
 */
public enum ParamMasking {

    /**
     * Multiply after every update unless the engine proves, once when it binds, that the update of a pruned
     * parameter is exactly zero: every pruned parameter's updater is one of ND4J's {@code Sgd}, {@code NoOp},
     * {@code Nesterovs}, {@code Adam}, {@code AMSGrad}, {@code Nadam}, {@code RmsProp}, {@code AdaGrad},
     * {@code AdaDelta} (those with an epsilon: epsilon &gt; 0 in the parameters' data type), its regularization is
     * DL4J's L1, L2 or WeightDecay, the parameters are FLOAT or DOUBLE and the network trains with plain stochastic
     * gradient descent. Then the multiply runs only on the first iteration after binding and after every mask change
     * (which also zeroes the optimizer state at pruned positions once more), and is skipped afterwards. The default.
     */
    AUTO,

    /**
     * Multiply after every update, whatever the updater: for code that writes the parameters between iterations
     * (e.g. {@code setParams} during training), or to rule the skip out when comparing runs.
     */
    EVERY_ITERATION
}
