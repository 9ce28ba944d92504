package dev.re3.codec;

import dev.re3.plot.Figure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * CODEC's layer statistics ({@code bscope/metrics.py}, {@code figure_3/}), for the contributions at several
 * sites and, side by side, for the activations there ({@link ContributionResult#activations()}):
 * <ul>
 *   <li><b>sparsity</b>: Hoyer's {@code (sqrt(n) - |v|_1 / |v|_2) / (sqrt(n) - 1)} of each input's vector
 *       ({@code n} values), averaged over the inputs (an all-zero vector has none and is left out);</li>
 *   <li><b>dimensionality</b>: the principal components of the class-mean vectors (one per class present,
 *       centred) needed for 95% of their variance, and their participation ratio
 *       {@code (sum l)^2 / sum l^2} of the component variances {@code l} (eigenvalues by EJML);</li>
 *   <li><b>decorrelation</b>: per input, {@code -r(neg, pos)}, minus Pearson's correlation across the values
 *       between the negative parts {@code min(c, 0)} and the positive parts {@code max(c, 0)} (with sign-split
 *       contributions, the two halves, as CODEC's {@code ei.py}); averaged over inputs where defined.</li>
 * </ul>
 * CODEC reports that contributions get sparser and higher-dimensional with depth, and that their positive
 * and negative parts decorrelate. Classes are the labels when the contributions came from a dataset.
 *
 * <p>The statistics take the contributions of any method as they are: activation times gradient, CODEC's
 * hidden-space integrated gradients (its main setting) or their exact integral; each layer records which
 * ({@link Layer#method()}). The activations beside them are always the site's output at the input itself.
 * Immutable.
 *
 * <pre>{@code
 * LayerStatistics one = Re3.of(net).contributions(data).at("3.relu").integrated(25).statistics();
 * LayerStatistics byDepth = Re3.of(net).contributions(data).statistics(List.of("1.relu", "3.relu"), c -> c.integrated(25));
 * }</pre>
 */
public final class LayerStatistics implements dev.re3.plot.Presentable {
    /**
     * The statistics of one site, for the contributions of {@code method} ({@link ContributionResult#method()},
     * e.g. {@code "integrated gradients, 25 steps"}) given {@code width} values per input.
     */
    public record Layer(String site, String method, int width, double[] hoyer, double[] hoyerActivations, int components95,
            int components95Activations, double participationRatio, double participationRatioActivations,
            double[] decorrelation) {
        public Layer {
            hoyer = hoyer.clone();
            hoyerActivations = hoyerActivations.clone();
            decorrelation = decorrelation.clone();
        }

        /** Hoyer sparsity of each input's contributions. */
        @Override
        public double[] hoyer() {
            return hoyer.clone();
        }

        /** Hoyer sparsity of each input's activations. */
        @Override
        public double[] hoyerActivations() {
            return hoyerActivations.clone();
        }

        /** {@code -r(neg, pos)} of each input's contributions (NaN where a part is constant). */
        @Override
        public double[] decorrelation() {
            return decorrelation.clone();
        }

        public double meanHoyer() {
            return Stats.finiteMean(hoyer);
        }

        public double meanHoyerActivations() {
            return Stats.finiteMean(hoyerActivations);
        }

        public double meanDecorrelation() {
            return Stats.finiteMean(decorrelation);
        }
    }

    private final List<Layer> layers;

    private LayerStatistics(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    /** The statistics of each result, in the order given (e.g. forward order of the sites). */
    public static LayerStatistics of(List<ContributionResult> results) {
        if (results == null || results.isEmpty()) {
            throw new IllegalArgumentException("layer statistics: expected contributions at one site or more, got none");
        }
        List<Layer> out = new ArrayList<>();
        for (ContributionResult r : results) {
            if (r.size() == 0) {
                throw new IllegalArgumentException("layer statistics: expected contributions of one input or more at "
                        + r.site().name() + ", got none");
            }
            out.add(layer(r));
        }
        return new LayerStatistics(out);
    }

    /** Statistics already taken, one per site. */
    static LayerStatistics ofLayers(List<Layer> layers) {
        return new LayerStatistics(layers);
    }

    /** {@link #of(List)} of these results. */
    public static LayerStatistics of(ContributionResult... results) {
        return of(results == null ? null : Arrays.asList(results));
    }

    static Layer layer(ContributionResult r) {
        double[][] c = r.values();
        double[][] a = r.activations();
        boolean split = r.reduction() == Reduction.SIGN_SPLIT;
        double[] hc = Arrays.stream(c).mapToDouble(Stats::hoyer).toArray();
        double[] ha = Arrays.stream(a).mapToDouble(Stats::hoyer).toArray();
        double[] dec = Arrays.stream(c).mapToDouble(v -> Stats.decorrelation(v, split)).toArray();
        int[] y = r.classes();
        double[] lc = Stats.pcaVariances(Stats.classMeans(c, y));
        double[] la = Stats.pcaVariances(Stats.classMeans(a, y));
        return new Layer(r.site().name(), r.method(), r.width(), hc, ha, Stats.componentsFor(lc, 0.95), Stats.componentsFor(la, 0.95),
                Stats.participationRatio(lc), Stats.participationRatio(la), dec);
    }

    public List<Layer> layers() {
        return layers;
    }

    /** One row per site: the method, width, mean Hoyer, 95% components and participation ratio, for both, and decorrelation. */
    public Table toTable() {
        StringColumn site = StringColumn.create("site");
        StringColumn method = StringColumn.create("method");
        IntColumn width = IntColumn.create("values");
        DoubleColumn hc = DoubleColumn.create("hoyerContributions");
        DoubleColumn ha = DoubleColumn.create("hoyerActivations");
        IntColumn dc = IntColumn.create("components95Contributions");
        IntColumn da = IntColumn.create("components95Activations");
        DoubleColumn pc = DoubleColumn.create("participationContributions");
        DoubleColumn pa = DoubleColumn.create("participationActivations");
        DoubleColumn dec = DoubleColumn.create("decorrelation");
        for (Layer l : layers) {
            site.append(l.site());
            method.append(l.method());
            width.append(l.width());
            hc.append(l.meanHoyer());
            ha.append(l.meanHoyerActivations());
            dc.append(l.components95());
            da.append(l.components95Activations());
            pc.append(l.participationRatio());
            pa.append(l.participationRatioActivations());
            dec.append(l.meanDecorrelation());
        }
        return Table.create("layer statistics of contributions and activations").addColumns(site, method, width, hc, ha, dc, da, pc,
                pa, dec);
    }

    /** Mean Hoyer sparsity (contributions and activations) and decorrelation against the layer. */
    public Figure plot() {
        return lines("Sparsity and positive/negative decorrelation by layer", "value",
                new String[] {"Hoyer sparsity, contributions", "Hoyer sparsity, activations", "decorrelation -r(neg, pos)"},
                new double[][] {layers.stream().mapToDouble(Layer::meanHoyer).toArray(),
                        layers.stream().mapToDouble(Layer::meanHoyerActivations).toArray(),
                        layers.stream().mapToDouble(Layer::meanDecorrelation).toArray()});
    }

    /** Components for 95% of the class-mean variance and participation ratio, by layer, for both. */
    public Figure plotDimensionality() {
        return lines("Dimensionality of the class-mean vectors by layer", "components",
                new String[] {"95% components, contributions", "95% components, activations",
                        "participation ratio, contributions", "participation ratio, activations"},
                new double[][] {layers.stream().mapToDouble(Layer::components95).toArray(),
                        layers.stream().mapToDouble(Layer::components95Activations).toArray(),
                        layers.stream().mapToDouble(Layer::participationRatio).toArray(),
                        layers.stream().mapToDouble(Layer::participationRatioActivations).toArray()});
    }

    private Figure lines(String title, String yTitle, String[] names, double[][] ys) {
        StringBuilder x = new StringBuilder("[");
        for (int i = 0; i < layers.size(); i++) {
            x.append(i == 0 ? "" : ",").append('"').append(layers.get(i).site()).append('"');
        }
        x.append(']');
        StringBuilder data = new StringBuilder();
        for (int t = 0; t < names.length; t++) {
            data.append(t == 0 ? "" : ",").append("{\"type\":\"scatter\",\"mode\":\"lines+markers\",\"name\":\"")
                    .append(names[t]).append("\",\"x\":").append(x).append(",\"y\":").append(AblationCurves.json(ys[t]))
                    .append('}');
        }
        return Figure.fromJson("{\"data\":[" + data + "],\"layout\":{\"title\":{\"text\":\"" + title + "\"},"
                + "\"xaxis\":{\"title\":{\"text\":\"site\"},\"type\":\"category\"},\"yaxis\":{\"title\":{\"text\":\""
                + yTitle + "\"}}}}");
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Layer statistics of " + layers.size() + " sites ("
                + String.join("; ", layers.stream().map(Layer::method).distinct().toList()) + ")\n");
        for (Layer l : layers) {
            s.append(String.format(Locale.ROOT, "  %-14s %6d values  Hoyer %.3f (activations %.3f)  95%% components %d (%d)"
                    + "  participation %.2f (%.2f)  decorrelation %.3f%n", l.site(), l.width(), l.meanHoyer(),
                    l.meanHoyerActivations(), l.components95(), l.components95Activations(), l.participationRatio(),
                    l.participationRatioActivations(), l.meanDecorrelation()));
        }
        return s.toString();
    }
}
