package dev.re3;

import ai.djl.Model;
import ai.djl.nn.Block;
import dev.re3.data.Dataset;
import dev.re3.djl.DjlImport;
import dev.re3.io.ModelJson;
import dev.re3.net.Network;
import dev.re3.onnx.OnnxImport;
import dev.re3.polytope.ComplexityResult;
import dev.re3.polytope.Domain;
import dev.re3.polytope.InterpolationExperiment;
import dev.re3.polytope.InterpolationResult;
import dev.re3.polytope.LocalComplexity;
import dev.re3.polytope.PathWalk;
import dev.re3.polytope.PathWalker;
import dev.re3.polytope.PlanePartition;
import dev.re3.polytope.PlanePartitioner;
import dev.re3.polytope.SplineCodes;
import dev.re3.region.Linearizer;
import dev.re3.region.LocalMaps;
import dev.re3.region.Region;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The entry point: exact explanations of a piecewise-linear network.
 *
 * <pre>{@code
 * Re3 re3 = Re3.of(network);                  // or Re3.load(path), Re3.of(djlBlock, 4)
 * Explanation e = re3.explain(x);             // contributions to logits and probabilities
 * e.completenessDelta();                      // 0 up to rounding: contributions + bias = logits
 * DatasetExplanation all = re3.explainAll(split.train(), split.test());
 * all.summary();                              // regions, purity, shared regions, as tables
 * }</pre>
 */
public final class Re3 {
    private final Network network;
    private final Linearizer linearizer;

    private Re3(Network network) {
        if (network == null) {
            throw new IllegalArgumentException("network: expected a Network, got null");
        }
        this.network = network;
        this.linearizer = Linearizer.of(network);
    }

    public static Re3 of(Network network) {
        return new Re3(network);
    }

    /**
     * Imports a DJL block with its trained parameters ({@link DjlImport#fromBlock(Block, int...)}).
     *
     * @param inputShape the shape of one input, without the batch axis: {@code [d]} or {@code [c, h, w]}
     */
    public static Re3 of(Block block, int... inputShape) {
        return new Re3(DjlImport.fromBlock(block, inputShape));
    }

    /** Imports the block of a DJL model with its trained parameters. */
    public static Re3 of(Model model, int... inputShape) {
        return new Re3(DjlImport.fromBlock(model, inputShape));
    }

    /**
     * Reads a network from a model file: ONNX ({@link OnnxImport}) when its name ends in {@code .onnx},
     * otherwise the {@code re3-model/1} JSON format.
     */
    public static Re3 load(Path file) {
        Path name = file.getFileName();
        boolean onnx = name != null && name.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx");
        return new Re3(onnx ? OnnxImport.read(file) : ModelJson.read(file));
    }

    public Network network() {
        return network;
    }

    /**
     * Explains input {@code x}; hidden units and dominant units are reported for the predicted class
     * ({@link Explanation#forClass(int)} reports them for another).
     */
    public Explanation explain(double... x) {
        LocalMaps maps = linearizer.withHidden(true).linearize(new double[][] {network.checkInput(x)});
        return Explanation.of(network, maps, 0);
    }

    /** The region of input {@code x}: pattern, id, local map, inequalities. */
    public Region region(double... x) {
        return Region.of(network, x);
    }

    /** The local maps of a batch, computed in large chunks. */
    public LocalMaps regions(double[][] xs) {
        return linearizer.linearize(xs);
    }

    /** Dataset-level Re3 over one dataset. */
    public DatasetExplanation explainAll(Dataset data) {
        Map<String, Dataset> parts = new LinkedHashMap<>();
        parts.put(DatasetExplanation.DATA, data);
        return DatasetExplanation.of(network, linearizer, parts);
    }

    /** Dataset-level Re3 over a train and a test set, with the regions they share. */
    public DatasetExplanation explainAll(Dataset train, Dataset test) {
        Map<String, Dataset> parts = new LinkedHashMap<>();
        parts.put(DatasetExplanation.TRAIN, train);
        parts.put(DatasetExplanation.TEST, test);
        return DatasetExplanation.of(network, linearizer, parts);
    }

    /** The exact walk of the polyline through the points across the linear regions ({@link PathWalker}). */
    public PathWalk path(double[]... points) {
        return PathWalker.of(network).walk(points);
    }

    /**
     * The exact partition of the plane through {@code a}, {@code b}, {@code c} (at plane coordinates
     * {@code (0,0)}, {@code (1,0)}, {@code (0,1)}) over the rectangle {@code [-0.25, 1.25]^2}.
     */
    public PlanePartition plane(double[] a, double[] b, double[] c) {
        return PlanePartitioner.of(network).partition(a, b, c);
    }

    /** The exact partition of the plane through {@code a}, {@code b}, {@code c} over a given rectangle. */
    public PlanePartition plane(double[] a, double[] b, double[] c, Domain domain) {
        return PlanePartitioner.of(network).optDomain(domain).partition(a, b, c);
    }

    /** Spline codes of a dataset: bit codes, Hamming and Jaccard distances, clusterings, purity. */
    public SplineCodes splineCodes(Dataset data) {
        return SplineCodes.of(network, data);
    }

    /** Regions within radius {@code r} of {@code x}, counted exactly on random lines and planes, per layer. */
    public ComplexityResult localComplexity(double[] x, double radius) {
        return LocalComplexity.of(network).around(x, radius);
    }

    /** The polytope lens's interpolation experiment: boundary density between same- and different-class pairs. */
    public InterpolationResult interpolations(Dataset data, int pairs, long seed) {
        return InterpolationExperiment.of(network, data).optPairs(pairs).optSeed(seed).run();
    }

    /** The partition drawn with its polygons coloured by predicted class ({@link #plot(PlanePartition, boolean)}). */
    public static dev.re3.plot.Figure plot(PlanePartition p) {
        return plot(p, false);
    }

    /**
     * The partition of a plane as a figure: its polygons coloured by predicted class, or by the norm of their
     * local map, with the decision boundary and the plane's marked inputs.
     */
    public static dev.re3.plot.Figure plot(PlanePartition p, boolean colourByNorm) {
        if (p == null) {
            throw new IllegalArgumentException("plot: expected a PlanePartition, got null");
        }
        dev.re3.polytope.PlaneFigureData d = p.figureData();
        java.util.List<double[][]> polygons = new java.util.ArrayList<>();
        for (int i = 0; i < d.us().size(); i++) {
            double[] u = d.us().get(i);
            double[] v = d.vs().get(i);
            double[][] vertices = new double[u.length][];
            for (int j = 0; j < u.length; j++) {
                vertices[j] = new double[] {u[j], v[j]};
            }
            polygons.add(vertices);
        }
        java.util.List<double[][]> boundary = new java.util.ArrayList<>();
        for (dev.re3.polytope.Segment s : d.boundary()) {
            boundary.add(new double[][] {{s.u0(), s.v0()}, {s.u1(), s.v1()}});
        }
        double[][] marked = new double[d.marked().size()][];
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < marked.length; i++) {
            marked[i] = new double[] {d.marked().get(i).u(), d.marked().get(i).v()};
            names.add(d.marked().get(i).label());
        }
        dev.re3.polytope.Domain r = d.domain();
        String title = "Linear regions of the plane" + (d.partial() ? " (partial: polygon limit reached)" : "");
        return dev.re3.plot.Figures.partition(title, new double[] {r.u0(), r.u1(), r.v0(), r.v1()}, polygons,
                d.predicted(), d.classes(), d.mapNorm(), colourByNorm, boundary, marked, names);
    }

    @Override
    public String toString() {
        return "Re3 of " + network;
    }
}
