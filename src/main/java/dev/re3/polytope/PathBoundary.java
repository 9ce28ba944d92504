package dev.re3.polytope;

import java.util.List;

/**
 * A boundary crossed by a path at {@code t}: every unit whose choice differs between the region before
 * and the region after. Several units flipping at the same {@code t} (within {@code 1e-12} of the
 * segment's length) are reported together.
 *
 * @param t where the path crosses, in {@code [0, 1]} over the whole path
 * @param flips the units that change there, in forward order of their sites
 */
public record PathBoundary(double t, List<Flip> flips) {
    public PathBoundary {
        flips = List.copyOf(flips);
    }

    /**
     * One unit that changes at a boundary.
     *
     * @param site the site name, e.g. {@code "1.relu"} or {@code "2.maxpool2d"}
     * @param unit the unit's flat index in the site's output
     * @param before for a ReLU unit 0 (off) or 1 (on); for a max-pool window the flat input index it selected
     * @param after the same after the boundary
     */
    public record Flip(String site, int unit, int before, int after) {
        /** E.g. {@code "1.relu unit 3: 0 -> 1"}. */
        @Override
        public String toString() {
            return site + " unit " + unit + ": " + before + " -> " + after;
        }
    }

    /** E.g. {@code "t 0.4375: 1.relu unit 3: 0 -> 1, 3.relu unit 0: 1 -> 0"}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("t " + dev.re3.display.Numbers.format(t) + ":");
        for (int k = 0; k < flips.size(); k++) {
            s.append(k == 0 ? " " : ", ").append(flips.get(k));
        }
        return s.toString();
    }
}
