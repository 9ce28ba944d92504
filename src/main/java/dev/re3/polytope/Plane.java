package dev.re3.polytope;

import java.util.List;

/**
 * A plane through input space, {@code x(u, v) = o + u e1 + v e2}, with points marked on it.
 *
 * <p>{@link #through(double[], double[], double[])} puts three inputs at {@code (0, 0)}, {@code (1, 0)}
 * and {@code (0, 1)}: {@code o = a}, {@code e1 = b - a}, {@code e2 = c - a}, the construction of
 * SplineCam (Humayun, Balestriero et al., CVPR 2023). {@link #of(double[], double[], double[])} takes an
 * input and two directions and marks the input at the origin. The directions are used as given (not
 * normalised), so coordinates are in units of {@code e1} and {@code e2}.
 *
 * @param origin {@code o}, {@code [d]}
 * @param e1 the first direction, {@code [d]}
 * @param e2 the second direction, {@code [d]}
 * @param marked the points to show on the plane, in plane coordinates
 */
public record Plane(double[] origin, double[] e1, double[] e2, List<Marked> marked) {
    /**
     * A point of the plane to mark in a figure.
     *
     * @param label its name, e.g. {@code "a"}
     * @param u the first coordinate
     * @param v the second coordinate
     */
    public record Marked(String label, double u, double v) {}

    public Plane {
        origin = Inputs.finite("plane origin", origin);
        e1 = Inputs.finite("plane direction e1", e1);
        e2 = Inputs.finite("plane direction e2", e2);
        if (e1.length != origin.length || e2.length != origin.length) {
            throw new IllegalArgumentException("plane: expected origin and directions of one length, got "
                    + origin.length + ", " + e1.length + " and " + e2.length);
        }
        // on the directions divided by their largest components, so that squares cannot overflow or underflow
        double[] d1 = unitMax(e1);
        double[] d2 = unitMax(e2);
        double n1 = dot(d1, d1);
        double n2 = dot(d2, d2);
        double c = dot(d1, d2);
        if (!(n1 > 0) || !(n2 > 0) || n1 * n2 - c * c <= 1e-12 * n1 * n2) {
            throw new IllegalArgumentException("plane: expected two directions that span a plane, got "
                    + (!(n1 > 0) || !(n2 > 0) ? "a zero direction (two of the points coincide)"
                    : "parallel directions (the points are collinear)"));
        }
        marked = List.copyOf(marked);
    }

    /** The plane through {@code a}, {@code b}, {@code c}, which sit at {@code (0,0)}, {@code (1,0)}, {@code (0,1)}. */
    public static Plane through(double[] a, double[] b, double[] c) {
        double[] o = Inputs.finite("plane point a", a);
        double[] pb = Inputs.finite("plane point b", b);
        double[] pc = Inputs.finite("plane point c", c);
        if (pb.length != o.length || pc.length != o.length) {
            throw new IllegalArgumentException("plane: expected three points of one length, got " + o.length + ", "
                    + pb.length + " and " + pc.length);
        }
        return new Plane(o, minus(pb, o), minus(pc, o),
                List.of(new Marked("a", 0, 0), new Marked("b", 1, 0), new Marked("c", 0, 1)));
    }

    /** The plane through {@code x} spanned by two directions; {@code x} is marked at the origin. */
    public static Plane of(double[] x, double[] d1, double[] d2) {
        return new Plane(x, d1, d2, List.of(new Marked("x", 0, 0)));
    }

    @Override
    public double[] origin() {
        return origin.clone();
    }

    @Override
    public double[] e1() {
        return e1.clone();
    }

    @Override
    public double[] e2() {
        return e2.clone();
    }

    /** Number of input dimensions {@code d}. */
    public int dimension() {
        return origin.length;
    }

    /** The input {@code o + u e1 + v e2}. */
    public double[] point(double u, double v) {
        double[] x = new double[origin.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = origin[i] + u * e1[i] + v * e2[i];
        }
        return x;
    }

    /**
     * The default rectangle: the marked points' bounding box grown by a quarter of its size on every side
     * ({@code [-0.25, 1.25]^2} for three points), or {@code [-1, 1]^2} around a single point.
     */
    public Domain defaultDomain() {
        double u0 = marked.stream().mapToDouble(Marked::u).min().orElse(0);
        double u1 = marked.stream().mapToDouble(Marked::u).max().orElse(0);
        double v0 = marked.stream().mapToDouble(Marked::v).min().orElse(0);
        double v1 = marked.stream().mapToDouble(Marked::v).max().orElse(0);
        double mu = u1 > u0 ? 0.25 * (u1 - u0) : 1;
        double mv = v1 > v0 ? 0.25 * (v1 - v0) : 1;
        return new Domain(u0 - mu, u1 + mu, v0 - mv, v1 + mv);
    }

    /** The input forms {@code [3 d]}: column 0 is {@code e1}, column 1 {@code e2}, column 2 {@code o}. */
    double[] forms() {
        int d = origin.length;
        double[] f = new double[3 * d];
        System.arraycopy(e1, 0, f, 0, d);
        System.arraycopy(e2, 0, f, d, d);
        System.arraycopy(origin, 0, f, 2 * d, d);
        return f;
    }

    /** {@code a / max |a_i|}, or {@code a} if it is zero. */
    private static double[] unitMax(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        double[] out = a.clone();
        if (m > 0) {
            for (int i = 0; i < out.length; i++) {
                out[i] /= m;
            }
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double[] minus(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Plane p && java.util.Arrays.equals(p.origin, origin) && java.util.Arrays.equals(p.e1, e1)
                && java.util.Arrays.equals(p.e2, e2) && p.marked.equals(marked);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(origin) * 31 + java.util.Arrays.hashCode(e1);
    }

    @Override
    public String toString() {
        return "Plane in " + origin.length + " dimensions, marked " + marked;
    }
}
