package dev.re3.polytope;

import dev.re3.net.Network;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The exact walk of a path through the linear regions of a network: every region crossed, in order, with
 * where the path enters and leaves it, and at each boundary the units that flip. Not sampled.
 *
 * <p>On a straight piece {@code x(s) = p_i + s (p_{i+1} - p_i)}, {@code s in [0, 1]}, every unit is
 * affine in {@code s} while the choices of the layers before it are fixed: two numbers. The piece is cut
 * layer by layer, exactly as a plane is ({@link Refiner} with one parameter): at each ReLU site every
 * interval is cut where a unit's pre-activation changes sign on it, at each max pool where a window's
 * first maximum changes; so in a deeper layer a unit's zero is found only within the interval on which
 * its pre-activation is affine. Consecutive intervals with the same choices (a polyline bending inside a
 * region) are merged into one segment.
 *
 * <p>Degenerate cases, and what they give:
 * <ul>
 *   <li>several units flipping at the same {@code t}, or within {@code 1e-12} of a straight piece's
 *       length of each other: one {@link PathBoundary} listing them all (an interval shorter than that is
 *       dropped, its two ends meeting at its middle);</li>
 *   <li>a unit zero along a whole interval (up to {@code 1e-12} of the size of its terms): it takes the
 *       sign of its value inside, so an exactly zero unit is off ({@code '0'}) and crosses nothing;</li>
 *   <li>a path that starts (or ends) on a boundary: the first segment is the region of the first open
 *       interval, so no boundary is reported at {@code t = 0} (or 1);</li>
 *   <li>repeated consecutive points: the zero-length piece is skipped.</li>
 * </ul>
 *
 * <p>{@code t} runs from 0 to 1 over the whole path in proportion to Euclidean length.
 */
public final class PathWalker {
    /** The default limit on intervals per straight piece. */
    public static final int DEFAULT_MAX_SEGMENTS = 1_000_000;

    private final Network network;
    private final Program program;
    private final int maxSegments;

    private PathWalker(Network network, Program program, int maxSegments) {
        this.network = network;
        this.program = program;
        this.maxSegments = maxSegments;
    }

    public static PathWalker of(Network network) {
        if (network == null) {
            throw new IllegalArgumentException("network: expected a Network, got null");
        }
        return new PathWalker(network, Program.of(network), DEFAULT_MAX_SEGMENTS);
    }

    /** Stop after this many intervals on one straight piece, with a partial result. */
    public PathWalker optMaxSegments(int max) {
        return new PathWalker(network, program, Inputs.positive("maxSegments", max));
    }

    /** The walk along the segment from {@code a} to {@code b}. */
    public PathWalk segment(double[] a, double[] b) {
        return walk(List.of(a, b));
    }

    /** The walk along the polyline through the points, in order. */
    public PathWalk walk(double[]... points) {
        if (points == null) {
            throw new IllegalArgumentException("path: expected at least two points, got null");
        }
        return walk(List.of(points));
    }

    /** The walk along the polyline through the points, in order. */
    public PathWalk walk(List<double[]> points) {
        if (points == null || points.size() < 2) {
            throw new IllegalArgumentException("path: expected at least two points, got "
                    + (points == null ? "null" : points.size()));
        }
        double[][] p = new double[points.size()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = Inputs.finite("path point " + i, points.get(i));
            Inputs.fits(network, "path point " + i, p[i]);
        }
        double[] len = new double[p.length - 1];
        double total = 0;
        for (int i = 0; i < len.length; i++) {
            len[i] = length(Plane.minus(p[i + 1], p[i]));
            total += len[i];
        }
        if (!Double.isFinite(total)) {
            throw new IllegalArgumentException("path: expected a path whose length is finite in float64, got points "
                    + "so far apart that it overflows; scale the points down");
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("path: expected points that are not all equal, got a path of length 0");
        }
        int classes = network.outputSize();
        Refiner refiner = new Refiner(program, 1);
        List<PathWalk.Piece> pieces = new ArrayList<>();
        boolean partial = false;
        double cum = 0;
        int last = len.length - 1;
        while (len[last] == 0) {
            last--;
        }
        for (int i = 0; i < len.length; i++) {
            if (len[i] == 0) {
                continue;
            }
            int d = p[i].length;
            double[] forms = new double[2 * d];
            for (int j = 0; j < d; j++) {
                forms[j] = p[i + 1][j] - p[i][j];
                forms[d + j] = p[i][j];
            }
            Refiner.Result r = refiner.refine(Cell.interval(0, 1), forms, maxSegments, 1);
            partial |= r.partial();
            List<Refiner.Leaf> leaves = new ArrayList<>(r.leaves());
            leaves.sort(Comparator.comparingDouble(l -> l.cell().x[0]));
            for (int q = 0; q < leaves.size(); q++) {
                // a complete walk's intervals tile [0, 1] up to rounding, so each one ends where the next
                // begins; a partial walk keeps each interval as found, so it never claims what it did not cover
                Refiner.Leaf leaf = leaves.get(q);
                boolean tiled = !r.partial();
                double s0 = tiled && q == 0 ? 0 : leaf.cell().x[0];
                double s1 = tiled ? (q + 1 < leaves.size() ? leaves.get(q + 1).cell().x[0] : 1) : leaf.cell().x[1];
                double t0 = pieces.isEmpty() && s0 == 0 ? 0 : (cum + s0 * len[i]) / total;
                double t1 = i == last && s1 == 1 ? 1 : (cum + s1 * len[i]) / total;
                double[] slope = new double[classes];
                double[] intercept = new double[classes];
                double[] out = leaf.out();
                for (int c = 0; c < classes; c++) {
                    slope[c] = out[c] * total / len[i];
                    intercept[c] = out[classes + c] - out[c] * cum / len[i];
                }
                pieces.add(new PathWalk.Piece(t0, t1, s1 - s0, leaf.choices(), slope, intercept));
            }
            cum += len[i];
        }
        return new PathWalk(network, program, p, total, pieces, partial, maxSegments);
    }

    /** The Euclidean length of {@code d}, scaled by its largest entry so that 1e155 does not overflow when squared. */
    static double length(double[] d) {
        double m = 0;
        for (double v : d) {
            m = Math.max(m, Math.abs(v));
        }
        if (m == 0 || !Double.isFinite(m)) {
            return m;
        }
        double s = 0;
        for (double v : d) {
            s += (v / m) * (v / m);
        }
        return m * Math.sqrt(s);
    }
}
