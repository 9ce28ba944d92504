package dev.re3.region;

import java.util.Arrays;
import java.util.List;

/**
 * A region as inequalities on the input (its H-representation): {@code a_k . x + c_k >= 0} for every row
 * {@code k}.
 *
 * <p>Each row comes from one unit: for a ReLU unit with pre-activation {@code z(x) = a . x + c} (affine on
 * the region) the row is {@code +z >= 0} when the unit is on and {@code -z >= 0} when it is off; for a
 * max-pool window the rows are {@code z_selected - z_other >= 0}. Rows whose {@code a} is zero (a unit
 * constant on the region) bound nothing and are kept only for bookkeeping.
 *
 * @param a {@code [rows][inputs]}
 * @param c {@code [rows]}
 * @param labels one per row: {@code "1.relu/17"} or {@code "3.maxpool2d/5>12"}
 */
public record HalfSpaces(double[][] a, double[] c, List<String> labels) {
    public HalfSpaces {
        a = a.clone();
        c = c.clone();
        labels = List.copyOf(labels);
    }

    @Override
    public double[][] a() {
        return Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
    }

    @Override
    public double[] c() {
        return c.clone();
    }

    /** Number of inequalities. */
    public int rows() {
        return c.length;
    }

    /** The value {@code a_k . x + c_k} of row {@code k}; non-negative inside the region. */
    public double slack(int k, double[] x) {
        double s = c[k];
        double[] row = a[k];
        for (int i = 0; i < row.length; i++) {
            s += row[i] * x[i];
        }
        return s;
    }

    /** Whether {@code x} satisfies every row up to {@code -tolerance}. */
    public boolean contains(double[] x, double tolerance) {
        for (int k = 0; k < c.length; k++) {
            if (slack(k, x) < -tolerance) {
                return false;
            }
        }
        return true;
    }

    /**
     * The Euclidean distance from {@code x} to the nearest boundary of the region:
     * {@code min_k (a_k . x + c_k) / ||a_k||} over rows with {@code a_k != 0}. For a point inside a convex
     * polytope this is exactly the distance to its boundary. Infinite if no row bounds the region.
     */
    public double distance(double[] x) {
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < c.length; k++) {
            double norm = 0;
            for (double v : a[k]) {
                norm += v * v;
            }
            if (norm > 0) {
                best = Math.min(best, Math.max(0, slack(k, x)) / Math.sqrt(norm));
            }
        }
        return best;
    }

    /** The row nearest to {@code x}, as in {@link #distance(double[])}; -1 if none bounds the region. */
    public int nearest(double[] x) {
        double best = Double.POSITIVE_INFINITY;
        int arg = -1;
        for (int k = 0; k < c.length; k++) {
            double norm = 0;
            for (double v : a[k]) {
                norm += v * v;
            }
            if (norm > 0) {
                double d = Math.max(0, slack(k, x)) / Math.sqrt(norm);
                if (d < best) {
                    best = d;
                    arg = k;
                }
            }
        }
        return arg;
    }
}
