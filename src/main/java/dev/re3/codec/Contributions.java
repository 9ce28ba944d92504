package dev.re3.codec;

import dev.re3.data.Dataset;
import dev.re3.net.Network;
import dev.re3.net.Site;
import dev.re3.polytope.PathWalker;
import dev.re3.region.Pullback;
import dev.re3.region.SiteForward;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Contributions of the units of one site to a target, for one input or a dataset: how much each hidden unit
 * drives the output (CODEC, "Causal Interpretation of Neural Network Computations with Contribution
 * Decomposition", ICLR 2026, arXiv 2603.06557). For a target {@code T(x) = r . f(x)} ({@link Target}) and the
 * site's output {@code a(x)} ({@code [units]}, or {@code [C, H, W]} flattened row-major):
 * <ul>
 *   <li>{@link #activationTimesGradient()}: {@code c = a * dT/da}. On the input's linear region the network
 *       after the site is affine, {@code T = g . a + beta}, so {@code sum_u c_u + beta = T(x)} exactly;</li>
 *   <li>{@link #integrated(int)}: integrated gradients in hidden space as CODEC computes them, on the input
 *       path {@code x_i = (i/S) x}: {@code c = sum_{i=1..S} (g_{i-1} + g_i)/2 * (a_i - a_{i-1})}, with
 *       {@code sum c ~ T(x) - T(0)};</li>
 *   <li>{@link #exact()}: that integral taken exactly along the region walk of the path
 *       ({@link PathWalker}): per segment the constant site gradient times the change of activation, so
 *       {@code sum c = T(x) - T(0)} up to rounding.</li>
 * </ul>
 * <p>Any site of {@link Network#sites()} can be chosen, inside residual branches too. There {@code dT/da} is the
 * true gradient through the branch, but {@code T} also depends on the branch's input through the skip and the
 * other branches, which go around the site: the offset of activation times gradient holds that part
 * ({@code beta = T(x) - g . a} on the region, formula in {@link Pullback}), and so does the offset of
 * {@link #exact()}: {@code T(0)} plus the change of the pullback's offset along each segment of the walk, so
 * {@code sum c + offset = T(x)} still holds to rounding. {@link #integrated(int)} keeps the offset {@code T(0)}:
 * at a branch site its completeness delta is the trapezoid error plus the share that goes around the site.
 *
 * Inputs are taken in chunks of {@link #optChunk(int)} rows (in parallel within a chunk), so only the result
 * and one chunk's work are held at a time. Each option returns a new object; the object is immutable.
 *
 * <pre>{@code
 * ContributionResult r = Re3.of(net).contributions(data).at("3.relu").integrated(25);
 * double delta = r.completenessDelta();            // |sum c + T(0) - T(x)|, largest over the inputs
 * }</pre>
 */
public final class Contributions {
    /** The default number of inputs per chunk. */
    public static final int DEFAULT_CHUNK = 256;

    private final Network network;
    private final double[][] xs;
    private final int[] labels;
    private final Site site;
    private final Target target;
    private final Reduction reduction;
    private final int chunk;

    private Contributions(Network network, double[][] xs, int[] labels, Site site, Target target, Reduction reduction,
            int chunk) {
        this.network = network;
        this.xs = xs;
        this.labels = labels;
        this.site = site;
        this.target = target;
        this.reduction = reduction;
        this.chunk = chunk;
    }

    /** Contributions for these inputs ({@code [n][inputs]}), without labels. */
    public static Contributions of(Network network, double[][] xs) {
        if (network == null) {
            throw new IllegalArgumentException("network: expected a Network, got null");
        }
        double[][] copy = network.checkBatch(xs).clone();
        for (int i = 0; i < copy.length; i++) {
            copy[i] = copy[i].clone();
        }
        return new Contributions(network, copy, null, null, Target.predicted(), Reduction.NONE, DEFAULT_CHUNK);
    }

    /** Contributions for one input. */
    public static Contributions of(Network network, double[] x) {
        if (x == null) {
            throw new IllegalArgumentException("input: expected an array of numbers, got null");
        }
        return of(network, new double[][] {x});
    }

    /** Contributions for the inputs of a dataset, whose labels are kept for class statistics and modes. */
    public static Contributions of(Network network, Dataset data) {
        if (data == null) {
            throw new IllegalArgumentException("data: expected a Dataset, got null");
        }
        if (network != null && data.numClasses() != network.outputSize()) {
            throw new IllegalArgumentException("data: expected labels of the network's " + network.outputSize()
                    + " classes, got a dataset of " + data.numClasses() + " classes");
        }
        Contributions c = of(network, data.x());
        return new Contributions(network, c.xs, data.labels(), null, c.target, c.reduction, c.chunk);
    }

    /**
     * The site whose output the contributions are given for: any name from {@link Network#sites()}, inside a
     * residual branch too. There {@code dT/da} is the true gradient through the branch, and the offset of
     * activation times gradient also holds the skip and the other branches of every residual around the site
     * ({@code beta = T(x) - g . a} on the region, see {@link Pullback}), so completeness holds as at the top level.
     *
     * @throws IllegalArgumentException for an unknown site, listing the sites
     */
    public Contributions at(String siteName) {
        Site s = network.site(siteName);
        return new Contributions(network, xs, labels, s, target, reduction.check(s.name(), s.outputShape()), chunk);
    }

    /** The names of every site of a network, in forward order, where contributions can be taken. */
    public static List<String> sites(Network network) {
        return network.sites().stream().map(Site::name).toList();
    }

    /** The names of the top-level sites of a network (the outputs of its own layers, not of branch layers). */
    public static List<String> topLevelSites(Network network) {
        return IntStream.range(0, network.layers().size()).mapToObj(i -> i + "." + network.layers().get(i).type())
                .toList();
    }

    /** What the contributions explain; default {@link Target#predicted()}. */
    public Contributions optTarget(Target t) {
        if (t == null) {
            throw new IllegalArgumentException("target: expected a Target, got null");
        }
        return new Contributions(network, xs, labels, site, t.check(network.outputSize()), reduction, chunk);
    }

    /** How the values of an image site are given; default {@link Reduction#NONE}. */
    public Contributions optReduce(Reduction r) {
        if (r == null) {
            throw new IllegalArgumentException("reduction: expected none, spatial-sum or sign-split, got null");
        }
        if (site != null) {
            r.check(site.name(), site.outputShape());
        }
        return new Contributions(network, xs, labels, site, target, r, chunk);
    }

    /** Inputs per chunk; default {@value #DEFAULT_CHUNK}. */
    public Contributions optChunk(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("chunk: expected a positive number of rows, got " + rows);
        }
        return new Contributions(network, xs, labels, site, target, reduction, rows);
    }

    /** Activation times gradient, {@code c = a * dT/da}: exact on the input's region. */
    public ContributionResult activationTimesGradient() {
        Integrals in = integrals();
        return run("activation x gradient", (x, row, t) -> in.activationTimesGradient(x, row, t));
    }

    /**
     * Activation times gradient at each of these sites, one result per site in the order given, from one
     * forward and one backward pass per input for all of them ({@link Pullback#pullToSites}); each equals
     * {@code at(site).activationTimesGradient()}. The site chosen with {@link #at}, if any, is not used.
     *
     * @param siteNames sites ({@link #sites}), inside residual branches too, at least one, each once
     */
    public List<ContributionResult> activationTimesGradientAt(List<String> siteNames) {
        if (siteNames == null || siteNames.isEmpty()) {
            throw new IllegalArgumentException("sites: expected at least one site of " + sites(network)
                    + ", got " + siteNames);
        }
        List<Contributions> each = siteNames.stream().map(this::at).toList();
        int n = xs.length;
        int m = each.size();
        Rows[] values = new Rows[m];
        Rows[] acts = new Rows[m];
        int[][] shapes = new int[m][];
        for (int j = 0; j < m; j++) {
            shapes[j] = each.get(j).site.outputShape();
            values[j] = new Rows(n, reduction.width(shapes[j]));
            acts[j] = new Rows(n, activationWidth(each.get(j).site));
        }
        double[][] offsets = new double[m][n];
        double[][] sums = new double[m][n];
        double[] targets = new double[n];
        int[] leads = new int[n];
        long[] segments = new long[n];
        java.util.Arrays.fill(segments, 1);
        Pullback pullback = Pullback.of(network);
        List<String> names = each.stream().map(c -> c.site.name()).toList();
        java.util.Map<String, Integer> index = new java.util.HashMap<>();
        for (int j = 0; j < m; j++) {
            index.put(names.get(j), j);
        }
        for (int start = 0; start < n; start += chunk) {
            IntStream.range(start, Math.min(n, start + chunk)).parallel().forEach(i -> {
                double[][] rows = new double[1][];
                double[] z = pullback.pullToSites(xs[i], out -> {
                    rows[0] = target.row(out);
                    return rows;
                }, names, (name, cotangents, beta, a) -> {
                    int j = index.get(name);
                    double[] g = cotangents[0];
                    double[] c = new double[a.length];
                    double sum = 0;
                    for (int u = 0; u < a.length; u++) {
                        c[u] = a[u] * g[u];
                        sum += c[u];
                    }
                    int[] shape = shapes[j];
                    sums[j][i] = sum;
                    values[j].set(i, reduction.apply(c, shape));
                    acts[j].set(i, reduction.activations(a, shape));
                    offsets[j][i] = beta[0];
                });
                double t = 0;
                for (int k = 0; k < z.length; k++) {
                    t += rows[0][k] * z[k];
                }
                targets[i] = t;
                leads[i] = Target.lead(rows[0]);
            });
        }
        List<ContributionResult> out = new java.util.ArrayList<>();
        for (int j = 0; j < m; j++) {
            out.add(new ContributionResult(network, each.get(j).site, "activation x gradient", target, reduction, xs,
                    labels, values[j], acts[j], targets.clone(), offsets[j], sums[j], leads.clone(), segments.clone()));
        }
        return List.copyOf(out);
    }

    /** CODEC's hidden-space integrated gradients with {@code steps} trapezoid steps from the zero input. */
    public ContributionResult integrated(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps: expected 1 or more integration steps, got " + steps);
        }
        Integrals in = integrals();
        return run("integrated gradients, " + steps + " steps", (x, row, t) -> in.integrated(x, row, steps));
    }

    /** The hidden-space integral from the zero input, exactly, along the region walk of the path. */
    public ContributionResult exact() {
        Integrals in = integrals();
        PathWalker walker = PathWalker.of(network);
        SiteForward forward = SiteForward.of(network);
        return run("exact integral along the region walk", (x, row, t) -> in.exact(x, row, walker, forward));
    }

    /**
     * CODEC's layer statistics against depth for contributions of any method: {@code method} (e.g.
     * {@code c -> c.integrated(25)}, {@code Contributions::exact} or {@code Contributions::activationTimesGradient})
     * is applied at each site in turn, and {@link LayerStatistics#of(List)} taken of the results in the order
     * given; the site chosen with {@link #at}, if any, is not used. Each site's contributions are dropped once
     * its statistics are taken.
     *
     * @param siteNames sites ({@link #sites}), inside residual branches too, at least one
     */
    public LayerStatistics statistics(List<String> siteNames,
            java.util.function.Function<Contributions, ContributionResult> method) {
        if (siteNames == null || siteNames.isEmpty()) {
            throw new IllegalArgumentException("sites: expected at least one site of " + sites(network)
                    + ", got " + siteNames);
        }
        if (method == null) {
            throw new IllegalArgumentException("method: expected a method such as c -> c.integrated(25), got null");
        }
        List<Contributions> each = siteNames.stream().map(this::at).toList();
        List<LayerStatistics.Layer> layers = new java.util.ArrayList<>();
        for (Contributions c : each) {
            ContributionResult r = method.apply(c);
            if (r == null || !r.site().name().equals(c.site.name())) {
                throw new IllegalArgumentException("method: expected the contributions at the site it is given ("
                        + c.site.name() + "), got " + (r == null ? "null" : "contributions at " + r.site().name()));
            }
            layers.add(LayerStatistics.of(r).layers().get(0));
        }
        return LayerStatistics.ofLayers(layers);
    }

    /**
     * Streams the contributions chunk by chunk without holding them all: {@code method} (e.g.
     * {@code Contributions::activationTimesGradient}) is applied to each chunk of {@link #optChunk(int)} inputs
     * in turn and its result handed to {@code consumer} with the index of the chunk's first input.
     */
    public void forEachChunk(java.util.function.Function<Contributions, ContributionResult> method,
            java.util.function.BiConsumer<Integer, ContributionResult> consumer) {
        if (method == null || consumer == null) {
            throw new IllegalArgumentException("forEachChunk: expected a method and a consumer, got null");
        }
        integrals();
        for (int start = 0; start < xs.length; start += chunk) {
            int end = Math.min(xs.length, start + chunk);
            double[][] part = java.util.Arrays.copyOfRange(xs, start, end);
            int[] lab = labels == null ? null : java.util.Arrays.copyOfRange(labels, start, end);
            consumer.accept(start, method.apply(new Contributions(network, part, lab, site, target, reduction, chunk)));
        }
    }

    /** The number of activation values the reduction keeps per input at {@code s}. */
    private int activationWidth(Site s) {
        return reduction.activations(new double[s.units()], s.outputShape()).length;
    }

    private Integrals integrals() {
        if (site == null) {
            throw new IllegalStateException("contributions: expected a site, chosen with at(name) from "
                    + sites(network));
        }
        return new Integrals(network, site.name());
    }

    private interface PerInput {
        /** One input's contributions for cotangent {@code row}; {@code t = row . f(x)}, the target's value. */
        Integrals.One apply(double[] x, double[] row, double t);
    }

    private ContributionResult run(String method, PerInput f) {
        int n = xs.length;
        int[] shape = site.outputShape();
        Rows values = new Rows(n, reduction.width(shape));
        Rows acts = new Rows(n, activationWidth(site));
        double[] targets = new double[n];
        double[] offsets = new double[n];
        double[] sums = new double[n];
        int[] leads = new int[n];
        long[] segments = new long[n];
        for (int start = 0; start < n; start += chunk) {
            IntStream.range(start, Math.min(n, start + chunk)).parallel().forEach(i -> {
                double[] z = network.forward(xs[i]);
                double[] row = target.row(z);
                double t = 0;
                for (int k = 0; k < z.length; k++) {
                    t += row[k] * z[k];
                }
                Integrals.One one;
                try {
                    one = f.apply(xs[i], row, t);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("input " + i + ": " + e.getMessage(), e);
                }
                double s = 0;
                for (double v : one.c()) {
                    s += v;
                }
                sums[i] = s;
                values.set(i, reduction.apply(one.c(), shape));
                acts.set(i, reduction.activations(one.activation(), shape));
                targets[i] = one.target();
                offsets[i] = one.offset();
                leads[i] = Target.lead(row);
                segments[i] = one.segments();
            });
        }
        return new ContributionResult(network, site, method, target, reduction, xs, labels, values, acts, targets,
                offsets, sums, leads, segments);
    }

    @Override
    public String toString() {
        return "Contributions of " + xs.length + " inputs at " + (site == null ? "no site yet" : site.name()) + " for the "
                + target + ", reduction " + reduction.cliName();
    }
}
