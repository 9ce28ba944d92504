package dev.re3;

import ai.djl.Model;
import ai.djl.nn.Block;
import dev.re3.codec.Contributions;
import dev.re3.data.Dataset;
import dev.re3.data.Standardizer;
import dev.re3.djl.DjlImport;
import dev.re3.io.ModelJson;
import dev.re3.net.Network;
import dev.re3.net.Standardize;
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
 * re3.explain(x, "virginica");                // the same, reported for another class (or its index)
 * e.completenessDelta();                      // 0 up to rounding: contributions + bias = logits
 * DatasetExplanation all = re3.explainAll(split.train(), split.test());
 * all.summary();                              // regions, purity, shared regions, as tables
 * }</pre>
 *
 * <p><b>Preprocessing belongs to the model.</b> A network trained on standardised data takes standardised
 * inputs. {@link #withStandardizer(Standardizer)} puts the standardizer in front of it as its first layer
 * ({@link Standardize}): every method then takes raw inputs (points, planes and datasets included) with no
 * special case, and explanations are in raw units ({@link Explanation#weight()} {@code = W / sigma}). Model
 * files written by {@code re3 train} start with that layer, so {@link #load(Path)} gives the same.
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

    /**
     * Explains a network as it is; one that starts with a {@link Standardize} layer takes raw inputs (as
     * {@link #withStandardizer} and {@link #load} give them).
     */
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
     * otherwise the {@code re3-model/1} JSON format. A model whose first layer is a {@code standardize} layer (or
     * an older file that records its standardizer in {@code provenance.standardizer}, which reads the same)
     * takes raw inputs.
     */
    public static Re3 load(Path file) {
        Path name = file.getFileName();
        if (name != null && name.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx")) {
            return new Re3(OnnxImport.read(file));
        }
        return new Re3(ModelJson.read(file));
    }

    /**
     * The same network with the standardizer in front as its first layer ({@link Standardize}, {@code
     * (x - mean) / std}): every method takes raw inputs, and explanations are in raw units ({@link
     * Explanation#weight()} {@code = W / sigma}, contributions against the raw {@code 0}, {@link
     * Explanation#relativeToTrainingMean()} against the training mean). Site names behind the new layer shift by
     * one ({@code "1.relu"} becomes {@code "2.relu"}, see {@link #network()}).
     *
     * @throws IllegalArgumentException if the standardizer does not have one mean per input, or the network
     *     starts with a standardize layer already
     */
    public Re3 withStandardizer(Standardizer st) {
        if (st == null) {
            throw new IllegalArgumentException("standardizer: expected a Standardizer, got null (use Re3.of(network)"
                    + " for a network that takes its inputs as they are)");
        }
        if (network.inputShape().length != 1 || st.numFeatures() != network.inputSize()) {
            throw new IllegalArgumentException("standardizer: expected one mean and std per input of the network ("
                    + network.inputSize() + " features), got " + st.numFeatures());
        }
        return new Re3(network.withStandardize(new Standardize(st.means(), st.stds())));
    }

    /**
     * The network every method runs on, its preprocessing included: with a standardizer it starts with a
     * {@link Standardize} layer ({@code network().withoutStandardize()} is the network behind it, which takes
     * standardised inputs).
     */
    public Network network() {
        return network;
    }

    /** The standardizer the network starts with ({@link Network#standardize()}), if any. */
    public java.util.Optional<Standardizer> standardizer() {
        return network.standardize().map(s -> Standardizer.of(s.mean(), s.scale()));
    }

    /**
     * Explains input {@code x}; hidden units and dominant units are reported for the predicted class
     * ({@link Explanation#forClass(int)} reports them for another).
     */
    public Explanation explain(double... x) {
        LocalMaps maps = linearizer.withHidden(true).linearize(new double[][] {network.checkInput(x)});
        return Explanation.of(network, maps, 0);
    }

    /**
     * Explains input {@code x} for class {@code target} (an index {@code 0 .. classes - 1}), as Captum's
     * {@code attribute(inputs, target)}: {@link Explanation#toTable()}, the figures, the hidden-unit
     * contributions and dominant units are those of that class.
     *
     * @throws IllegalArgumentException if {@code target} is not a class index; the message lists the classes
     */
    public Explanation explain(double[] x, int target) {
        return explain(x).forClass(target);
    }

    /** Explains input {@code x} for the class with this name ({@link #explain(double[], int)}). */
    public Explanation explain(double[] x, String target) {
        return explain(x).forClass(target);
    }

    /** The region of input {@code x}: pattern, id, local map, inequalities. */
    public Region region(double... x) {
        return Region.of(network, x);
    }

    /** The local maps of a batch, computed in large chunks. */
    public LocalMaps regions(double[][] xs) {
        return linearizer.linearize(xs);
    }

    /** Dataset-level Re3 over one dataset (raw values with a standardizer, like every input). */
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

    /**
     * Contributions of hidden units to a target for the inputs of a dataset; choose the site with {@link Contributions#at(String)}, then the method, e.g.
     * {@code contributions(data).at("3.relu").integrated(25)}.
     */
    public Contributions contributions(Dataset data) {
        return Contributions.of(network, data);
    }

    /**
     * The activations at the network's sites for a dataset's inputs (raw values through a standardize layer
     * when the model has one), to train sparse autoencoders on and to splice them back in:
     * {@code activations(data).at("1.relu")}, {@code activations(data).splice("1.relu", sae)}.
     */
    public dev.re3.sae.SiteActivations activations(Dataset data) {
        return dev.re3.sae.SiteActivations.of(network, data);
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

    /**
     * Regions within radius {@code r} of {@code x}, counted exactly on random lines and planes, per layer; the
     * radius is in the units of the inputs (raw units with a standardizer).
     */
    public ComplexityResult localComplexity(double[] x, double radius) {
        return LocalComplexity.of(network).around(x, radius);
    }

    /**
     * The local interaction basis of a dense network over a dataset, with the defaults of
     * {@link dev.re3.interaction.InteractionBasis} (jacobian basis, threshold 1e-15, raw logits); from the result
     * come the interaction graph, its modularity and the ablations.
     */
    public dev.re3.interaction.LibResult interactionBasis(Dataset data) {
        return dev.re3.interaction.InteractionBasis.of(network).fit(data.x());
    }

    /**
     * An attribution method by name ({@link dev.re3.attribution.Attributions#of}): {@code gradient},
     * {@code input-x-gradient}, {@code integrated-gradients}, {@code smoothgrad}, {@code guided-backprop},
     * {@code excitation-pullback}, {@code pullback-ascent} or {@code re3}, with its defaults; options are set on
     * the method's own class. It takes the inputs {@link #explain} takes (raw ones, with a standardizer).
     */
    public dev.re3.attribution.Attribution attribution(String method) {
        return dev.re3.attribution.Attributions.of(network, method);
    }

    /** The polytope lens's interpolation experiment: boundary density between same- and different-class pairs. */
    public InterpolationResult interpolations(Dataset data, int pairs, long seed) {
        return InterpolationExperiment.of(network, data).optPairs(pairs).optSeed(seed).run();
    }

    @Override
    public String toString() {
        return "Re3 of " + network + (network.standardize().isPresent()
                ? "(raw inputs: its first layer standardises them)" : "");
    }
}
