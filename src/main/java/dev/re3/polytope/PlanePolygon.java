package dev.re3.polytope;

import java.util.List;

/**
 * One convex polygon of a {@link PlanePartition}: the part of the rectangle inside one linear region of
 * the network, where the logits are affine in the plane coordinates,
 * {@code l_c(u, v) = M[c][0] u + M[c][1] v + M[c][2]}.
 *
 * <p>Its pattern and region id are those of {@link dev.re3.region.RegionCode} for every point inside
 * it (pattern strings are built, and the id hashed, on first use). {@link #predicted()} is the class at
 * the centroid; when the decision boundary crosses the polygon, {@link #mixed()} is true and the
 * partition's {@link PlanePartition#decisionBoundary()} holds the segments inside it.
 */
public final class PlanePolygon {
    private final Program program;
    private final Cell cell;
    private final Choices choices;
    private final double[] out;
    private final double up;
    private final double cu;
    private final double cv;
    private final int predicted;
    private final boolean mixed;
    private volatile String id;

    /**
     * @param cell the polygon in the partition's frame, plane coordinates times {@code 1 / up}
     * @param out the logits as forms by column in that frame: {@code out[j * classes + c]} is {@code M[c][j] up}
     *     for {@code j < 2}, {@code M[c][2]} for {@code j = 2}
     * @param up the frame's scale, a power of two ({@code 1} unless the rectangle is very large or small)
     */
    PlanePolygon(Program program, Cell cell, Choices choices, double[] out, boolean mixed, double up) {
        this.program = program;
        this.cell = cell;
        this.choices = choices;
        this.up = up;
        this.mixed = mixed;
        double[] c = cell.centroid();
        double[] l = logits(out, c[0], c[1]);
        this.cu = c[0] * up;
        this.cv = c[1] * up;
        if (up != 1) {
            out = out.clone();
            for (int i = 0; i < 2 * l.length; i++) {
                out[i] /= up;
            }
        }
        this.out = out;
        int best = 0;
        for (int i = 1; i < l.length; i++) {
            if (l[i] > l[best]) {
                best = i;
            }
        }
        this.predicted = best;
    }

    Cell cell() {
        return cell;
    }

    Choices choices() {
        return choices;
    }

    /** The scale of the frame {@link #cell()} is in: plane coordinates are its coordinates times this. */
    double frameScale() {
        return up;
    }

    /** {@link #map()} in the frame of {@link #cell()}: the slopes times {@link #frameScale()}. */
    double[][] frameMap() {
        double[][] m = map();
        for (double[] row : m) {
            row[0] *= up;
            row[1] *= up;
        }
        return m;
    }

    /** The vertices in counter-clockwise order, {@code [n][2]} as {@code (u, v)}. */
    public double[][] vertices() {
        double[][] v = new double[cell.x.length][];
        for (int i = 0; i < v.length; i++) {
            v[i] = new double[] {cell.x[i] * up, cell.y[i] * up};
        }
        return v;
    }

    public int vertexCount() {
        return cell.x.length;
    }

    /** The vertices' {@code u} coordinates. */
    public double[] us() {
        return scaled(cell.x);
    }

    /** The vertices' {@code v} coordinates. */
    public double[] vs() {
        return scaled(cell.y);
    }

    private double[] scaled(double[] x) {
        double[] s = x.clone();
        if (up != 1) {
            for (int i = 0; i < s.length; i++) {
                s[i] *= up;
            }
        }
        return s;
    }

    /** The area; {@code Infinity} when it exceeds the double range (a rectangle of half-width {@code 1e200}). */
    public double area() {
        return cell.measure() * up * up;
    }

    /** The area centroid {@code (u, v)}, a point inside the polygon. */
    public double[] centroid() {
        return new double[] {cu, cv};
    }

    /** One {@code '0'/'1'} string per ReLU site, in forward order. */
    public List<String> patterns() {
        return Choices.patterns(program, choices);
    }

    /** Per max-pool site, the flat input index each window selects. */
    public List<int[]> poolChoices() {
        return Choices.poolChoices(program, choices);
    }

    /** The stable region id of {@link dev.re3.region.RegionCode}. */
    public String regionId() {
        String s = id;
        if (s == null) {
            s = Choices.regionId(program, choices);
            id = s;
        }
        return s;
    }

    /** {@code M}, {@code [classes][3]}: logit {@code c} is {@code M[c][0] u + M[c][1] v + M[c][2]}. */
    public double[][] map() {
        int classes = out.length / 3;
        double[][] m = new double[classes][];
        for (int c = 0; c < classes; c++) {
            m[c] = new double[] {out[c], out[classes + c], out[2 * classes + c]};
        }
        return m;
    }

    /** The logits at {@code (u, v)}, exact while {@code (u, v)} lies in the polygon. */
    public double[] logits(double u, double v) {
        return logits(out, u, v);
    }

    private static double[] logits(double[] out, double u, double v) {
        int classes = out.length / 3;
        double[] l = new double[classes];
        for (int c = 0; c < classes; c++) {
            l[c] = out[c] * u + out[classes + c] * v + out[2 * classes + c];
        }
        return l;
    }

    /** The predicted class (first maximum of the logits) at the centroid. */
    public int predicted() {
        return predicted;
    }

    /** Whether the predicted class changes inside the polygon. */
    public boolean mixed() {
        return mixed;
    }

    /**
     * The Frobenius norm of the map's slopes, {@code sqrt(sum_c M[c][0]^2 + M[c][1]^2)}: how fast the
     * logits change along the plane (in units of {@code e1} and {@code e2}).
     */
    public double mapNorm() {
        int classes = out.length / 3;
        double s = 0;
        for (int i = 0; i < 2 * classes; i++) {
            s += out[i] * out[i];
        }
        return Math.sqrt(s);
    }

    @Override
    public String toString() {
        return "polygon of " + cell.x.length + " vertices, area " + dev.re3.display.Numbers.format(area()) + ", region " + regionId()
                + ", class " + predicted + (mixed() ? " (the decision boundary crosses it)" : "");
    }
}
