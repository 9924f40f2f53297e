package io.github.dl4jpruning.internal;

/**
 * Argument checks that produce the project's error template: field, found value, allowed range, fix.
 * Every range check rejects NaN.
 */
public final class Checks {

    private Checks() {
    }

    /**
     * Checks that a density lies in (0, 1].
     *
     * @param field the name of the field, as the user wrote it
     * @param value the value found
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} is NaN or outside (0, 1]
     */
    public static double density(String field, double value) {
        if (!(value > 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(field + " (" + value + ") must be in (0, 1]: "
                    + "a density is the share of weights kept (1.0 = dense, 0.1 = 90% pruned)");
        }
        return value;
    }

    /**
     * Checks that a pruning rate lies in the open interval (0, 1).
     *
     * @param field the name of the field
     * @param value the value found
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} is NaN or outside (0, 1)
     */
    public static double rate(String field, double value) {
        if (!(value > 0.0 && value < 1.0)) {
            throw new IllegalArgumentException(field + " (" + value + ") must be in (0, 1): "
                    + "a pruning rate is the share of the remaining weights removed per round "
                    + "(0 would remove nothing, 1 everything)");
        }
        return value;
    }

    /**
     * Checks that a value lies in [0, 1].
     *
     * @param field the name of the field
     * @param value the value found
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} is NaN or outside [0, 1]
     */
    public static double unitInterval(String field, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(field + " (" + value + ") must be in [0, 1]");
        }
        return value;
    }

    /**
     * Checks that a value is finite and not negative.
     *
     * @param field the name of the field
     * @param value the value found
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} is NaN, infinite or negative
     */
    public static double nonNegative(String field, double value) {
        if (!(value >= 0.0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(field + " (" + value + ") must be finite and >= 0");
        }
        return value;
    }

    /**
     * Checks that an integer is at least {@code min}.
     *
     * @param field the name of the field
     * @param value the value found
     * @param min the smallest allowed value
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value < min}
     */
    public static int atLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " (" + value + ") must be >= " + min);
        }
        return value;
    }

    /**
     * Checks that a reference is not null.
     *
     * @param field the name of the field
     * @param value the value found
     * @param <T> the type of the value
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} is null
     */
    public static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }
}
