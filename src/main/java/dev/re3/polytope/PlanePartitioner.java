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
        Refiner.Result r = new Refiner(program, 2).refine(Cell.rectangle(d.u0(), d.u1(), d.v0(), d.v1()), plane.forms(),
                maxPolygons, threads);
        int classes = network.outputSize();
        List<Refiner.Leaf> leaves = r.leaves();
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            List<Object[]> built = pool.submit(() -> leaves.parallelStream().map(leaf -> build(leaf, classes)).toList()).get();
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
                for (double[] s : segs) {
                    boundary.add(new Segment(s[0], s[1], s[2], s[3]));
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

    /** The polygon and its decision boundary segments. */
    private Object[] build(Refiner.Leaf leaf, int classes) {
        double[][] map = new double[classes][3];
        double[] out = leaf.out();
        for (int c = 0; c < classes; c++) {
            map[c][0] = out[c];
            map[c][1] = out[classes + c];
            map[c][2] = out[2 * classes + c];
        }
        Cell cell = leaf.cell();
        boolean mixed = ClassCells.single(cell, map) < 0;
        List<double[]> segs = mixed ? ClassCells.boundary(cell, map, ClassCells.pieces(cell, map)) : List.of();
        return new Object[] {new PlanePolygon(program, cell, leaf.choices(), out, mixed), segs};
    }
}
