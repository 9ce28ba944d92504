package dev.re3.polytope;

import java.util.Arrays;

/**
 * A convex cell of a parameter space: an interval {@code [t0, t1]} ({@code k = 1}, a path) or a convex
 * polygon with counter-clockwise vertices ({@code k = 2}, a plane).
 *
 * <p>An affine function on the cell is {@code g(p) = a p_1 + b p_2 + c} ({@code b} unused when
 * {@code k = 1}). Its sign on the cell is read off the vertices, because a function affine on a convex
 * cell takes its extremes at vertices. A vertex value {@code |g| <= eps} counts as on the line, with
 * {@code eps = tol (|a| P_1 + |b| P_2 + |c|)} and {@code P_j} the largest {@code |p_j|} on the cell: the
 * size of the terms of {@code g}, so that rounding in {@code g} itself cannot make a vertex change side.
 *
 * <p>Cutting by a line is one pass of Sutherland-Hodgman: the vertices on each side, plus the crossing
 * point of every edge whose ends lie strictly on opposite sides. A crossing point is computed from the
 * edge's lexicographically smaller end, so that the two cells sharing an edge get the same point.
 */
final class Cell {
    /** The line crosses the cell: vertices lie strictly on both sides. */
    static final int CROSS = 0;
    /** {@code g > eps} at some vertex and {@code g >= -eps} at all. */
    static final int POSITIVE = 1;
    /** {@code g < -eps} at some vertex and {@code g <= eps} at all. */
    static final int NEGATIVE = -1;
    /** {@code |g| <= eps} at every vertex: zero on the cell up to rounding. */
    static final int ZERO = 2;

    final int k;
    final double[] x;
    final double[] y;
    private final double px;
    private final double py;
    private final double cx;
    private final double cy;
    private final double hx;
    private final double hy;
    private final double mx;
    private final double my;

    private Cell(double[] x, double[] y) {
        this.k = y == null ? 1 : 2;
        this.x = x;
        this.y = y;
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = 0;
        double y1 = 0;
        for (double v : x) {
            x0 = Math.min(x0, v);
            x1 = Math.max(x1, v);
        }
        if (y != null) {
            y0 = Double.POSITIVE_INFINITY;
            y1 = Double.NEGATIVE_INFINITY;
            for (double v : y) {
                y0 = Math.min(y0, v);
                y1 = Math.max(y1, v);
            }
        }
        this.px = Math.max(Math.abs(x0), Math.abs(x1));
        this.py = Math.max(Math.abs(y0), Math.abs(y1));
        this.cx = 0.5 * (x0 + x1);
        this.cy = 0.5 * (y0 + y1);
        this.hx = 0.5 * (x1 - x0);
        this.hy = 0.5 * (y1 - y0);
        double sx = 0;
        double sy = 0;
        for (int v = 0; v < x.length; v++) {
            sx += x[v];
            sy += y == null ? 0 : y[v];
        }
        this.mx = sx / x.length;
        this.my = sy / x.length;
    }

    /** The bounding box: centre, half-widths, and the largest coordinate sizes {@code P_1}, {@code P_2}. */
    record Box(double cx, double cy, double hx, double hy, double px, double py) {}

    Box box() {
        return new Box(cx, cy, hx, hy, px, py);
    }

    static Cell interval(double t0, double t1) {
        return new Cell(new double[] {t0, t1}, null);
    }

    static Cell rectangle(double u0, double u1, double v0, double v1) {
        return new Cell(new double[] {u0, u1, u1, u0}, new double[] {v0, v0, v1, v1});
    }

    int vertices() {
        return x.length;
    }

    double eps(double a, double b, double c, double tol) {
        return tol * (Math.abs(a) * px + Math.abs(b) * py + Math.abs(c));
    }

    double value(double a, double b, double c, int v) {
        return k == 1 ? a * x[v] + c : a * x[v] + b * y[v] + c;
    }

