package dev.re3.polytope;

import dev.re3.display.HtmlTables;
import dev.re3.data.Dataset;
import dev.re3.display.Displayable;
import dev.re3.net.Network;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The spline codes of a dataset ({@link SplineCode}: every ReLU unit's on/off state, all layers
 * concatenated), their distances, and clusterings to test the polytope lens's claim that clusters of
 * spline codes are monosemantic (Black, Sharkey et al., "Interpreting Neural Networks through the
 * Polytope Lens", 2022): k-medoids on Hamming or Jaccard distances between codes, against k-means on the
 * hidden activations and a random assignment, scored by purity against the labels.
 *
 * <pre>{@code
 * SplineCodes codes = SplineCodes.of(net, Datasets.digits());
 * codes.hamming(0, 1);                     // units whose state differs
 * codes.compare(10, 7);                    // purity of each method, k = 10, seed 7
 * codes.kMedoids(10, Distance.HAMMING, 7).toTable();
 * }</pre>
 */
public final class SplineCodes implements Displayable {
    /** The distance between two spline codes. */
    public enum Distance {
        /** Units whose state differs ({@link SplineCode#hamming}). */
        HAMMING,
        /** {@code 1 - |on in both| / |on in either|} ({@link SplineCode#jaccard}). */
        JACCARD
    }

    private static final int ITERATIONS = 100;

    private final Network network;
    private final double[][] x;
    private final int[] labels;
    private final List<String> classes;
    private final SplineCode[] codes;
    private final int[] predicted;

    private SplineCodes(Network network, double[][] x, int[] labels, List<String> classes) {
        this.network = network;
        this.x = x;
        this.labels = labels;
        this.classes = List.copyOf(classes);
        this.codes = new SplineCode[x.length];
        this.predicted = new int[x.length];
        IntStream.range(0, x.length).parallel().forEach(i -> {
            Forward.Record r = Forward.run(network, x[i], false);
            int units = r.pre().stream().mapToInt(z -> z.length).sum();
            boolean[] on = new boolean[units];
            int u = 0;
            for (double[] z : r.pre()) {
                for (double v : z) {
                    on[u++] = v > 0;
                }
            }
            codes[i] = new SplineCode(Choices.pack(on), units);
            predicted[i] = argmax(r.logits());
        });
    }

    /** The spline codes of a dataset's inputs, with its labels. */
    public static SplineCodes of(Network network, Dataset data) {
        return of(network, data.x(), data.labels(), data.classes());
    }

    /**
     * @param x inputs {@code [n][inputSize]}, at least one
     * @param labels one label per input in {@code [0, classes.size())}
     * @param classes the label names
     */
    public static SplineCodes of(Network network, double[][] x, int[] labels, List<String> classes) {
        if (network == null) {
            throw new IllegalArgumentException("network: expected a Network, got null");
        }
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException("inputs: expected at least one input, got none");
        }
        if (labels == null || labels.length != x.length) {
            throw new IllegalArgumentException("labels: expected one per input (" + x.length + "), got "
                    + (labels == null ? "null" : labels.length));
        }
        for (int i = 0; i < x.length; i++) {
            Inputs.fits(network, "input " + i, x[i]);
            if (labels[i] < 0 || labels[i] >= classes.size()) {
                throw new IllegalArgumentException("labels: expected labels in [0, " + classes.size() + "), got "
                        + labels[i] + " at input " + i);
            }
        }
        return new SplineCodes(network, x.clone(), labels.clone(), classes);
    }

    private static int argmax(double[] f) {
        int best = 0;
        for (int c = 1; c < f.length; c++) {
            if (f[c] > f[best]) {
                best = c;
            }
        }
        return best;
    }

    public Network network() {
        return network;
    }

    /** Number of inputs. */
    public int size() {
        return codes.length;
    }

    /** Number of ReLU units, the length of every code. */
    public int units() {
        return codes[0].length();
    }

    public SplineCode code(int i) {
        return codes[i];
    }

    public List<SplineCode> codes() {
        return List.of(codes);
    }

    public int[] labels() {
        return labels.clone();
    }

    /** The network's predicted class of input {@code i}. */
    public int predicted(int i) {
        return predicted[i];
    }

    /** Number of distinct spline codes: the ReLU-layer polytopes the inputs fall in. */
    public int distinct() {
        return new HashSet<>(List.of(codes)).size();
    }

    public int hamming(int i, int j) {
        return SplineCode.hamming(codes[i], codes[j]);
    }

    public double jaccard(int i, int j) {
        return SplineCode.jaccard(codes[i], codes[j]);
    }

    public double distance(Distance d, int i, int j) {
        return d == Distance.HAMMING ? hamming(i, j) : jaccard(i, j);
    }

    /**
     * k-medoids on spline-code distances ({@link KMedoids}: alternation from a k-medoids++ start).
     *
     * @param k clusters, in {@code [1, size()]}
     */
    public Clustering kMedoids(int k, Distance distance, long seed) {
        checkK(k);
        KMedoids.Result r = KMedoids.run(size(), k, (i, j) -> distance(distance, i, j), seed, ITERATIONS);
        return new Clustering("k-medoids (" + distance.name().toLowerCase(Locale.ROOT) + ")", k, seed, r.assignment(),
                r.medoids(), r.cost(), Clustering.purity(r.assignment(), labels, k, classes.size()), labels, classes);
    }

    /**
     * k-means on the hidden activations (every ReLU site's outputs, concatenated), for comparison: the
     * direction-based view the polytope lens argues against ({@link KMeans}: Lloyd from k-means++).
     */
    public Clustering kMeans(int k, long seed) {
        checkK(k);
        float[][] h = new float[size()][];
        IntStream.range(0, size()).parallel().forEach(i -> {
            Forward.Record r = Forward.run(network, x[i], true);
            int n = r.post().stream().mapToInt(a -> a.length).sum();
            float[] row = new float[n];
            int u = 0;
            for (double[] a : r.post()) {
                for (double v : a) {
                    row[u++] = (float) v;
                }
            }
            h[i] = row;
        });
        KMeans.Result r = KMeans.run(h, k, seed, ITERATIONS);
        return new Clustering("k-means (activations)", k, seed, r.assignment(), new int[0], r.cost(),
                Clustering.purity(r.assignment(), labels, k, classes.size()), labels, classes);
    }

    /** A uniformly random assignment to {@code k} clusters: the purity of chance. */
    public Clustering random(int k, long seed) {
        checkK(k);
        SplittableRandom r = new SplittableRandom(seed);
        int[] a = new int[size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextInt(k);
        }
        return new Clustering("random", k, seed, a, new int[0], Double.NaN,
                Clustering.purity(a, labels, k, classes.size()), labels, classes);
    }

    /** Purity of k-medoids (Hamming, Jaccard), k-means on activations, and random clusters, for one k and seed. */
    public Table compare(int k, long seed) {
        List<Clustering> all = List.of(kMedoids(k, Distance.HAMMING, seed), kMedoids(k, Distance.JACCARD, seed),
                kMeans(k, seed), random(k, seed));
        StringColumn method = StringColumn.create("method");
        IntColumn kc = IntColumn.create("k");
        DoubleColumn purity = DoubleColumn.create("purity");
        DoubleColumn cost = DoubleColumn.create("cost");
        for (Clustering c : all) {
            method.append(c.method());
            kc.append(k);
            purity.append(c.purity());
            cost.append(c.cost());
        }
        return Table.create("cluster purity against the labels").addColumns(method, kc, purity, cost);
    }

    private void checkK(int k) {
        if (k < 1 || k > size()) {
            throw new IllegalArgumentException("k: expected a number of clusters in [1, " + size() + "], got " + k);
        }
    }

    /** One row per input: label, predicted class, active units. */
    public Table toTable() {
        IntColumn index = IntColumn.create("input");
        StringColumn label = StringColumn.create("label");
        StringColumn pred = StringColumn.create("predicted");
        IntColumn active = IntColumn.create("active");
        for (int i = 0; i < size(); i++) {
            index.append(i);
            label.append(classes.get(labels[i]));
            pred.append(predicted[i] < classes.size() ? classes.get(predicted[i]) : Integer.toString(predicted[i]));
            active.append(codes[i].active());
        }
        return Table.create("spline codes").addColumns(index, label, pred, active);
    }

    @Override
    public String toText() {
        return String.format(Locale.ROOT, "Spline codes of %d inputs over %d ReLU units: %d distinct%n", size(), units(),
                distinct());
    }

    @Override
    public String toHtml() {
        return "<div>" + HtmlTables.paragraph(toText()) + HtmlTables.of(toTable(), 20) + "</div>";
    }

    @Override
    public String toString() {
        return toText();
    }
}
