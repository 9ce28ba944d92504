package dev.re3.polytope;

import dev.re3.net.Network;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

/**
 * The exact partition of a rectangle of a 2D plane through input space into the convex polygons on which
 * a ReLU network is affine (SplineCam: Humayun, Balestriero et al., CVPR 2023; the polytope lens: Black,
 * Sharkey et al., 2022), for every supported layer, max pooling and residual branches included.
 *
 * <p>On the plane {@code x(u, v) = o + u e1 + v e2} every unit is affine in {@code (u, v)} inside a
 * region: three numbers. The rectangle is refined layer by layer in forward order ({@link Refiner}): at
 * a ReLU site each polygon is cut by the zero lines of the units that change sign on it, at a max pool by
 * the lines where a window's first maximum changes; affine layers map the three-column forms. The cost
 * per polygon and layer is a product of the layer with a {@code units x 3} form, and only for the input
 * units that changed since the previous polygon.
 *
 * <p>A rectangle whose coordinates are very large or very small (beyond {@code 2^±60}, e.g. a half-width of
 * {@code 1e200}, whose area overflows) is partitioned in a frame scaled by a power of two: plane coordinates
 * times {@code 2^-s}, directions {@code e1}, {@code e2} times {@code 2^s}. Scaling by a power of two is exact
 * in binary floating point, so every product {@code a u} and every vertex is the same number scaled, and the
 * polygons are mapped back exactly; a rectangle for which that scaling would overflow or lose digits (the
 * plane's inputs or directions beyond the double range) is refused with an error saying so.
 *
 * <pre>{@code
 * PlanePartition p = PlanePartitioner.of(network)
 *         .optDomain(new Domain(-0.2, 1.2, -0.2, 1.2))
 *         .partition(Plane.through(a, b, c));
 * p.regions();            // polygons = linear regions met
 * p.polygons().get(0).vertices();
 * p.decisionBoundary();   // segments where the predicted class changes
 * }</pre>
 */
public final class PlanePartitioner {
    /** The default polygon limit. */
    public static final int DEFAULT_MAX_POLYGONS = 1_000_000;

    private final Network network;
    private final Program program;
    private final Domain domain;
    private final int maxPolygons;
    private final int threads;

    private PlanePartitioner(Network network, Program program, Domain domain, int maxPolygons, int threads) {
        this.network = network;
        this.program = program;
        this.domain = domain;
        this.maxPolygons = maxPolygons;
        this.threads = threads;
    }

    public static PlanePartitioner of(Network network) {
        if (network == null) {
            throw new IllegalArgumentException("network: expected a Network, got null");
        }
        return new PlanePartitioner(network, Program.of(network), null, DEFAULT_MAX_POLYGONS,
                Runtime.getRuntime().availableProcessors());
    }

    /** The rectangle of plane coordinates to partition; default {@link Plane#defaultDomain()}. */
    public PlanePartitioner optDomain(Domain domain) {
        return new PlanePartitioner(network, program, domain, maxPolygons, threads);
    }

    /** Stop after this many polygons with a partial result; default {@value #DEFAULT_MAX_POLYGONS}. */
    public PlanePartitioner optMaxPolygons(int maxPolygons) {
        return new PlanePartitioner(network, program, domain, Inputs.positive("maxPolygons", maxPolygons), threads);
    }

    /** Worker threads; default the number of processors. The result does not depend on it. */
    public PlanePartitioner optThreads(int threads) {
        return new PlanePartitioner(network, program, domain, maxPolygons, Inputs.positive("threads", threads));
    }

    /** The partition of the plane through three inputs (at {@code (0,0)}, {@code (1,0)}, {@code (0,1)}). */
    public PlanePartition partition(double[] a, double[] b, double[] c) {
        return partition(Plane.through(a, b, c));
    }