    /** {@link #CROSS}, {@link #POSITIVE}, {@link #NEGATIVE} or {@link #ZERO}. */
    int classify(double a, double b, double c, double eps) {
        double mid = a * cx + b * cy + c;
        double reach = Math.abs(a) * hx + Math.abs(b) * hy;
        if (mid - reach > eps) {
            return POSITIVE;
        }
        if (mid + reach < -eps) {
            return NEGATIVE;
        }
        boolean pos = false;
        boolean neg = false;
        if (y == null) {
            for (double t : x) {
                double g = a * t + c;
                pos |= g > eps;
                neg |= g < -eps;
            }
        } else {
            for (int v = 0; v < x.length; v++) {
                double g = a * x[v] + b * y[v] + c;
                pos |= g > eps;
                neg |= g < -eps;
            }
        }
        return pos ? (neg ? CROSS : POSITIVE) : (neg ? NEGATIVE : ZERO);
    }

    /**
     * {@link #POSITIVE} if {@code g > eps} at every vertex, {@link #NEGATIVE} if {@code g < -eps} at every
     * vertex, else {@link #CROSS}: a sign that holds, with the same tolerance, on every part of the cell.
     */
    int classifyStrict(double a, double b, double c, double eps) {
        double mid = a * cx + b * cy + c;
        double reach = Math.abs(a) * hx + Math.abs(b) * hy;
        if (mid - reach > eps) {
            return POSITIVE;
        }
        if (mid + reach < -eps) {
            return NEGATIVE;
        }
        boolean allPos = true;
        boolean allNeg = true;
        for (int v = 0; v < x.length; v++) {
            double g = value(a, b, c, v);
            allPos &= g > eps;
            allNeg &= g < -eps;
        }
        return allPos ? POSITIVE : allNeg ? NEGATIVE : CROSS;
    }

    /** The sign of {@code g} at the mean of the vertices, for a function {@link #ZERO} on the cell. */
    boolean positiveInside(double a, double b, double c) {
        return a * mx + b * my + c > 0;
    }

    /** The mean of the vertices, a point inside the cell: {@code {p_1, p_2}} ({@code p_2 = 0} for an interval). */
    double[] vertexMean() {
        return new double[] {mx, my};
    }

    /**
     * The parts where {@code g >= 0} and {@code g <= 0}, for a line that crosses the cell.
     *
     * @return {@code {positive part, negative part}}, an entry null if that part is degenerate
     */
    Cell[] split(double a, double b, double c, double eps) {
        return k == 1 ? splitInterval(a, c, eps, true) : splitPolygon(a, b, c, eps, true);
    }

    /**
     * The part where {@code g >= 0}; if {@code g} is zero on the whole cell, the cell itself when
     * {@code keepZero}, else null. Null if the part is degenerate.
     */
    Cell clip(double a, double b, double c, double eps, boolean keepZero) {
        int cls = classify(a, b, c, eps);
        if (cls == POSITIVE) {
            return this;
        }
        if (cls == NEGATIVE) {
            return null;
        }
        if (cls == ZERO) {
            return keepZero ? this : null;
        }
        return (k == 1 ? splitInterval(a, c, eps, false) : splitPolygon(a, b, c, eps, false))[0];
    }

    private Cell[] splitInterval(double a, double c, double eps, boolean both) {
        double g0 = a * x[0] + c;
        double g1 = a * x[1] + c;
        double t = x[0] + g0 / (g0 - g1) * (x[1] - x[0]);
        t = Math.min(Math.max(t, x[0]), x[1]);
        Cell left = t > x[0] ? interval(x[0], t) : null;
        Cell right = t < x[1] ? interval(t, x[1]) : null;
        boolean leftPositive = g0 > eps;
        Cell pos = leftPositive ? left : right;
        Cell neg = leftPositive ? right : left;
        return both ? new Cell[] {pos, neg} : new Cell[] {pos};
    }

