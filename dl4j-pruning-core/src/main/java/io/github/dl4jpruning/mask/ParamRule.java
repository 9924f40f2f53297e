package io.github.dl4jpruning.mask;

import io.github.dl4jpruning.criterion.Criterion;
import io.github.dl4jpruning.internal.Checks;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Settings that apply to one prunable parameter instead of the network-wide ones, resolved for one mask
 * update: its own criterion, its own floor, and its own density for this update. A parameter with its
 * own density is ranked on its own (locally) and does not take part in the global ranking; the
 * network-wide target then applies to the other parameters.
 *
 * @param criterion the criterion for this parameter, or empty for the network's
 * @param minDensity the floor for this parameter, or empty for the network's
 * @param density the density to give this parameter in this update, or empty to rank it with the others
 */
public record ParamRule(Optional<Criterion> criterion, OptionalDouble minDensity, OptionalDouble density) {

    /** No override: the network-wide settings apply. */
    public static final ParamRule NONE = new ParamRule(Optional.empty(), OptionalDouble.empty(), OptionalDouble.empty());

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if the floor is outside [0, 1] or the density outside (0, 1]
     */
    public ParamRule {
        Checks.notNull("criterion", criterion);
        Checks.notNull("minDensity", minDensity);
        Checks.notNull("density", density);
        minDensity.ifPresent(v -> Checks.unitInterval("minDensity", v));
        density.ifPresent(v -> Checks.density("density", v));
    }

    /**
     * The density of a parameter with its own final density {@code t} in an update whose network-wide target is
     * {@code d}, on the way to the schedule's final density {@code T}: {@code t^(ln d / ln T)} (capped at {@code t}),
     * so the parameter follows the schedule geometrically and reaches {@code t} with it; {@code t} itself when the
     * schedule has no final density below 1.
     *
     * @param t the parameter's own final density
     * @param d the network-wide density of this update
     * @param finalDensity the schedule's final density, if known
     * @return the parameter's density for this update, in [t, 1]
     */
    public static double layerDensity(double t, double d, OptionalDouble finalDensity) {
        if (d >= 1.0) {
            return 1.0;
        }
        if (finalDensity.isPresent() && finalDensity.getAsDouble() < 1.0) {
            double f = Math.min(1.0, Math.log(d) / Math.log(finalDensity.getAsDouble()));
            return Math.max(t, Math.min(1.0, Math.pow(t, f)));
        }
        return t;
    }
}
