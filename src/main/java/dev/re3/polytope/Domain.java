package dev.re3.polytope;

/**
 * A rectangle {@code [u0, u1] x [v0, v1]} of plane coordinates, with positive area.
 *
 * @param u0 the smallest {@code u}
 * @param u1 the largest {@code u}
 * @param v0 the smallest {@code v}
 * @param v1 the largest {@code v}
 */
public record Domain(double u0, double u1, double v0, double v1) {
    public Domain {
        if (!Double.isFinite(u0) || !Double.isFinite(u1) || !Double.isFinite(v0) || !Double.isFinite(v1)) {
            throw new IllegalArgumentException("domain: expected four finite numbers u0, u1, v0, v1, got "
                    + u0 + ", " + u1 + ", " + v0 + ", " + v1);
        }
        if (!(u0 < u1) || !(v0 < v1)) {
            throw new IllegalArgumentException("domain: expected a rectangle with area, u0 < u1 and v0 < v1, got u "
                    + u0 + ".." + u1 + " and v " + v0 + ".." + v1);
        }
    }

    /** The square of side {@code 2 r} centred on {@code (u, v)}. */
    public static Domain around(double u, double v, double r) {
        return new Domain(u - r, u + r, v - r, v + r);
    }

    public double area() {
        return (u1 - u0) * (v1 - v0);
    }

    @Override
    public String toString() {
        return "[" + u0 + ", " + u1 + "] x [" + v0 + ", " + v1 + "]";
    }
}
