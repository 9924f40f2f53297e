package io.github.dl4jpruning.registry;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Which layers are pruned: by default every layer the registry can prune; an include list restricts
 * pruning to the named or indexed layers (each of which must be prunable); an exclude list removes
 * layers. Names and indices are checked against the network when pruning starts, so a typo is an error,
 * not a silent no-op.
 *
 * @param includeNames layer names to prune (empty: all prunable layers)
 * @param includeIndices layer (or vertex) indices to prune
 * @param excludeNames layer names never pruned
 * @param excludeIndices layer (or vertex) indices never pruned
 */
public record LayerSelection(@JsonProperty("includeNames") List<String> includeNames,
        @JsonProperty("includeIndices") List<Integer> includeIndices,
        @JsonProperty("excludeNames") List<String> excludeNames,
        @JsonProperty("excludeIndices") List<Integer> excludeIndices) {

    /** Every prunable layer. */
    public static final LayerSelection ALL = new LayerSelection(List.of(), List.of(), List.of(), List.of());

    /**
     * Validates and copies (nulls read from JSON become empty lists).
     *
     * @throws IllegalArgumentException if a name is blank, an index negative, or a layer both included
     *         and excluded
     */
    @JsonCreator
    public LayerSelection {
        includeNames = copy(includeNames);
        includeIndices = copy(includeIndices);
        excludeNames = copy(excludeNames);
        excludeIndices = copy(excludeIndices);
        for (String n : concat(includeNames, excludeNames)) {
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException("layer name (\"" + n + "\") must not be blank");
            }
        }
        for (Integer i : concat(includeIndices, excludeIndices)) {
            if (i == null || i < 0) {
                throw new IllegalArgumentException("layer index (" + i + ") must be >= 0");
            }
        }
        for (String n : includeNames) {
            if (excludeNames.contains(n)) {
                throw new IllegalArgumentException("layer name (\"" + n + "\") is both included and excluded");
            }
        }
        for (Integer i : includeIndices) {
            if (excludeIndices.contains(i)) {
                throw new IllegalArgumentException("layer index (" + i + ") is both included and excluded");
            }
        }
    }

    /**
     * Whether an include list was given.
     *
     * @return true if only the included layers are pruned
     */
    public boolean hasIncludes() {
        return !includeNames.isEmpty() || !includeIndices.isEmpty();
    }

    /**
     * Whether a layer is named or indexed in the include list.
     *
     * @param index the layer index
     * @param name the layer name
     * @return true if included explicitly
     */
    public boolean includes(int index, String name) {
        return includeNames.contains(name) || includeIndices.contains(index);
    }

    /**
     * Whether a layer is named or indexed in the exclude list.
     *
     * @param index the layer index
     * @param name the layer name
     * @return true if excluded
     */
    public boolean excludes(int index, String name) {
        return excludeNames.contains(name) || excludeIndices.contains(index);
    }

    private static <T> List<T> copy(List<T> l) {
        if (l == null) {
            return List.of();
        }
        return List.copyOf(new ArrayList<>(new LinkedHashSet<>(l)));
    }

    private static <T> Set<T> concat(List<T> a, List<T> b) {
        Set<T> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return s;
    }
}
