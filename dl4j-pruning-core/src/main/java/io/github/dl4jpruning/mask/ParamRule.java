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
}
