package dev.re3.polytope;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * Boundary density along a path: at each {@code t[i]}, the number of boundaries with
 * {@code |t_b - t[i]| <= window / 2} divided by the input-space length of that window (clipped to
 * {@code [0, 1]}): crossings per unit length, smoothed by a moving window.
 *
 * @param t where it is evaluated, evenly spaced over {@code [0, 1]}
 * @param density crossings per unit length of input space
 * @param window the width of the window in {@code t}
 */
public record DensityProfile(double[] t, double[] density, double window) {
    public DensityProfile {
        t = t.clone();
        density = density.clone();
    }

    @Override
    public double[] t() {
        return t.clone();
    }

    @Override
    public double[] density() {
        return density.clone();
    }

    /** The density at the grid point nearest to {@code at}. */
    public double at(double at) {
        int best = 0;
        for (int i = 1; i < t.length; i++) {
            if (Math.abs(t[i] - at) < Math.abs(t[best] - at)) {
                best = i;
            }
        }
        return density[best];
    }

    public Table toTable() {
        return Table.create("boundary density").addColumns(DoubleColumn.create("t", t), DoubleColumn.create("density", density));
    }
}
