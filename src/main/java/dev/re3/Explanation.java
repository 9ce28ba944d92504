package dev.re3;

import dev.re3.display.Displayable;
import dev.re3.display.HtmlText;
import dev.re3.display.Numbers;
import dev.re3.net.Network;
import dev.re3.net.Standardize;
import dev.re3.data.Standardizer;
import dev.re3.plot.Figure;
import dev.re3.plot.Figures;
import dev.re3.display.HtmlTables;
import dev.re3.region.HiddenLayer;
import dev.re3.region.LocalMaps;
import dev.re3.region.Region;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The Re3 explanation of one input (ReLU Region Reasoning; Barua, Ahmed and Begum, Machine Learning 2026).
 *
 * <p>On the input's region the network is exactly {@code z = W x + b}, so
 * <ul>
 *   <li>feature {@code i} contributes {@code C[c][i] = W[c][i] x_i} to logit {@code c}, and
 *       {@code sum_i C[c][i] + b_c = z_c} exactly ({@link #completenessDelta()});</li>
 *   <li>to first order, it contributes {@code P[c][i] = sum_k J[c][k] C[k][i]} to probability {@code c},
 *       with {@code J = diag(p) - p p^T} the softmax Jacobian;</li>
 *   <li>between two classes, {@code log(p_a / p_b) = sum_i (W[a][i] - W[b][i]) x_i + b_a - b_b} exactly
 *       ({@link #logOdds(int, int)});</li>
 *   <li>hidden unit {@code u} of a ReLU layer with activation {@code h_u} contributes {@code h_u V[c][u]} to
 *       logit {@code c}, where {@code V} is its effective downstream weight; with the downstream bias terms
 *       these sum exactly to the logit ({@link HiddenLayer}).</li>
 * </ul>
 * Shapes: {@code W} and {@code C} are {@code [classes][features]}.
 *
 * <p><b>Baseline.</b> {@code C[c][i] = W[c][i] x_i} measures feature {@code i} against the input {@code 0}.
 * For a network trained on standardised data that is the training mean, the usual baseline of SHAP and
 * Captum. Through {@link Re3#withStandardizer} the input is raw: {@link #weight()} and {@link #bias()} are then
 * in raw units ({@code W_raw = W / sigma}), {@link #contributions()} are against the raw input {@code 0}, and
 * {@link #relativeToTrainingMean()} gives the contributions against the training mean, equal to those of the
 * standardised network. {@link #relativeTo(double...)} takes any baseline.
 *
 * <p>Raw values: {@link #input()}, {@link #weight()}, {@link #bias()}, {@link #logits()},
 * {@link #probabilities()}, {@link #contributions()}, {@link #probabilityContributions()}, {@link #hidden()};
 * tables round them to four significant digits for reading.
 *
 * <p>Figures: {@link #plot()} (contribution bars, or a heatmap over an image input), {@link #plotWaterfall()},
 * {@link #plotMap()}, {@link #plotActivations()}, {@link #plotLogOdds(int, int)}. In a notebook the
 * explanation shows itself as a summary, its table and {@link #plot()} ({@link #toHtml()}).
 */
public final class Explanation implements Displayable {
    private final Network network;
    private final Region region;
    private final double[] x;
    private final double[] probabilities;
    private final int target;
    private final List<HiddenLayer> hidden;
    private final double[][] contributions;
    private final double[][] weight;
    private final double[] bias;

    /**
     * The explanation of {@code region}'s input for class {@code target}, with the contributions
     * {@code W[c][i] x[i]} the linearizer wrote ({@link LocalMaps#contributions(int)}, {@code [classes][inputs]},
     * owned by this explanation from here on). When the network starts with a
     * {@link Standardize} layer its map is already in raw units, {@code W_raw[c][i] = W[c][i] / sigma_i} and
     * {@code b_raw[c] = b[c] - sum_i W[c][i] mu_i / sigma_i}, as the engine carries it through that layer.
     */
    Explanation(Network network, Region region, double[][] contributions, List<HiddenLayer> hidden, int target) {
        this.network = network;
        this.region = region;
        this.x = region.input();
        this.probabilities = Network.softmax(region.logits());
        this.hidden = new HiddenLayers(List.copyOf(hidden));
        int classes = network.outputSize();
        if (target < 0 || target >= classes) {
            throw new IllegalArgumentException("target class: expected an index 0 to " + (classes - 1) + " or a name of "
                    + network.classes() + ", got " + target);
        }
        this.target = target;
        this.weight = region.weight();
        this.bias = region.bias();
        // as the linearizer wrote them, W[c][i] x[i], not computed again
        this.contributions = contributions;
    }

    /**
     * The explanation of input {@code n} of a batch, for its predicted class. Hidden layers are reported
     * when the batch was linearised with {@link dev.re3.region.Linearizer#withHidden(boolean)}.
     */
    public static Explanation of(Network network, LocalMaps maps, int n) {
        if (n < 0 || n >= maps.size()) {
            throw new IllegalArgumentException("input index: expected 0 to " + (maps.size() - 1) + ", got " + n);
        }
        return new Explanation(network, Region.of(network, maps, n), maps.contributions(n), maps.hidden(n),
                maps.predicted(n));
    }

    /** The same explanation with hidden and dominant units reported for class {@code c}. */
    public Explanation forClass(int c) {
        return new Explanation(network, region, contributions, hidden, c);
    }

    /** The same explanation for the class with this name. */
    public Explanation forClass(String name) {
        int c = network.classes().indexOf(name);
        if (c < 0) {
            throw new IllegalArgumentException("target class: expected one of " + network.classes() + ", got '" + name
                    + "'");
        }
        return forClass(c);
    }

    public Network network() {
        return network;
    }

    /** The input's region: pattern, id, local map, inequalities. */
    public Region region() {
        return region;
    }

    /** The input as given: raw values when the network starts with a {@link Standardize} layer, {@code [features]}. */
    public double[] input() {
        return x.clone();
    }

    /**
     * The input behind the network's {@link Standardize} layer: {@link #input()} standardised when there is one,
     * else {@link #input()}, {@code [features]}.
     */
    public double[] networkInput() {
        return network.standardize().map(s -> s.forward(x, network.inputShape())).orElse(x.clone());
    }

    /** The standardizer the network starts with, if any ({@link Re3#withStandardizer}). */
    public java.util.Optional<Standardizer> standardizer() {
        return network.standardize().map(s -> Standardizer.of(s.mean(), s.scale()));
    }

    /**
     * The largest distance of the input from the training mean, in standard deviations: {@code max_i
     * |(x_i - mu_i) / sigma_i|}; 0 without a standardizer.
     */
    public double farthestFromTrainingMean() {
        return network.standardize().isPresent() ? Standardize.farthest(networkInput()) : 0;
    }

    /**
     * A warning when the input lies far outside the training data, more than {@code FAR = 10} standard deviations
     * from the training mean in some feature (a value in other units, or standardised twice), naming the feature;
     * empty otherwise. Such an explanation is exact for the network but says little about the data it learnt.
     */
    public java.util.Optional<String> warning() {
        if (network.standardize().isEmpty()) {
            return java.util.Optional.empty();
        }
        double[] z = networkInput();
        int worst = 0;
        for (int i = 1; i < z.length; i++) {
            if (Math.abs(z[i]) > Math.abs(z[worst])) {
                worst = i;
            }
        }
        if (!(Math.abs(z[worst]) > FAR)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(String.format(Locale.ROOT, "warning: %s = %s is %.1f standard deviations from the"
                        + " training mean, far outside the training data (other units, or standardised twice?)",
                network.features().get(worst), Numbers.format(x[worst]), Math.abs(z[worst])));
    }

    /** Standard deviations from the training mean beyond which {@link #warning()} speaks. */
    public static final double FAR = 10;

    /**
     * The local map {@code W} in the units of {@link #input()}, {@code [classes][features]}: {@code logits = W x + b}
     * on the region. With a standardizer it is {@code W_net / sigma}; {@link #region()} holds the network's own.
     */
    public double[][] weight() {
        return Arrays.stream(weight).map(double[]::clone).toArray(double[][]::new);
    }

    public List<String> features() {
        return network.features();
    }

    public List<String> classes() {
        return network.classes();
    }

    public double[] logits() {
        return region.logits();
    }

    /** {@code softmax(z)}. */
    public double[] probabilities() {
        return probabilities.clone();
    }

    /** The predicted class (largest logit, first on ties). */
    public int predicted() {
        double[] z = region.logits();
        int best = 0;
        for (int c = 1; c < z.length; c++) {
            if (z[c] > z[best]) {
                best = c;
            }
        }
        return best;
    }

    public String predictedClass() {
        return network.classes().get(predicted());
    }

    /** The class whose hidden-unit contributions and dominant units are reported; the prediction by default. */
    public int target() {
        return target;
    }

    /** {@code C[c][i] = W[c][i] x_i}, {@code [classes][features]}. */
    public double[][] contributions() {
        return Arrays.stream(contributions).map(double[]::clone).toArray(double[][]::new);
    }

    /** Contributions to one class's logit, {@code [features]}. */
    public double[] contributions(int c) {
        return contributions[c].clone();
    }

    /**
     * The bias terms {@code b} of the map in the units of {@link #input()}, {@code [classes]}: the logits at
     * the input {@code 0}, extended affinely from this region.
     */
    public double[] bias() {
        return bias.clone();
    }

    /** {@code max_c |sum_i C[c][i] + b_c - z_c|}: the explanation's self-check, zero up to rounding. */
    public double completenessDelta() {
        double[] z = region.logits();
        double[] b = bias;
        double worst = 0;
        for (int c = 0; c < z.length; c++) {
            double s = b[c];
            for (double v : contributions[c]) {
                s += v;
            }
            worst = Math.max(worst, Math.abs(s - z[c]));
        }
        return worst;
    }

    /** The softmax Jacobian {@code J = diag(p) - p p^T}, {@code [classes][classes]}. */
    public double[][] softmaxJacobian() {
        int k = probabilities.length;
        double[][] j = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                j[a][b] = (a == b ? probabilities[a] : 0) - probabilities[a] * probabilities[b];
            }
        }
        return j;
    }

    /** First-order probability contributions {@code P = J C}, {@code [classes][features]}. */
    public double[][] probabilityContributions() {
        double[][] j = softmaxJacobian();
        int k = probabilities.length;
        double[][] p = new double[k][x.length];
        for (int c = 0; c < k; c++) {
            for (int m = 0; m < k; m++) {
                double jcm = j[c][m];
                for (int i = 0; i < x.length; i++) {
                    p[c][i] += jcm * contributions[m][i];
                }
            }
        }
        return p;
    }

    /** The bias's first-order probability term {@code J b}, {@code [classes]}. */
    public double[] probabilityBias() {
        double[][] j = softmaxJacobian();
        double[] b = bias;
        double[] out = new double[b.length];
        for (int c = 0; c < b.length; c++) {
            for (int m = 0; m < b.length; m++) {
                out[c] += j[c][m] * b[m];
            }
        }
        return out;
    }

    /** Exact log-odds contributions of class {@code a} against class {@code b}. */
    public LogOdds logOdds(int a, int b) {
        int k = network.outputSize();
        if (a < 0 || a >= k || b < 0 || b >= k) {
            throw new IllegalArgumentException("log-odds classes: expected two indices 0 to " + (k - 1) + " of "
                    + network.classes() + ", got " + a + " and " + b);
        }
        if (a == b) {
            throw new IllegalArgumentException("log-odds classes: expected two different classes, got " + a + " ("
                    + network.classes().get(a) + ") twice; the log-odds of a class against itself is 0");
        }
        double[] c = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            c[i] = contributions[a][i] - contributions[b][i];
        }
        double[] z = region.logits();
        return new LogOdds(network.classes().get(a), network.classes().get(b), network.features(), c, bias[a] - bias[b],
                z[a] - z[b]);
    }

    /**
     * Contributions against the baseline {@code x0} (in the units of {@link #input()}):
     * {@code W[c][i] (x_i - x0_i)}, with {@code f(x0)} computed by the network, so that they sum to
     * {@code f(x) - f(x0)} when {@code x0} is in this region ({@link Baseline#completenessDelta()} says how far they fall
     * short when it is not). {@link #contributions()} are those against the input {@code 0}.
     *
     * @throws IllegalArgumentException if {@code x0} does not have one value per feature
     */
    public Baseline relativeTo(double... x0) {
        if (x0 == null || x0.length != x.length) {
            throw new IllegalArgumentException("baseline: expected " + x.length + " values (one per feature: "
                    + abbreviated(network.features()) + "), got " + (x0 == null ? "null" : x0.length));
        }
        Region r0 = Region.of(network, x0);
        double[][] c = new double[weight.length][x.length];
        for (int k = 0; k < c.length; k++) {
            for (int i = 0; i < x.length; i++) {
                c[k][i] = weight[k][i] * (x[i] - x0[i]);
            }
        }
        return new Baseline(network.features(), network.classes(), target, x, x0, c, region.logits(),
                r0.logits(), r0.id().equals(region.id()));
    }

    /**
     * {@link #relativeTo(double...)} the training mean recorded in the {@link #standardizer()}: the raw-unit
     * contributions of the standardised network, {@code W_net[c][i] (x_i - mu_i) / sigma_i}.
     *
     * @throws IllegalStateException if the explanation has no standardizer (give the mean to
     *     {@link #relativeTo(double...)}, e.g. {@code train.means()})
     */
    public Baseline relativeToTrainingMean() {
        if (network.standardize().isEmpty()) {
            throw new IllegalStateException("training mean: this explanation has no standardizer, so the training mean"
                    + " is not known here; give it as e.relativeTo(train.means()), or explain through"
                    + " Re3.of(net).withStandardizer(st)");
        }
        return relativeTo(network.standardize().get().mean());
    }

    private static String abbreviated(List<String> names) {
        return names.size() <= 8 ? String.join(", ", names) : String.join(", ", names.subList(0, 8)) + ", ...";
    }

    /**
     * Every top-level hidden ReLU layer: activations, downstream weights and bias. The list is unmodifiable;
     * {@code get(i)} beyond the last layer says how many hidden layers the network has.
     */
    public List<HiddenLayer> hidden() {
        return hidden;
    }

    /** An unmodifiable list of hidden layers whose index errors name the layers. */
    private static final class HiddenLayers extends java.util.AbstractList<HiddenLayer> implements java.util.RandomAccess {
        private final List<HiddenLayer> layers;

        HiddenLayers(List<HiddenLayer> layers) {
            this.layers = layers;
        }

        @Override
        public HiddenLayer get(int i) {
            if (i < 0 || i >= layers.size()) {
                List<String> names = layers.stream().map(h -> h.site().name()).toList();
                throw new IndexOutOfBoundsException("hidden layer: expected an index "
                        + (layers.isEmpty() ? "of none (the network has no hidden layer)"
                                : "0 to " + (layers.size() - 1) + " (the network has " + layers.size() + " hidden layer"
                                + (layers.size() == 1 ? "" : "s") + ": " + abbreviated(names) + ")")
                        + ", got " + i);
            }
            return layers.get(i);
        }

        @Override
        public int size() {
            return layers.size();
        }
    }

    /** Share of active units per hidden layer, in forward order. */
    public double[] sparsity() {
        return hidden.stream().mapToDouble(HiddenLayer::sparsity).toArray();
    }

    /**
     * The {@code k} hidden units with the largest {@code |h_u V[target][u]|} in each hidden layer, as a table
     * with columns layer, unit, activation, downstreamWeight, contribution.
     */
    public Table dominantUnits(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k: expected at least 1 unit per layer, got " + k);
        }
        StringColumn layer = StringColumn.create("layer");
        IntColumn unit = IntColumn.create("unit");
        DoubleColumn act = DoubleColumn.create("activation");
        DoubleColumn weight = DoubleColumn.create("downstreamWeight");
        DoubleColumn contribution = DoubleColumn.create("contribution");
        for (HiddenLayer h : hidden) {
            double[] c = h.contributions(target);
            List<Integer> order = new ArrayList<>();
            for (int u = 0; u < c.length; u++) {
                order.add(u);
            }
            order.sort(Comparator.comparingDouble((Integer u) -> -Math.abs(c[u])).thenComparingInt(u -> u));
            for (int u : order.subList(0, Math.min(k, order.size()))) {
                layer.append(h.site().name());
                unit.append(u);
                act.append(h.activation()[u]);
                weight.append(h.downstreamWeight()[target][u]);
                contribution.append(c[u]);
            }
        }
        return Numbers.readable(Table.create("dominant units for class " + network.classes().get(target), layer, unit,
                act, weight, contribution));
    }

    /**
     * One row per feature: its value, its contribution to the target class's logit and probability, and its
     * local weight; sorted as the features are.
     */
    public Table toTable() {
        double[][] p = probabilityContributions();
        double[][] w = weight;
        DoubleColumn value = DoubleColumn.create("value", x);
        DoubleColumn weight = DoubleColumn.create("weight", w[target]);
        DoubleColumn logit = DoubleColumn.create("logitContribution", contributions[target]);
        DoubleColumn prob = DoubleColumn.create("probabilityContribution", p[target]);
        return Numbers.readable(Table.create("contributions to class " + network.classes().get(target),
                StringColumn.create("feature", network.features()), value, weight, logit, prob));
    }

    /** Contributions of every feature (rows) to every class's logit (columns), plus a bias row. */
    public Table contributionTable() {
        StringColumn feature = StringColumn.create("feature", network.features());
        feature.append("(bias)");
        Table t = Table.create("logit contributions", feature);
        double[] b = bias;
        for (int c = 0; c < contributions.length; c++) {
            DoubleColumn col = DoubleColumn.create(network.classes().get(c), contributions[c]);
            col.append(b[c]);
            t.addColumns(col);
        }
        return Numbers.readable(t);
    }

    private boolean isImage() {
        return network.inputShape().length == 3;
    }

    private String targetDescription() {
        String cls = network.classes().get(target);
        double p = probabilities[target];
        return String.format(Locale.ROOT, "%s (%s, p = " + (p >= 1e-3 ? "%.4f" : "%.2e") + ")", cls,
                target == predicted() ? "predicted" : "predicted: " + predictedClass(), p);
    }

    /**
     * The natural figure: for a vector input the contribution bars of the target class
     * ({@link #plotContributions()}), for an image input the contribution heatmap beside the image
     * ({@link #plotImage()}).
     */
    public Figure plot() {
        return isImage() ? plotImage() : plotContributions();
    }

    /**
     * Signed bars of {@code C[target][i] = W[target][i] x_i}, largest first, each feature labelled with its
     * value; the subtitle gives {@code logit = bias + sum}. More than 30 features: the 20 largest and the
     * rest summed.
     */
    public Figure plotContributions() {
        double[] z = region.logits();
        return Figures.contributions("Contributions to the logit of " + targetDescription(), valueLabels(),
                contributions[target], bias[target], z[target]);
    }

    /**
     * The contributions to the target class over the image, beside the image (RdBu centred on zero).
     *
     * @throws IllegalArgumentException for a vector input (use {@link #plotContributions()}, or
     *     {@link #plotImage(int...)} to view it as an image)
     */
    public Figure plotImage() {
        if (!isImage()) {
            throw new IllegalArgumentException("image heatmap: expected an image input [channels, height, width], got "
                    + "input shape " + Arrays.toString(network.inputShape())
                    + " (use plotContributions(), or plotImage(channels, height, width) to view the input as an image)");
        }
        return plotImage(network.inputShape());
    }

    /**
     * {@link #plotImage()} for an input given to the network flat, e.g. {@code plotImage(1, 28, 28)} for an
     * MLP on MNIST.
     *
     * @param shape {@code [channels, height, width]}, whose product is the number of inputs
     */
    public Figure plotImage(int... shape) {
        return Figures.imageHeatmap("Contributions to the logit of " + targetDescription(), imageShape(shape), x,
                contributions[target]);
    }

    private int[] imageShape(int[] shape) {
        if (shape == null || shape.length != 3 || Arrays.stream(shape).anyMatch(d -> d < 1)
                || (long) shape[0] * shape[1] * shape[2] != x.length) {
            throw new IllegalArgumentException("image shape: expected [channels, height, width] with " + x.length
                    + " elements in all, got " + Arrays.toString(shape));
        }
        return shape.clone();
    }

    /** A waterfall from the target class's bias to its logit, one step per feature (the 20 largest beyond 30). */
    public Figure plotWaterfall() {
        double[] z = region.logits();
        return Figures.waterfall("From bias to logit: " + targetDescription(), valueLabels(), contributions[target],
                bias[target], z[target]);
    }

    /**
     * The local map {@code W} of the input's region: one panel per class for an image input, a classes x
     * features heatmap for a vector input.
     */
    public Figure plotMap() {
        return Figures.weightsPerClass("Local map W of region " + region.id(), network.inputShape(), network.classes(),
                network.features(), weight);
    }

    /**
     * {@link #plotMap()} with the input viewed as an image, one panel per class, e.g. {@code plotMap(1, 28, 28)}
     * for an MLP on MNIST.
     *
     * @param shape {@code [channels, height, width]}, whose product is the number of inputs
     */
    public Figure plotMap(int... shape) {
        return Figures.weightsPerClass("Local map W of region " + region.id(), imageShape(shape), network.classes(),
                network.features(), weight);
    }

    /**
     * The activations of every top-level hidden ReLU layer as a layer x unit heatmap (white: unit off).
     *
     * @throws IllegalArgumentException if no hidden layer is reported (no top-level ReLU, or maps computed
     *     without {@code Linearizer.withHidden(true)})
     */
    public Figure plotActivations() {
        if (hidden.isEmpty()) {
            throw new IllegalArgumentException("activation pattern: nothing to draw: expected hidden ReLU layers, got none "
                    + "(the network has no top-level ReLU layer, or its maps were computed without "
                    + "Linearizer.withHidden(true); Re3.explain(x) reports them)");
        }
        List<String> names = hidden.stream().map(h -> h.site().name()).toList();
        double[][] act = hidden.stream().map(HiddenLayer::activation).toArray(double[][]::new);
        int active = hidden.stream().mapToInt(HiddenLayer::activeUnits).sum();
        int units = act.length == 0 ? 0 : Arrays.stream(act).mapToInt(a -> a.length).sum();
        return Figures.activationPattern(String.format(Locale.ROOT, "Hidden activations of region %s: %d of %d units on",
                region.id(), active, units), names, act, "activation");
    }

    /** Bars of the exact log-odds contributions of class {@code a} against class {@code b} ({@link LogOdds#plot()}). */
    public Figure plotLogOdds(int a, int b) {
        return logOdds(a, b).plot();
    }

    /** Feature names with their values, e.g. {@code "petal_length = 1.4"}. */
    private List<String> valueLabels() {
        List<String> names = network.features();
        List<String> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            out.add(names.get(i) + " = " + Numbers.format(x[i]));
        }
        return out;
    }

    /** {@link #toString()}: the summary line and, up to 64 features, the contribution table. */
    @Override
    public String toText() {
        return toString();
    }

    /**
     * A summary line, the contribution table (up to 64 features; beyond, the 10 largest contributions) and
     * {@link #plot()}.
     */
    @Override
    public String toHtml() {
        StringBuilder s = new StringBuilder("<div class=\"re3-explanation\">\n");
        s.append(String.format(Locale.ROOT, "<p style=\"font-family:sans-serif;font-size:13px;margin:4px 0;\"><b>"
                        + "predicted %s</b> (p = %.4f), region <code>%s</code>, reconstruction error %.2e, "
                        + "completeness delta %.2e</p>%n", HtmlText.escape(predictedClass()), probabilities[predicted()],
                region.id(), region.reconstructionError(), completenessDelta()));
        warning().ifPresent(w -> s.append("<p style=\"font-family:sans-serif;font-size:13px;margin:4px 0;color:#b2182b;\">")
                .append(HtmlText.escape(w)).append("</p>\n"));
        Table t = toTable();
        if (x.length <= 64) {
            s.append(HtmlTables.of(t, 64));
        } else {
            double[] c = contributions[target];
            Integer[] order = new Integer[c.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -Math.abs(c[i])));
            Table top = t.emptyCopy();
            for (int k = 0; k < 10; k++) {
                top.addRow(order[k], t);
            }
            top.setName("the 10 largest of " + x.length + " contributions to class " + network.classes().get(target));
            s.append(HtmlTables.of(top, 10));
        }
        s.append(plot().toHtml());
        return s.append("</div>\n").toString();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("predicted %s (p = %.4f), region %s, reconstruction error %.2e%n", predictedClass(),
                probabilities[predicted()], region.id(), region.reconstructionError()));
        warning().ifPresent(w -> s.append(w).append('\n'));
        if (x.length <= 64) {
            s.append(toTable().printAll());
        } else {
            s.append(x.length).append(" features; toTable() lists them");
        }
        return s.toString();
    }
}
