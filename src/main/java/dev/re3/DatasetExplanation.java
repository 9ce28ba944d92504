package dev.re3;

import dev.re3.data.Dataset;
import dev.re3.display.Progress;
import dev.re3.display.Displayable;
import dev.re3.display.Numbers;
import dev.re3.net.Network;
import dev.re3.net.Site;
import dev.re3.plot.Figure;
import dev.re3.plot.Figures;
import dev.re3.display.HtmlTables;
import dev.re3.region.Linearizer;
import dev.re3.region.LocalMaps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Re3 over a dataset: how the inputs fall into linear regions and what drives the predictions overall.
 *
 * <ul>
 *   <li>regions: distinct activation patterns, their sizes, and their purity (share of the region's
 *       inputs whose true label is the region's majority label);</li>
 *   <li>with a train and a test set: regions shared between them (test inputs whose region holds a
 *       training input too);</li>
 *   <li>global feature importance: the mean over inputs of {@code |W[c][i] x_i|} for the predicted class
 *       {@code c}, and per class;</li>
 *   <li>per hidden layer: mean share of active units, and dead units (never active on these inputs).</li>
 * </ul>
 * Every local map is checked: {@link #maxReconstructionError()}.
 *
 * <p>Figures: {@link #plot()} (regions by size and purity), {@link #plotRegionSizes()},
 * {@link #plotFeatureImportance()}, {@link #plotLayers()}, {@link #plotActivations()}.
 */
public final class DatasetExplanation implements Displayable {
    /** The split name of training inputs in {@link Re3#explainAll(Dataset, Dataset)}. */
    public static final String TRAIN = "train";
    /** The split name of test inputs in {@link Re3#explainAll(Dataset, Dataset)}. */
    public static final String TEST = "test";
    /** The split name of the inputs in {@link Re3#explainAll(Dataset)}. */
    public static final String DATA = "data";

    private final Network network;
    private final List<String> regionIds = new ArrayList<>();
    private final List<String> split = new ArrayList<>();
    private final List<Integer> labels = new ArrayList<>();
    private final List<Integer> predictions = new ArrayList<>();
    private final double[][] absContribution;
    private final double[] absPredicted;
    private final long[][] activeCounts;
    private double maxError;
    private final double[] baseline;
    private final Linearizer linearizer;
    private final Map<String, Dataset> parts;

    /**
     * The input contributions are measured against: the training mean when the network starts with a
     * standardize layer (so that they equal the standardised network's own {@code W z}), else {@code 0}.
     */
    static double[] baseline(Network network) {
        return network.standardize().map(s -> s.mean()).orElse(new double[network.inputSize()]);
    }

    private DatasetExplanation(Network network, Linearizer linearizer, Map<String, Dataset> parts) {
        this.network = network;
        this.linearizer = linearizer;
        this.parts = new LinkedHashMap<>(parts);
        this.baseline = baseline(network);
        int c = network.outputSize();
        int d = network.inputSize();
        this.absContribution = new double[c][d];
        this.absPredicted = new double[d];
        List<Site> relus = network.reluSites();
        this.activeCounts = new long[relus.size()][];
        for (int l = 0; l < relus.size(); l++) {
            activeCounts[l] = new long[relus.get(l).units()];
        }
    }

    static DatasetExplanation of(Network network, Linearizer linearizer, Map<String, Dataset> parts) {
        long total = 0;
        for (Dataset data : parts.values()) {
            if (data.size() == 0) {
                throw new IllegalArgumentException("dataset '" + data.name() + "': expected at least one input, got none");
            }
            if (data.numFeatures() != network.inputSize()) {
                throw new IllegalArgumentException("dataset '" + data.name() + "': expected " + network.inputSize()
                        + " features per input, got " + data.numFeatures());
            }
            total += data.size();
        }
        DatasetExplanation e = new DatasetExplanation(network, linearizer, parts);
        try (Progress progress = Progress.start("explaining", total)) {
            for (Map.Entry<String, Dataset> part : parts.entrySet()) {
                int[] y = part.getValue().labels();
                Dataset data = part.getValue();
                linearizer.forEachChunk(data.x(), (offset, maps) -> {
                    e.add(part.getKey(), maps, data, y, offset);
                    progress.advance(maps.size());
                });
            }
        }
        return e;
    }

    private void add(String splitName, LocalMaps maps, Dataset data, int[] y, int offset) {
        int d = maps.inputs();
        for (int n = 0; n < maps.size(); n++) {
            int pred = maps.predicted(n);
            regionIds.add(maps.regionId(n));
            split.add(splitName);
            labels.add(y[offset + n]);
            predictions.add(pred);
            maxError = Math.max(maxError, maps.reconstructionError(n));
            for (int c = 0; c < maps.classes(); c++) {
                double[] acc = absContribution[c];
                for (int i = 0; i < d; i++) {
                    double v = Math.abs(baseline[i] == 0 ? maps.contribution(n, c, i)
                            : maps.weight(n, c, i) * (data.value(offset + n, i) - baseline[i]));
                    acc[i] += v;
                    if (c == pred) {
                        absPredicted[i] += v;
                    }
                }
            }
            List<String> patterns = maps.patterns(n);
            for (int l = 0; l < patterns.size(); l++) {
                String p = patterns.get(l);
                for (int u = 0; u < p.length(); u++) {
                    if (p.charAt(u) == '1') {
                        activeCounts[l][u]++;
                    }
                }
            }
        }
    }

    /** Number of inputs explained. */
    public int size() {
        return regionIds.size();
    }

    /** Number of distinct regions among the inputs of one split ("train", "test" or "data"), or all if null. */
    public int regionCount(String splitName) {
        return (int) java.util.stream.IntStream.range(0, size())
                .filter(n -> splitName == null || split.get(n).equals(splitName))
                .mapToObj(regionIds::get).distinct().count();
    }

    /** Number of distinct regions among all inputs. */
    public int regionCount() {
        return regionCount(null);
    }

    /** Share of test inputs whose region also holds a training input; NaN without a train/test pair. */
    public double sharedTestShare() {
        java.util.Set<String> train = new java.util.HashSet<>();
        for (int n = 0; n < size(); n++) {
            if (split.get(n).equals(TRAIN)) {
                train.add(regionIds.get(n));
            }
        }
        long test = split.stream().filter(TEST::equals).count();
        if (train.isEmpty() || test == 0) {
            return Double.NaN;
        }
        long shared = java.util.stream.IntStream.range(0, size())
                .filter(n -> split.get(n).equals(TEST) && train.contains(regionIds.get(n))).count();
        return shared / (double) test;
    }

    /** Number of distinct regions that hold both a training and a test input. */
    public int sharedRegions() {
        Map<String, java.util.Set<String>> splits = new HashMap<>();
        for (int n = 0; n < size(); n++) {
            splits.computeIfAbsent(regionIds.get(n), k -> new java.util.HashSet<>()).add(split.get(n));
        }
        return (int) splits.values().stream().filter(s -> s.contains(TRAIN) && s.contains(TEST)).count();
    }

    /** Share of inputs whose prediction equals the label. */
    public double accuracy() {
        return accuracy(null);
    }

    /** Share of inputs of one split ({@link #TRAIN}, {@link #TEST} or {@link #DATA}) predicted right. */
    public double accuracy(String splitName) {
        int ok = 0;
        int all = 0;
        for (int n = 0; n < size(); n++) {
            if (splitName == null || split.get(n).equals(splitName)) {
                all++;
                ok += labels.get(n).equals(predictions.get(n)) ? 1 : 0;
            }
        }
        if (all == 0) {
            throw new IllegalArgumentException("split: expected one of " + new java.util.LinkedHashSet<>(split) + ", got "
                    + splitName);
        }
        return ok / (double) all;
    }

    /** The largest {@code |W x + b - f(x)|} over all inputs and classes. */
    public double maxReconstructionError() {
        return maxError;
    }

    /** Input-weighted mean region purity: the share of inputs that carry their region's majority label. */
    public double meanPurity() {
        Table r = regions();
        double sum = 0;
        for (int k = 0; k < r.rowCount(); k++) {
            sum += r.intColumn("size").get(k) * r.doubleColumn("purity").get(k);
        }
        return sum / size();
    }

    /** One row per region: id, size, train and test counts, majority label, purity, majority prediction. */
    public Table regions() {
        Map<String, List<Integer>> members = new LinkedHashMap<>();
        for (int n = 0; n < size(); n++) {
            members.computeIfAbsent(regionIds.get(n), k -> new ArrayList<>()).add(n);
        }
        StringColumn id = StringColumn.create("region");
        IntColumn sizes = IntColumn.create("size");
        IntColumn train = IntColumn.create("train");
        IntColumn test = IntColumn.create("test");
        StringColumn majority = StringColumn.create("majorityLabel");
        DoubleColumn purity = DoubleColumn.create("purity");
        StringColumn predicted = StringColumn.create("predicted");
        for (Map.Entry<String, List<Integer>> e : members.entrySet()) {
            List<Integer> m = e.getValue();
            int[] byLabel = new int[network.outputSize()];
            int[] byPrediction = new int[network.outputSize()];
            int inTrain = 0;
            for (int n : m) {
                byLabel[labels.get(n)]++;
                byPrediction[predictions.get(n)]++;
                inTrain += split.get(n).equals(TEST) ? 0 : 1;
            }
            int top = argmax(byLabel);
            id.append(e.getKey());
            sizes.append(m.size());
            train.append(inTrain);
            test.append(m.size() - inTrain);
            majority.append(network.classes().get(top));
            purity.append(byLabel[top] / (double) m.size());
            predicted.append(network.classes().get(argmax(byPrediction)));
        }
        Table t = Table.create("regions", id, sizes, train, test, majority, purity, predicted);
        return Numbers.readable(t.sortDescendingOn("size"));
    }

    /** One row per feature: mean {@code |contribution|} to the predicted class, then to each class. */
    public Table featureImportance() {
        Table t = Table.create("global feature importance", StringColumn.create("feature", network.features()));
        double[] mean = absPredicted.clone();
        for (int i = 0; i < mean.length; i++) {
            mean[i] /= size();
        }
        t.addColumns(DoubleColumn.create("meanAbsContribution", mean));
        for (int c = 0; c < absContribution.length; c++) {
            double[] m = absContribution[c].clone();
            for (int i = 0; i < m.length; i++) {
                m[i] /= size();
            }
            t.addColumns(DoubleColumn.create("class " + network.classes().get(c), m));
        }
        return Numbers.readable(t.sortDescendingOn("meanAbsContribution"));
    }

    /** One row per hidden layer: units, mean share of active units, dead units (never active here). */
    public Table layers() {
        StringColumn site = StringColumn.create("layer");
        IntColumn units = IntColumn.create("units");
        DoubleColumn active = DoubleColumn.create("meanActiveShare");
        IntColumn dead = IntColumn.create("deadUnits");
        List<Site> relus = network.reluSites();
        for (int l = 0; l < relus.size(); l++) {
            long total = 0;
            int deadCount = 0;
            for (long count : activeCounts[l]) {
                total += count;
                deadCount += count == 0 ? 1 : 0;
            }
            site.append(relus.get(l).name());
            units.append(activeCounts[l].length);
            active.append(total / (double) (activeCounts[l].length * (long) size()));
            dead.append(deadCount);
        }
        return Numbers.readable(Table.create("hidden layers", site, units, active, dead));
    }

    /** The dead units of one hidden layer ({@code 0}-based index among the ReLU layers). */
    public int[] deadUnits(int reluLayer) {
        return java.util.stream.IntStream.range(0, activeCounts[reluLayer].length)
                .filter(u -> activeCounts[reluLayer][u] == 0).toArray();
    }

    /** Headline figures as a two-column table. */
    public Table summary() {
        StringColumn metric = StringColumn.create("metric");
        StringColumn value = StringColumn.create("value");
        metric.append("inputs").append("regions").append("accuracy").append("mean region purity")
                .append("max reconstruction error");
        value.append(String.valueOf(size())).append(String.valueOf(regionCount()))
                .append(String.format("%.4f", accuracy())).append(String.format("%.4f", meanPurity()))
                .append(String.format("%.2e", maxError));
        if (!Double.isNaN(sharedTestShare())) {
            metric.append("train regions").append("test regions").append("regions shared by train and test")
                    .append("test inputs in a train region");
            value.append(String.valueOf(regionCount(TRAIN))).append(String.valueOf(regionCount(TEST)))
                    .append(String.valueOf(sharedRegions())).append(String.format("%.4f", sharedTestShare()));
        }
        return Table.create("Re3 dataset summary", metric, value);
    }

    private static int argmax(int[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The natural figure: the regions by size, coloured by majority label and purity ({@link #plotPurity()}). */
    public Figure plot() {
        return plotPurity();
    }

    /** One stacked bar per region (the 40 largest): inputs with the majority label, and the others in grey. */
    public Figure plotPurity() {
        Table r = regions();
        return Figures.purity(String.format(Locale.ROOT, "Regions and their purity: %d inputs in %d regions", size(),
                        r.rowCount()), r.stringColumn("region").asList(), r.intColumn("size").asIntArray(),
                r.doubleColumn("purity").asDoubleArray(), r.stringColumn("majorityLabel").asList());
    }

    /** How many regions hold how many inputs. */
    public Figure plotRegionSizes() {
        return Figures.regionSizes("Region sizes", regions().intColumn("size").asIntArray());
    }

    /**
     * The mean {@code |W[c][i] x_i|} over the inputs for their predicted class {@code c}: bars for vector
     * inputs, a heatmap over the image for image inputs.
     */
    public Figure plotFeatureImportance() {
        return network.inputShape().length == 3 ? plotFeatureImportance(network.inputShape())
                : Figures.importance(importanceTitle(), network.features(), meanAbsPredicted(), IMPORTANCE);
    }

    /**
     * {@link #plotFeatureImportance()} as a heatmap over the input viewed as an image, e.g.
     * {@code plotFeatureImportance(1, 28, 28)} for an MLP on MNIST.
     *
     * @param shape {@code [channels, height, width]}, whose product is the number of inputs
     */
    public Figure plotFeatureImportance(int... shape) {
        int d = network.inputSize();
        if (shape == null || shape.length != 3 || java.util.Arrays.stream(shape).anyMatch(k -> k < 1)
                || (long) shape[0] * shape[1] * shape[2] != d) {
            throw new IllegalArgumentException("image shape: expected [channels, height, width] with " + d
                    + " elements in all, got " + java.util.Arrays.toString(shape));
        }
        return Figures.imageMap(importanceTitle(), shape, meanAbsPredicted(), IMPORTANCE);
    }

    private static final String IMPORTANCE = "mean |contribution| to the predicted logit";

    /** The inputs' values, {@code [inputs][features]}, in the order of the splits (train, then test). */
    public double[][] values() {
        List<double[]> rows = new ArrayList<>();
        for (Dataset data : parts.values()) {
            rows.addAll(java.util.Arrays.asList(data.x()));
        }
        return rows.toArray(double[][]::new);
    }

    /**
     * Every input's contributions to the logit of class {@code c}, {@code [inputs][features]}, in the order of
     * {@link #values()}: {@code W[c][i] (x_i - x0_i)} against the training mean {@code x0} when the network starts
     * with a standardize layer (the standardised network's own {@code W z}), else against {@code 0}. The local maps
     * are computed again, chunk by chunk.
     *
     * @param c a class index, or {@code -1} for each input's predicted class
     * @throws IllegalArgumentException if {@code c} is neither; the message lists the classes
     */
    public double[][] contributions(int c) {
        int classes = network.outputSize();
        if (c < -1 || c >= classes) {
            throw new IllegalArgumentException("class: expected an index 0 to " + (classes - 1) + " of "
                    + network.classes() + ", or -1 for each input's predicted class, got " + c);
        }
        int d = network.inputSize();
        double[][] out = new double[size()][];
        int[] at = {0};
        for (Dataset data : parts.values()) {
            double[][] x = data.x();
            linearizer.forEachChunk(x, (offset, maps) -> {
                for (int n = 0; n < maps.size(); n++) {
                    int k = c < 0 ? maps.predicted(n) : c;
                    double[] row = new double[d];
                    for (int i = 0; i < d; i++) {
                        row[i] = maps.weight(n, k, i) * (x[offset + n][i] - baseline[i]);
                    }
                    out[at[0]++] = row;
                }
            });
        }
        return out;
    }

    /**
     * A beeswarm of the contributions to each input's predicted class (as SHAP's summary plot): one row per
     * feature, the 20 largest by mean {@code |contribution|} on top, every input a dot at its contribution
     * ({@link #contributions(int)}), coloured by its value of the feature.
     */
    public Figure plotBeeswarm() {
        return beeswarm(-1);
    }

    /** {@link #plotBeeswarm()} for the contributions to the logit of class {@code c}. */
    public Figure plotBeeswarm(int c) {
        return beeswarm(c);
    }

    /** {@link #plotBeeswarm(int)} for the class with this name. */
    public Figure plotBeeswarm(String className) {
        return beeswarm(classIndex(className));
    }

    private Figure beeswarm(int c) {
        return Figures.beeswarm("Contributions of every input, by feature", "to the logit of "
                        + (c < 0 ? "each input's predicted class" : network.classes().get(c)) + ", " + against() + "; "
                        + size() + " inputs", network.features(), contributions(c), values(), "feature value");
    }

    /**
     * The dependence plot of one feature: every input a dot at (its value of the feature, the feature's
     * contribution to the input's predicted class, {@link #contributions(int)}). On a linear region the
     * contribution is the value times the local weight, so the dots fan out along lines through the baseline.
     *
     * @throws IllegalArgumentException for a name that is not a feature; the message lists them
     */
    public Figure plotDependence(String feature) {
        return plotDependence(feature, -1);
    }

    /** {@link #plotDependence(String)} for the contributions to the logit of class {@code c} ({@code -1}: predicted). */
    public Figure plotDependence(String feature, int c) {
        int i = network.features().indexOf(feature);
        if (i < 0) {
            List<String> f = network.features();
            throw new IllegalArgumentException("feature: expected one of " + (f.size() <= 12 ? f : f.subList(0, 12)
                    + " ... (" + f.size() + ")") + ", got '" + feature + "'");
        }
        double[][] contributions = contributions(c);
        double[][] values = values();
        double[] x = new double[values.length];
        double[] y = new double[values.length];
        for (int n = 0; n < x.length; n++) {
            x[n] = values[n][i];
            y[n] = contributions[n][i];
        }
        return Figures.dependence("Dependence on " + feature, "contribution to the logit of " + (c < 0
                ? "each input's predicted class" : network.classes().get(c)) + ", " + against(), feature, x, y);
    }

    private String against() {
        return network.standardize().isPresent() ? "against the training mean" : "against the input 0";
    }

    private int classIndex(String name) {
        int c = network.classes().indexOf(name);
        if (c < 0) {
            throw new IllegalArgumentException("class: expected one of " + network.classes() + ", got '" + name + "'");
        }
        return c;
    }

    private String importanceTitle() {
        return "Global feature importance over " + size() + " inputs";
    }

    private double[] meanAbsPredicted() {
        double[] mean = absPredicted.clone();
        for (int i = 0; i < mean.length; i++) {
            mean[i] /= size();
        }
        return mean;
    }

    /** Bars of the mean share of active units per hidden layer, with the dead units. */
    public Figure plotLayers() {
        Table t = layers();
        if (t.rowCount() == 0) {
            throw new IllegalArgumentException("layers figure: nothing to draw: expected hidden ReLU layers, got none");
        }
        return Figures.activeShare("Active units per hidden layer over " + size() + " inputs",
                t.stringColumn("layer").asList(), t.doubleColumn("meanActiveShare").asDoubleArray(),
                t.intColumn("units").asIntArray(), t.intColumn("deadUnits").asIntArray());
    }

    /** Layer x unit heatmap of the share of inputs on which each unit is active (white: dead). */
    public Figure plotActivations() {
        List<Site> relus = network.reluSites();
        if (relus.isEmpty()) {
            throw new IllegalArgumentException("activation figure: nothing to draw: expected hidden ReLU layers, got none");
        }
        double[][] share = new double[relus.size()][];
        for (int l = 0; l < relus.size(); l++) {
            share[l] = new double[activeCounts[l].length];
            for (int u = 0; u < share[l].length; u++) {
                share[l][u] = activeCounts[l][u] / (double) size();
            }
        }
        return Figures.activationPattern("How often each unit is on, over " + size() + " inputs",
                relus.stream().map(Site::name).toList(), share, "share of inputs active");
    }

    /** {@link #toString()}: the summary and hidden-layer tables. */
    @Override
    public String toText() {
        return toString();
    }

    /** The summary table, the hidden-layer table and {@link #plot()}. */
    @Override
    public String toHtml() {
        StringBuilder s = new StringBuilder("<div class=\"re3-dataset-explanation\">\n");
        s.append("<div style=\"display:flex;gap:32px;flex-wrap:wrap;align-items:flex-start;\">\n");
        s.append("<div>").append(HtmlTables.of(summary(), 20)).append("</div>\n");
        Table layers = layers();
        if (layers.rowCount() > 0) {
            s.append("<div>").append(HtmlTables.of(layers, 50)).append("</div>\n");
        }
        s.append("</div>\n").append(plot().toHtml());
        return s.append("</div>\n").toString();
    }

    @Override
    public String toString() {
        return summary().printAll() + "\n" + layers().printAll();
    }
}
