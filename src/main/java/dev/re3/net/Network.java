package dev.re3.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An immutable piecewise-linear network: input shape, layers, optional names, and an optional final
 * softmax that is the output link (kept out of the affine part).
 *
 * <p>The layers map an input of shape {@link #inputShape()} to a vector of {@link #outputSize()}
 * logits; with {@link #softmax()} the network's probabilities are {@code softmax(logits)}.
 *
 * <pre>{@code
 * Network net = Network.builder(4)
 *     .dense(w1, b1).relu()
 *     .dense(w2, b2).softmax()
 *     .classes("setosa", "versicolor", "virginica")
 *     .build();
 * double[] logits = net.forward(new double[] {5.1, 3.5, 1.4, 0.2});
 * }</pre>
 */
public final class Network {
    private final int[] inputShape;
    private final List<String> features;
    private final List<String> classes;
    private final List<Layer> layers;
    private final boolean softmax;
    private final List<Site> sites;
    private final int outputSize;

    /**
     * @param inputShape {@code [d]} or {@code [channels, height, width]}
     * @param features one name per input element, or null or empty for {@code x0, x1, ...}
     * @param classes one name per output, or null or empty for {@code 0, 1, ...}
     * @param layers the affine and piecewise-linear layers, at least one; their output must be a vector
     * @param softmax whether a softmax follows as the output link
     */
    public Network(int[] inputShape, List<String> features, List<String> classes, List<Layer> layers, boolean softmax) {
        if (inputShape == null || inputShape.length == 0 || Arrays.stream(inputShape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("inputShape: expected positive sizes, [d] or [channels, height, width], got "
                    + Arrays.toString(inputShape));
        }
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("layers: expected at least one layer, got none");
        }
        this.inputShape = inputShape.clone();
        this.layers = List.copyOf(layers);
        this.softmax = softmax;
        List<Site> all = new ArrayList<>();
        int[] out = collect(this.layers, "", inputShape, all);
        if (out.length != 1) {
            throw new IllegalArgumentException("layers: expected the network to end in a vector of logits, got shape "
                    + Arrays.toString(out) + " (add flatten and dense layers at the end)");
        }
        this.sites = Collections.unmodifiableList(all);
        this.outputSize = out[0];
        this.features = names("features", features, inputSize(), "x");
        this.classes = names("classes", classes, outputSize, "");
    }

    private static int[] collect(List<Layer> layers, String prefix, int[] shape, List<Site> into) {
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String name = prefix + i + "." + layer.type();
            int[] next;
            try {
                next = layer.outputShape(shape);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + name + ": " + e.getMessage(), e);
            }
            into.add(new Site(name, layer, shape, next));
            if (layer instanceof Residual r) {
                for (int b = 0; b < r.branches().size(); b++) {
                    collect(r.branches().get(b), name + "." + b + ".", shape, into);
                }
            }
            shape = next;
        }
        return shape;
    }

    private static List<String> names(String what, List<String> given, int n, String prefix) {
        if (given == null || given.isEmpty()) {
            List<String> generated = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                generated.add(prefix + i);
            }
            return List.copyOf(generated);
        }
        if (given.size() != n) {
            throw new IllegalArgumentException(what + ": expected " + n + " names, got " + given.size());
        }
        return List.copyOf(given);
    }

    public static Builder builder(int... inputShape) {
        return new Builder(inputShape);
    }

    /** The input shape, {@code [d]} or {@code [channels, height, width]}. */
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** Number of input elements, the product of the input shape. */
    public int inputSize() {
        return Checks.size(inputShape);
    }

    /** Number of outputs (classes). */
    public int outputSize() {
        return outputSize;
    }

    public List<String> features() {
        return features;
    }

    public List<String> classes() {
        return classes;
    }

    /** The top-level layers, without the softmax. */
    public List<Layer> layers() {
        return layers;
    }

    /** Whether a softmax follows the logits as the output link. */
    public boolean softmax() {
        return softmax;
    }

    /** Every layer, nested ones included, in forward order with stable names. */
    public List<Site> sites() {
        return sites;
    }

    /** The ReLU and leaky ReLU sites, in forward order: one pattern string each. */
    public List<Site> reluSites() {
        return sites.stream().filter(s -> s.layer().isRelu()).toList();
    }

    /** The site with this name. */
    public Site site(String name) {
        return sites.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no site named '" + name + "'; sites are "
                        + sites.stream().map(Site::name).toList()));
    }

    /**
     * Checks one input: its size and that every value is finite.
     *
     * @return the input, unchanged
     */
    public double[] checkInput(double[] x) {
        if (x == null) {
            throw new IllegalArgumentException("input: expected " + inputSize() + " numbers, got null");
        }
        if (x.length != inputSize()) {
            throw new IllegalArgumentException("input: expected " + inputSize() + " numbers (shape "
                    + Arrays.toString(inputShape) + "), got " + x.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("input: expected finite numbers, got " + x[i] + " at index " + i
                        + " (" + features.get(i) + ")");
            }
        }
        return x;
    }

    /**
     * The logits {@code f(x)} in plain float64, the reference computation.
     *
     * @throws IllegalArgumentException if a layer's output is not finite (weights or inputs that overflow
     *     float64); the message names the first such layer and unit
     */
    public double[] forward(double[] x) {
        double[] v = checkInput(x);
        int[] shape = inputShape;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            v = checkFinite(i + "." + layer.type(), layer.forward(v, shape));
            shape = layer.outputShape(shape);
        }
        return v;
    }

    /**
     * Checks a batch: at least one input, each as {@link #checkInput} wants it.
     *
     * @return the batch, unchanged
     */
    public double[][] checkBatch(double[][] xs) {
        if (xs == null || xs.length == 0) {
            throw new IllegalArgumentException("inputs: expected at least one input of " + inputSize()
                    + " numbers, got " + (xs == null ? "null" : "an empty batch"));
        }
        for (int n = 0; n < xs.length; n++) {
            try {
                checkInput(xs[n]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("input " + n + ": " + e.getMessage(), e);
            }
        }
        return xs;
    }

    /**
     * Checks the output of one site: every value finite.
     *
     * @return the values, unchanged
     * @throws IllegalArgumentException naming the site and the first unit that overflowed float64
     */
    public static double[] checkFinite(String site, double[] values) {
        for (int u = 0; u < values.length; u++) {
            if (!Double.isFinite(values[u])) {
                throw new IllegalArgumentException("layer " + site + ": expected finite values, got " + values[u]
                        + " at unit " + u + " (the input or the weights overflow float64)");
            }
        }
        return values;
    }

    /** The probabilities {@code softmax(f(x))}. */
    public double[] probabilities(double[] x) {
        return softmax(forward(x));
    }

    /** A numerically stable softmax. */
    public static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /**
     * The same network with a {@link Standardize} layer in front, so that it takes raw values: {@code f(x) =
     * net((x - mean) / scale)}. Site names of the layers behind it shift by one ({@code "1.relu"} becomes
     * {@code "2.relu"}); names of features and classes are kept.
     *
     * @throws IllegalArgumentException if the network already starts with one, or the sizes differ
     */
    public Network withStandardize(Standardize standardize) {
        if (standardize == null) {
            throw new IllegalArgumentException("standardize: expected a Standardize layer, got null");
        }
        if (standardize().isPresent()) {
            throw new IllegalArgumentException("standardize: this network starts with a standardize layer already;"
                    + " expected a network that takes standardised inputs (see withoutStandardize())");
        }
        if (standardize.size() != inputSize()) {
            throw new IllegalArgumentException("standardize: expected one mean and scale per input of the network ("
                    + inputSize() + " features), got " + standardize.size());
        }
        List<Layer> all = new ArrayList<>(layers.size() + 1);
        all.add(standardize);
        all.addAll(layers);
        return new Network(inputShape, features, classes, all, softmax);
    }

    /** The {@link Standardize} layer this network starts with, if it does. */
    public java.util.Optional<Standardize> standardize() {
        return layers.get(0) instanceof Standardize s ? java.util.Optional.of(s) : java.util.Optional.empty();
    }

    /**
     * The network behind its leading {@link Standardize} layer, which takes standardised inputs; this network
     * itself when it does not start with one.
     */
    public Network withoutStandardize() {
        if (standardize().isEmpty()) {
            return this;
        }
        if (layers.size() == 1) {
            throw new IllegalArgumentException("standardize: the network is only a standardize layer; nothing is"
                    + " left behind it");
        }
        return new Network(inputShape, features, classes, layers.subList(1, layers.size()), softmax);
    }

    /** The same network with other names. */
    public Network withNames(List<String> features, List<String> classes) {
        return new Network(inputShape, features, classes, layers, softmax);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Network n && Arrays.equals(n.inputShape, inputShape) && n.features.equals(features)
                && n.classes.equals(classes) && n.layers.equals(layers) && n.softmax == softmax;
    }

    @Override
    public int hashCode() {
        return layers.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Network " + Arrays.toString(inputShape) + " -> " + outputSize
                + (softmax ? " (softmax)" : "") + "\n");
        for (Site site : sites) {
            s.append("  ").append(site).append('\n');
        }
        return s.toString();
    }

    /** Builds a network layer by layer; {@link #build()} checks that the shapes fit. */
    public static final class Builder {
        private final int[] inputShape;
        private final List<Layer> layers = new ArrayList<>();
        private List<String> features = List.of();
        private List<String> classes = List.of();
        private boolean softmax;

        private Builder(int[] inputShape) {
            this.inputShape = inputShape.clone();
        }

        public Builder add(Layer layer) {
            if (softmax) {
                throw new IllegalStateException("softmax must be the last layer; cannot add " + layer.type() + " after it");
            }
            layers.add(layer);
            return this;
        }

        /** A {@link Standardize} layer, {@code y_i = (x_i - mean_i) / scale_i}: the input's preprocessing. */
        public Builder standardize(double[] mean, double[] scale) {
            return add(new Standardize(mean, scale));
        }

        public Builder dense(double[][] weight, double[] bias) {
            return add(new Dense(weight, bias));
        }

        public Builder conv2d(double[][][][] weight, double[] bias, int[] stride, int[] padding) {
            return add(new Conv2d(weight, bias, stride, padding));
        }

        public Builder relu() {
            return add(new Relu());
        }

        public Builder leakyRelu(double alpha) {
            return add(new LeakyRelu(alpha));
        }

        public Builder flatten() {
            return add(new Flatten());
        }

        public Builder maxPool(int k) {
            return add(new MaxPool2d(new int[] {k, k}, new int[] {k, k}));
        }

        public Builder avgPool(int k) {
            return add(new AvgPool2d(new int[] {k, k}, new int[] {k, k}));
        }

        public Builder softmax() {
            softmax = true;
            return this;
        }

        public Builder features(String... names) {
            features = List.of(names);
            return this;
        }

        public Builder features(List<String> names) {
            features = List.copyOf(names);
            return this;
        }

        public Builder classes(String... names) {
            classes = List.of(names);
            return this;
        }

        public Builder classes(List<String> names) {
            classes = List.copyOf(names);
            return this;
        }

        public Network build() {
            return new Network(inputShape, features, classes, layers, softmax);
        }
    }
}
