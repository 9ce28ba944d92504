package dev.re3.polytope;

import dev.re3.net.Network;
import dev.re3.region.AffineTracer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The local complexity of a network around an input: how many linear regions lie within radius
 * {@code r}, counted exactly on random lines and planes through the input, per layer; and the distance
 * from the input to the nearest boundary of its own region.
 *
 * <p>A line is the segment {@code [x - r w, x + r w]} for a random unit direction {@code w} (Gaussian,
 * normalised, seeded), walked exactly ({@link PathWalker}); a plane is the square of side {@code 2 r}
 * centred on {@code x} in the span of two random orthonormal directions, partitioned exactly
 * ({@link PlanePartitioner}). Per layer: the regions of the network's first layers only, up to and
 * including each ReLU or max-pool site. The distance to the boundary is that of
 * {@link dev.re3.region.Region#distanceToBoundary()}, {@code min_k slack_k / ||a_k||} over the region's
 * inequalities; every line's first crossing from the centre is at least that far.
 *
 * <pre>{@code
 * ComplexityResult c = LocalComplexity.of(net).optLines(32).optPlanes(4).optSeed(7).around(x, 0.5);
 * c.meanRegionsOnLines();  c.layers();  c.distanceToBoundary();
 * }</pre>
 */
public final class LocalComplexity {
    private final Network network;
    private final int lines;
    private final int planes;
    private final long seed;
    private final int maxPolygons;

    private LocalComplexity(Network network, int lines, int planes, long seed, int maxPolygons) {
        this.network = network;
        this.lines = lines;
        this.planes = planes;
        this.seed = seed;
        this.maxPolygons = maxPolygons;
    }

    public static LocalComplexity of(Network network) {
        if (network == null) {
            throw new IllegalArgumentException("network: expected a Network, got null");
        }
        return new LocalComplexity(network, 16, 2, 42, PlanePartitioner.DEFAULT_MAX_POLYGONS);
    }

    /** Random lines through the input; default 16. */
    public LocalComplexity optLines(int lines) {
        if (lines < 0) {
            throw new IllegalArgumentException("lines: expected a number >= 0, got " + lines);
        }
        return new LocalComplexity(network, lines, planes, seed, maxPolygons);
    }

    /** Random planes through the input; default 2. */
    public LocalComplexity optPlanes(int planes) {
        if (planes < 0) {
            throw new IllegalArgumentException("planes: expected a number >= 0, got " + planes);
        }
        return new LocalComplexity(network, lines, planes, seed, maxPolygons);
    }

    /** The seed of the random directions; default 42. */
    public LocalComplexity optSeed(long seed) {
        return new LocalComplexity(network, lines, planes, seed, maxPolygons);
    }

    /** The polygon limit of each plane ({@link PlanePartitioner#optMaxPolygons(int)}). */
    public LocalComplexity optMaxPolygons(int max) {
        return new LocalComplexity(network, lines, planes, seed, Inputs.positive("maxPolygons", max));
    }

    /**
     * @param x the input, finite, of the network's input size
     * @param radius {@code r > 0}, in input units
     */
    public ComplexityResult around(double[] x, double radius) {
        double[] c = Inputs.finite("input", x);
        Inputs.fits(network, "input", c);
        Inputs.positive("radius", radius);
        int d = c.length;
        SplittableRandom r = new SplittableRandom(seed);
        List<ComplexityResult.Probe> probes = new ArrayList<>();
        PathWalker walker = PathWalker.of(network);
        for (int i = 0; i < lines; i++) {
            double[] w = unit(gaussian(r, d));
            double[] a = new double[d];
            double[] b = new double[d];
            for (int j = 0; j < d; j++) {
                a[j] = c[j] - radius * w[j];
                b[j] = c[j] + radius * w[j];
            }
            PathWalk walk = walker.segment(a, b);
            double nearest = Double.POSITIVE_INFINITY;
            for (PathBoundary bd : walk.boundaries()) {
                nearest = Math.min(nearest, Math.abs(bd.t() - 0.5) * 2 * radius);
            }
            probes.add(new ComplexityResult.Probe("line", i, walk.regions(), counts(walk.sites()), nearest, false));
        }
        PlanePartitioner partitioner = PlanePartitioner.of(network).optMaxPolygons(maxPolygons)
                .optDomain(Domain.around(0, 0, radius));
        for (int i = 0; i < planes; i++) {
            double[] w1 = unit(gaussian(r, d));
            double[] w2 = gaussian(r, d);
            double dot = Plane.dot(w1, w2);
            for (int j = 0; j < d; j++) {
                w2[j] -= dot * w1[j];
            }
            w2 = unit(w2);
            PlanePartition p = partitioner.partition(Plane.of(c, w1, w2));
            probes.add(new ComplexityResult.Probe("plane", i, p.regions(), counts(p.sites()), Double.NaN, p.isPartial()));
        }
        List<String> sites = new ArrayList<>();
        Program program = Program.of(network);
        for (int s = 0; s < program.sites().size(); s++) {
            sites.add(program.siteName(s));
        }
        double distance = AffineTracer.trace(network, c).halfSpaces().distance(c);
        return new ComplexityResult(c, radius, seed, sites, probes, distance);
    }

    private static long[] counts(tech.tablesaw.api.Table sites) {
        long[] out = new long[sites.rowCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) sites.column(1).get(i)).longValue();
        }
        return out;
    }

    private static double[] gaussian(SplittableRandom r, int d) {
        double[] g = new double[d];
        for (int j = 0; j < d; j++) {
            double u1 = r.nextDouble();
            double u2 = r.nextDouble();
            g[j] = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
        }
        return g;
    }

    private static double[] unit(double[] v) {
        double n = Math.sqrt(Plane.dot(v, v));
        double[] u = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            u[j] = v[j] / n;
        }
        return u;
    }
}
