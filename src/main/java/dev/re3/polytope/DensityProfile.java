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

    /** One row per grid point: {@code t} and the density there. */
    public Table toTable() {
        return dev.re3.display.Numbers.readable(Table.create("boundary density (window " + dev.re3.display.Numbers.format(window) + ")")
                .addColumns(DoubleColumn.create("t", t), DoubleColumn.create("density", density)));
    }

    /** The grid, the window, the largest density and where; {@link #toTable()} lists every point. */
    @Override
    public String toString() {
        int peak = 0;
        for (int i = 1; i < density.length; i++) {
            if (density[i] > density[peak]) {
                peak = i;
            }
        }
        return "boundary density at " + t.length + " points of t in [0, 1], window " + dev.re3.display.Numbers.format(window)
                + (density.length == 0 ? "" : ", largest " + dev.re3.display.Numbers.format(density[peak]) + " crossings per unit length at t "
                + dev.re3.display.Numbers.format(t[peak])) + "; toTable() lists them";
    }
}
