package io.github.dl4jpruning.graph;

import java.util.List;

/**
 * Coupled channels that are removed together or not at all: the output channels of one or more producer layers
 * (several when an element-wise vertex ties them, e.g. a residual block and its shortcut), every slice of every
 * parameter indexed by them, and their units: unit {@code u} is one class of tied channels (channel {@code u} of
 * every producer when the producers are tied one to one).
 *
 * @param id the group's index in {@link DependencyGraph#groups()}
 * @param name the producers' names joined with {@code +}
 * @param producers the layers whose output channels the group holds
 * @param units number of units
 * @param members every parameter slice of the group, laid out per unit
 * @param prunable whether its units may be removed
 * @param reason why not, naming the layer or vertex that stops it; empty when prunable
 * @param dense true when every producer is a Dense layer (neurons), false when one is a convolution (filters)
 */
public record DependencyGroup(int id, String name, List<String> producers, int units, List<Member> members,
        boolean prunable, String reason, boolean dense) {

    /** Copies the lists. */
    public DependencyGroup {
        producers = List.copyOf(producers);
        members = List.copyOf(members);
    }

    /**
     * The members of one role.
     *
     * @param role the role
     * @return the members whose entry has that role
     */
    public List<Member> members(ChannelEntry.Role role) {
        return members.stream().filter(m -> m.entry().role() == role).toList();
    }

    /**
     * One parameter axis's share of a group: for unit {@code u} and slot {@code t < multiplicity}, the index along
     * the entry's axis is {@code rows[u * multiplicity + t]}, or -1 when the unit has fewer than
     * {@code multiplicity} indices there (a flatten gives each unit {@code h * w} rows; a unit the entry does not
     * read has none).
     *
     * @param entry the parameter axis
     * @param multiplicity the most indices any unit has along it
     * @param rows the indices, {@code units * multiplicity} of them
     */
    public record Member(ChannelEntry entry, int multiplicity, int[] rows) {
        /** Copies the rows. */
        public Member {
            rows = rows.clone();
        }

        /**
         * Returns a copy of the rows.
         *
         * @return the indices along the entry's axis, per unit and slot
         */
        @Override
        public int[] rows() {
            return rows.clone();
        }

        /**
         * Whether the member covers its axis in order: index {@code i} along the entry's axis is slot {@code i}
         * (unit {@code i / multiplicity}), for every index of the axis.
         *
         * @return true when {@code rows} is {@code 0, 1, ..., axis size - 1}
         */
        public boolean inAxisOrder() {
            if (rows.length != entry.size()) {
                return false;
            }
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] != i) {
                    return false;
                }
            }
            return true;
        }
    }
}
