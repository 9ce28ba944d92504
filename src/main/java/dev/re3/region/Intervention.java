package dev.re3.region;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * A change to the output of one site during a forward pass ({@link SiteForward#logits(double[][], String,
 * Intervention)}); the network itself is never changed, so the next pass without it is the plain network.
 *
 * <p>Units are flat row-major indices into the site's output ({@code [units]} or {@code [channels, h, w]});
 * {@link #zeroChannels} and {@link #setChannels} address whole channels of an image site. Immutable.
 */
public final class Intervention {
    /** The change to one activation {@code a} (a copy) of a site of output shape {@code shape}. */
    private interface Change {
        double[] apply(double[] a, int[] shape, String site);
    }

    private final String what;
    private final Change change;

    private Intervention(String what, Change change) {
        this.what = what;
        this.change = change;
    }

    /** Sets the given units to zero (ablation). */
    public static Intervention zero(int... units) {
        return set(units, new double[checked(units).length]);
    }

    /** Sets {@code units[i]} to {@code values[i]}. */
    public static Intervention set(int[] units, double[] values) {
        int[] u = checked(units);
        double[] v = values(values, u.length, "unit");
        return new Intervention("set units " + Arrays.toString(u) + " to " + Arrays.toString(v), (a, shape, site) -> {
            for (int i = 0; i < u.length; i++) {
                a[in(u[i], a.length, "units", site)] = v[i];
            }
            return a;
        });
    }

    /** Sets every unit of the given channels to zero. */
    public static Intervention zeroChannels(int... channels) {
        return setChannels(channels, new double[checked(channels).length]);
    }

    /** Sets every unit of channel {@code channels[i]} of an image site to {@code values[i]}. */
    public static Intervention setChannels(int[] channels, double[] values) {
        int[] c = checked(channels);
        double[] v = values(values, c.length, "channel");
        return new Intervention("set channels " + Arrays.toString(c) + " to " + Arrays.toString(v), (a, shape, site) -> {
            if (shape.length != 3) {
                throw new IllegalArgumentException("site " + site + ": channels need an image site [channels, h, w], got shape "
                        + Arrays.toString(shape));
            }
            int plane = shape[1] * shape[2];
            for (int i = 0; i < c.length; i++) {
                int ch = in(c[i], shape[0], "channels", site);
                Arrays.fill(a, ch * plane, (ch + 1) * plane, v[i]);
            }
            return a;
        });
    }

    /** Adds {@code v} to the activation (steering); {@code v} has the site's size. */
    public static Intervention add(double[] v) {
        if (v == null) {
            throw new IllegalArgumentException("add: expected a vector of the site's size, got null");
        }
        double[] d = finite(v.clone(), "add");
        return new Intervention("add a vector of " + d.length + " values", (a, shape, site) -> {
            if (a.length != d.length) {
                throw new IllegalArgumentException("site " + site + ": add: expected a vector of the site's " + a.length
                        + " units, got " + d.length);
            }
            for (int i = 0; i < a.length; i++) {
                a[i] += d[i];
            }
            return a;
        });
    }

    /**
     * Replaces the activation by {@code f(a)}; {@code f} gets a copy it may change and must return as many
     * values.
     */
    public static Intervention replace(UnaryOperator<double[]> f) {
        if (f == null) {
            throw new IllegalArgumentException("replace: expected a function of the activation, got null");
        }
        return new Intervention("replace by a function", (a, shape, site) -> f.apply(a));
    }

    /** The changed activation; {@code a} is a copy the change may overwrite. */
    double[] apply(double[] a, int[] shape, String site) {
        double[] out = change.apply(a, shape, site);
        if (out == null || out.length != a.length) {
            throw new IllegalArgumentException("site " + site + ": the intervention must give " + a.length + " values, got "
                    + (out == null ? "null" : out.length));
        }
        return finite(out, "site " + site + " after the intervention");
    }

    private static int in(int index, int limit, String what, String site) {
        if (index >= limit) {
            throw new IllegalArgumentException("site " + site + ": expected " + what + " in 0.." + (limit - 1) + ", got " + index);
        }
        return index;
    }

    private static int[] checked(int[] units) {
        if (units == null || units.length == 0) {
            throw new IllegalArgumentException("units: expected at least one index, got " + (units == null ? "null" : "none"));
        }
        for (int u : units) {
            if (u < 0) {
                throw new IllegalArgumentException("units: expected indices of 0 or more, got " + u);
            }
        }
        return units.clone();
    }

    private static double[] values(double[] values, int n, String per) {
        if (values == null || values.length != n) {
            throw new IllegalArgumentException("values: expected one value per " + per + " (" + n + "), got "
                    + (values == null ? "null" : values.length));
        }
        return finite(values.clone(), "values");
    }

    private static double[] finite(double[] v, String what) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(what + ": expected finite values, got " + v[i] + " at " + i);
            }
        }
        return v;
    }

    @Override
    public String toString() {
        return "Intervention: " + what;
    }
}