    private Cell[] splitPolygon(double a, double b, double c, double eps, boolean both) {
        int n = x.length;
        double[] g = new double[n];
        int[] s = new int[n];
        for (int v = 0; v < n; v++) {
            g[v] = a * x[v] + b * y[v] + c;
            s[v] = g[v] > eps ? 1 : (g[v] < -eps ? -1 : 0);
        }
        double[] px = new double[n + 2];
        double[] py = new double[n + 2];
        double[] nx = new double[n + 2];
        double[] ny = new double[n + 2];
        int np = 0;
        int nn = 0;
        for (int i = 0; i < n; i++) {
            int j = i + 1 == n ? 0 : i + 1;
            if (s[i] >= 0) {
                px[np] = x[i];
                py[np++] = y[i];
            }
            if (both && s[i] <= 0) {
                nx[nn] = x[i];
                ny[nn++] = y[i];
            }
            if (s[i] * s[j] < 0) {
                int f = x[i] < x[j] || (x[i] == x[j] && y[i] < y[j]) ? i : j;
                int e = f == i ? j : i;
                double t = g[f] / (g[f] - g[e]);
                double ix = x[f] + t * (x[e] - x[f]);
                double iy = y[f] + t * (y[e] - y[f]);
                px[np] = ix;
                py[np++] = iy;
                if (both) {
                    nx[nn] = ix;
                    ny[nn++] = iy;
                }
            }
        }
        Cell pos = make(px, py, np);
        return both ? new Cell[] {pos, make(nx, ny, nn)} : new Cell[] {pos};
    }

    /**
     * The chord of the polygon on the line {@code g = 0}: {@code {u0, v0, u1, v1}}, or null unless the line
     * crosses the polygon.
     */
    double[] chord(double a, double b, double c, double eps) {
        if (k != 2 || classify(a, b, c, eps) != CROSS) {
            return null;
        }
        Cell pos = splitPolygon(a, b, c, eps, false)[0];
        if (pos == null) {
            return null;
        }
        double best0 = Double.POSITIVE_INFINITY;
        double best1 = Double.NEGATIVE_INFINITY;
        double[] seg = new double[4];
        for (int v = 0; v < pos.x.length; v++) {
            double g = a * pos.x[v] + b * pos.y[v] + c;
            if (Math.abs(g) <= Math.max(eps, 1e-9 * (Math.abs(a * pos.x[v]) + Math.abs(b * pos.y[v]) + Math.abs(c)))) {
                double along = -b * pos.x[v] + a * pos.y[v];
                if (along < best0) {
                    best0 = along;
                    seg[0] = pos.x[v];
                    seg[1] = pos.y[v];
                }
                if (along > best1) {
                    best1 = along;
                    seg[2] = pos.x[v];
                    seg[3] = pos.y[v];
                }
            }
        }
        return best1 > best0 ? seg : null;
    }

    /** A polygon from the first {@code n} points, repeated consecutive points merged; null if degenerate. */
    private static Cell make(double[] x, double[] y, int n) {
        double[] ox = new double[n];
        double[] oy = new double[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m == 0 || x[i] != ox[m - 1] || y[i] != oy[m - 1]) {
                ox[m] = x[i];
                oy[m++] = y[i];
            }
        }
        while (m > 1 && ox[m - 1] == ox[0] && oy[m - 1] == oy[0]) {
            m--;
        }
        if (m < 3) {
            return null;
        }
        Cell cell = new Cell(Arrays.copyOf(ox, m), Arrays.copyOf(oy, m));
        return cell.measure() > 0 ? cell : null;
    }

    /** Length of the interval, or area of the polygon (shoelace, relative to the first vertex). */
    double measure() {
        if (k == 1) {
            return x[1] - x[0];
        }
        double s = 0;
        for (int i = 1; i + 1 < x.length; i++) {
            s += (x[i] - x[0]) * (y[i + 1] - y[0]) - (x[i + 1] - x[0]) * (y[i] - y[0]);
        }
        return 0.5 * s;
    }

    /** The midpoint of the interval, or the area centroid of the polygon. */
    double[] centroid() {
        if (k == 1) {
            return new double[] {0.5 * (x[0] + x[1])};
        }
        double sx = 0;
        double sy = 0;
        double s = 0;
        for (int i = 1; i + 1 < x.length; i++) {
            double cr = (x[i] - x[0]) * (y[i + 1] - y[0]) - (x[i + 1] - x[0]) * (y[i] - y[0]);
            s += cr;
            sx += cr * (x[i] + x[i + 1] - 2 * x[0]);
            sy += cr * (y[i] + y[i + 1] - 2 * y[0]);
        }
        if (!(s > 0)) {
            double mx = 0;
            double my = 0;
            for (int i = 0; i < x.length; i++) {
                mx += x[i];
                my += y[i];
            }
            return new double[] {mx / x.length, my / x.length};
        }
        return new double[] {x[0] + sx / (3 * s), y[0] + sy / (3 * s)};
    }
}
