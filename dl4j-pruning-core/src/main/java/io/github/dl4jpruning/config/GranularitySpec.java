package io.github.dl4jpruning.config;

import io.github.dl4jpruning.criterion.GroupScore;
import io.github.dl4jpruning.internal.Checks;
import io.github.dl4jpruning.mask.Granularity;

/**
 * What one mask decision covers, with the settings that mean something for that granularity only. Each record
 * validates itself; the engine picks one mask strategy per kind when it binds to a network.
 *
 * <pre>{@code
 * new GranularitySpec.Unstructured()                                   // single weights (default)
 * new GranularitySpec.Units(Granularity.FILTER, GroupScore.L2, 0.0)    // whole filters / neurons / channels
 * new GranularitySpec.Blocks(4)                                        // 4 x 4 tiles of 2-D weight matrices
 * new GranularitySpec.NM(2, 4)                                         // 2 of every 4 consecutive weights
 * }</pre>
 */
public sealed interface GranularitySpec permits GranularitySpec.Unstructured, GranularitySpec.Units,
        GranularitySpec.Blocks, GranularitySpec.NM {

    /**
     * The kind of granularity.
     *
     * @return the enum constant naming it
     */
    Granularity kind();

    /** Single weights: every weight is ranked and kept or pruned on its own. */
    record Unstructured() implements GranularitySpec {
        @Override
        public Granularity kind() {
            return Granularity.UNSTRUCTURED;
        }
    }

    /**
     * Whole units: neurons ({@link Granularity#NEURON}), filters ({@link Granularity#FILTER}) or channels scored by
     * the weights that read them ({@link Granularity#CHANNEL}); densities count units.
     *
     * @param kind NEURON, FILTER or CHANNEL
     * @param score how a unit is scored
     * @param groupLasso strength of the group-lasso regularization of the unit layers, {@code >= 0} (0: off)
     */
    record Units(Granularity kind, GroupScore score, double groupLasso) implements GranularitySpec {
        /**
         * Validates.
         *
         * @throws IllegalArgumentException if the kind is not a unit granularity, the score is null or the strength
         *         negative, infinite or NaN
         */
        public Units {
            Checks.notNull("granularity", kind);
            Checks.notNull("groupScore", score);
            Checks.nonNegative("groupLasso", groupLasso);
            if (!kind.isStructured()) {
                throw new IllegalArgumentException("granularity (" + kind + ") of Units must be NEURON, FILTER or "
                        + "CHANNEL");
            }
        }
    }

    /**
     * {@code b x b} tiles of the 2-D weight matrices (Dense and output layers), scored by their L2 norm.
     *
     * @param size the tile size {@code b}, {@code >= 2}
     */
    record Blocks(int size) implements GranularitySpec {
        /**
         * Validates.
         *
         * @throws IllegalArgumentException if {@code size < 2}
         */
        public Blocks {
            if (size < 2) {
                throw new IllegalArgumentException("blockSize (" + size + ") must be >= 2");
            }
        }

        @Override
        public Granularity kind() {
            return Granularity.BLOCK;
        }
    }

    /**
     * N:M: the {@code n} largest of every {@code m} consecutive weights along the input dimension; density is exactly
     * {@code n/m}.
     *
     * @param n weights kept per group, {@code >= 1}
     * @param m group size, {@code > n}
     */
    record NM(int n, int m) implements GranularitySpec {
        /**
         * Validates.
         *
         * @throws IllegalArgumentException unless {@code 1 <= n < m}
         */
        public NM {
            if (!(n >= 1 && n < m)) {
                throw new IllegalArgumentException("n (" + n + ") and m (" + m + ") must satisfy 1 <= n < m, e.g. 2:4");
            }
        }

        @Override
        public Granularity kind() {
            return Granularity.N_M;
        }
    }
}