    public PlanePartition partition(Plane plane) {
        if (plane == null) {
            throw new IllegalArgumentException("plane: expected a Plane, got null");
        }
        Inputs.fits(network, "plane points", plane.origin());
        Domain d = domain != null ? domain : plane.defaultDomain();
        int scale = frameExponent(d);
        double up = Math.scalb(1.0, scale);
        double[] forms = scaledForms(plane, d, scale);
        Refiner.Result r = new Refiner(program, 2).refine(Cell.rectangle(frame(d.u0(), scale, d), frame(d.u1(), scale, d),
                frame(d.v0(), scale, d), frame(d.v1(), scale, d)), forms, maxPolygons, threads);
        int classes = network.outputSize();
        List<Refiner.Leaf> leaves = r.leaves();
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            List<Object[]> built = pool.submit(() -> leaves.parallelStream().map(leaf -> build(leaf, classes, up)).toList()).get();
            List<PlanePolygon> polygons = new ArrayList<>(built.size());
            for (Object[] b : built) {
                polygons.add((PlanePolygon) b[0]);
            }
            Integer[] order = new Integer[polygons.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            double[][] centroids = polygons.stream().map(PlanePolygon::centroid).toArray(double[][]::new);
            java.util.Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> centroids[i][1])
                    .thenComparingDouble(i -> centroids[i][0]));
            List<PlanePolygon> sorted = new ArrayList<>(order.length);
            List<Segment> boundary = new ArrayList<>();
            for (int i : order) {
                sorted.add(polygons.get(i));
                @SuppressWarnings("unchecked")
                List<double[]> segs = (List<double[]>) built.get(i)[1];
                for (double[] seg : segs) {
                    boundary.add(new Segment(seg[0] * up, seg[1] * up, seg[2] * up, seg[3] * up));
                }
            }
            List<String> names = new ArrayList<>();
            for (int s = 0; s < program.sites().size(); s++) {
                names.add(program.siteName(s));
            }
            return new PlanePartition(network, plane, d, sorted, boundary, r.partial(), maxPolygons, names,
                    Refiner.cellsPerSite(leaves, names.size()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("partition interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Frames scaled by less than this power of two are not scaled at all. */
    private static final int FRAME_LIMIT = 60;

    /**
     * The exponent {@code s} of the frame: {@code 0} for a rectangle whose largest coordinate lies within
     * {@code 2^±60}, else that coordinate's binary exponent, so that the scaled rectangle reaches between
     * 1 and 2.
     */
    static int frameExponent(Domain d) {
        double m = Math.max(Math.max(Math.abs(d.u0()), Math.abs(d.u1())), Math.max(Math.abs(d.v0()), Math.abs(d.v1())));
        int s = Math.getExponent(m);
        return Math.abs(s) <= FRAME_LIMIT ? 0 : s;
    }

    /** A domain coordinate in the frame, {@code x 2^-s}, refused unless the scaling is exact. */
    private static double frame(double x, int s, Domain d) {
        double y = Math.scalb(x, -s);
        if (Math.scalb(y, s) != x) {
            throw new IllegalArgumentException("domain: expected coordinates within 2^" + (2 * FRAME_LIMIT)
                    + " of one another in size, so that the rectangle can be scaled exactly, got " + d);
        }
        return y;
    }

    /**
     * The plane's input forms in the frame: the directions times {@code 2^s}, the origin as it is; refused if a
     * direction's component would overflow or lose digits, which means the rectangle reaches inputs beyond the
     * double range.
     */
    private static double[] scaledForms(Plane plane, Domain d, int s) {
        double[] f = plane.forms();
        if (s == 0) {
            return f;
        }
        int n = 2 * plane.dimension();
        for (int i = 0; i < n; i++) {
            double y = Math.scalb(f[i], s);
            if (!Double.isFinite(y) || Math.scalb(y, -s) != f[i]) {
                throw new IllegalArgumentException("domain: expected a rectangle whose inputs o + u e1 + v e2 stay within"
                        + " the double range, got " + d + " with " + (i < n / 2 ? "e1[" + i : "e2[" + (i - n / 2))
                        + "] = " + f[i] + ", which the rectangle's size 2^" + s + " takes "
                        + (Double.isFinite(y) ? "below the smallest normal double" : "beyond the largest double"));
            }
            f[i] = y;
        }
        return f;
    }

    /** The polygon and its decision boundary segments, in the frame scaled by {@code up} (a power of two). */
    private Object[] build(Refiner.Leaf leaf, int classes, double up) {
        double[][] map = new double[classes][3];
        double[] out = leaf.out();
        for (double o : out) {
            if (!Double.isFinite(o)) {
                throw new IllegalArgumentException("plane: the logits overflow the double range on the rectangle (a"
                        + " polygon's map has a coefficient " + o + "); shrink the domain or the plane's directions");
            }
        }
        for (int c = 0; c < classes; c++) {
            map[c][0] = out[c];
            map[c][1] = out[classes + c];
            map[c][2] = out[2 * classes + c];
        }
        Cell cell = leaf.cell();
        boolean mixed = ClassCells.single(cell, map) < 0;
        List<double[]> segs = mixed ? ClassCells.boundary(cell, map, ClassCells.pieces(cell, map)) : List.of();
        return new Object[] {new PlanePolygon(program, cell, leaf.choices(), out, mixed, up), segs};
    }
}
