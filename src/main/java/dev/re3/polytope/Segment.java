package dev.re3.polytope;

/**
 * A line segment in plane coordinates, from {@code (u0, v0)} to {@code (u1, v1)}.
 *
 * @param u0 first end, {@code u}
 * @param v0 first end, {@code v}
 * @param u1 second end, {@code u}
 * @param v1 second end, {@code v}
 */
public record Segment(double u0, double v0, double u1, double v1) {
    public double length() {
        return Math.hypot(u1 - u0, v1 - v0);
    }

    /** E.g. {@code "(0.25, 0.1) to (0.5, 0.3333)"}. */
    @Override
    public String toString() {
        return "(" + dev.re3.display.Numbers.format(u0) + ", " + dev.re3.display.Numbers.format(v0) + ") to (" + dev.re3.display.Numbers.format(u1) + ", " + dev.re3.display.Numbers.format(v1) + ")";
    }
}
