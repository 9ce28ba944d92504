package dev.re3.codec;

import dev.re3.plot.Figure;
import dev.re3.plot.Figures;
import dev.re3.sae.SparseAutoencoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The modes of the contributions (or the activations) at a site: the latents of a sparse autoencoder
 * trained on them. Mode {@code j}'s atom is the SAE's decoder row {@code D_j} ({@code [width]}), its loading
 * on input {@code i} the code {@code z_ij = encode(v_i)_j}; its association with class {@code k} is CODEC's
 * Pearson correlation between the loadings {@code z_.j} and the class mask {@code 1[y_i = k]}
 * ({@code 4_generate_mode_summaries.py}), 0 where either is constant (a mode that never fires). A mode's class
 * is the class it correlates with most. Immutable.
 */
public final class Modes implements dev.re3.plot.Presentable {
    private final ContributionResult source;
    private final SparseAutoencoder sae;
    private final boolean onActivations;
    private final double[][] loadings;
    private final double[][] correlation;
    private final int classes;

    private Modes(ContributionResult source, SparseAutoencoder sae, boolean onActivations, double[][] loadings,
            double[][] correlation, int classes) {
        this.source = source;
        this.sae = sae;
        this.onActivations = onActivations;
        this.loadings = loadings;
        this.correlation = correlation;
        this.classes = classes;
    }

    static Modes of(ContributionResult source, SparseAutoencoder sae, boolean onActivations) {
        if (sae == null) {
            throw new IllegalArgumentException("SAE: expected a trained SparseAutoencoder, got null");
        }
        double[][] rows = onActivations ? source.activations() : source.values();
        int width = rows.length == 0 ? (onActivations ? -1 : source.width()) : rows[0].length;
        if (sae.inputSize() != width) {
            throw new IllegalArgumentException("SAE: expected one trained on the " + width + " "
                    + (onActivations ? "activation" : "contribution") + " values per input at site " + source.site().name()
                    + " (reduction " + source.reduction().cliName() + "), got an SAE of input size " + sae.inputSize());
        }
        double[][] z = new double[rows.length][];
        IntStream.range(0, rows.length).parallel().forEach(i -> z[i] = sae.encode(rows[i]));
        int k = source.network().outputSize();
        int[] y = source.classes();
        double[][] corr = new double[sae.latents()][k];
        for (int j = 0; j < sae.latents(); j++) {
            int jj = j;
            double[] load = Arrays.stream(z).mapToDouble(r -> r[jj]).toArray();
            for (int c = 0; c < k; c++) {
                int cc = c;
                double[] mask = Arrays.stream(y).mapToDouble(v -> v == cc ? 1 : 0).toArray();
                double r = Stats.pearson(load, mask);
                corr[j][c] = Double.isNaN(r) ? 0 : r;
            }
        }
        return new Modes(source, sae, onActivations, z, corr, k);
    }

    /** The contributions (and inputs) the modes were found in. */
    public ContributionResult source() {
        return source;
    }

    public SparseAutoencoder sae() {
        return sae;
    }

    /** Whether these are modes of the activations rather than of the contributions. */
    public boolean onActivations() {
        return onActivations;
    }

    /** Number of modes (latents). */
    public int size() {
        return sae.latents();
    }

    /** Mode {@code j}'s atom, {@code [width]}. */
    public double[] atom(int j) {
        return sae.decoderRow(check(j));
    }

    /** The loadings, {@code [inputs][modes]}. */
    public double[][] loadings() {
        return Arrays.stream(loadings).map(double[]::clone).toArray(double[][]::new);
    }

    /** The mode-class correlations, {@code [modes][classes]}. */
    public double[][] classCorrelations() {
        return Arrays.stream(correlation).map(double[]::clone).toArray(double[][]::new);
    }

    /** The class mode {@code j} correlates with most. */
    public int modeClass(int j) {
        return Target.argmax(correlation[check(j)]);
    }

    /** The fraction of inputs on which mode {@code j} fires (loading not 0). */
    public double firing(int j) {
        check(j);
        return loadings.length == 0 ? 0 : Arrays.stream(loadings).filter(r -> r[j] != 0).count() / (double) loadings.length;
    }

    /** The {@code k} modes most correlated with class {@code c}, most first. */
    public int[] topModes(int c, int k) {
        if (c < 0 || c >= classes) {
            throw new IllegalArgumentException("class: expected an index in 0.." + (classes - 1) + ", got " + c);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k: expected 1 or more modes, got " + k);
        }
        return IntStream.range(0, size()).boxed().sorted(Comparator.comparingDouble((Integer j) -> -correlation[j][c])
                .thenComparingInt(j -> j)).limit(k).mapToInt(Integer::intValue).toArray();
    }

    /**
     * The owners (channels at an image site unless the reduction is none, otherwise units) that carry the
     * largest fraction {@code p} of mode {@code j}'s weight: the {@code ceil(p * owners)} with the largest
     * {@code sum |D_j,i|} over the values {@code i} they own, largest first.
     */
    public int[] topOwners(int j, double p) {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("p: expected a fraction in (0, 1], got " + p);
        }
        double[] w = ownerWeights(j);
        int keep = (int) Math.ceil(p * w.length - 1e-9);
        return IntStream.range(0, w.length).boxed().sorted(Comparator.comparingDouble((Integer i) -> -w[i])
                .thenComparingInt(i -> i)).limit(Math.max(1, keep)).mapToInt(Integer::intValue).toArray();
    }

    /** {@code sum |D_j,i|} per owner (channel or unit). */
    double[] ownerWeights(int j) {
        double[] atom = atom(j);
        int[] shape = source.site().outputShape();
        Reduction r = onActivations && source.reduction() == Reduction.SIGN_SPLIT ? Reduction.SPATIAL_SUM : source.reduction();
        if (onActivations && shape.length != 3) {
            r = Reduction.NONE;
        }
        int owners = atom.length / (r == Reduction.SIGN_SPLIT ? 2 : 1);
        double[] w = new double[owners];
        for (int i = 0; i < atom.length; i++) {
            w[r.owner(i, shape)] += Math.abs(atom[i]);
        }
        return w;
    }

    /** Whether the owners are whole channels of an image site. */
    boolean ownsChannels() {
        return source.reduction().ownsChannels(source.site().outputShape());
    }

    /** Ablate and preserve mode {@code j} at each fraction {@code p} ({@link Ablations}). */
    public AblationCurves ablations(int j, double... ps) {
        return Ablations.of(this).curves(check(j), ps);
    }

    /** The input-space map of mode {@code j} for input {@code i} ({@link ModeImage}), from its 3 top owners. */
    public ModeImage image(int j, int i) {
        return ModeImage.of(this, check(j), i, 3);
    }

    int check(int j) {
        if (j < 0 || j >= sae.latents()) {
            throw new IllegalArgumentException("mode: expected an index in 0.." + (sae.latents() - 1) + ", got " + j);
        }
        return j;
    }

    private String kind() {
        return onActivations ? "activation" : "contribution";
    }

    /** One row per mode: its class, its correlation with that class, the fraction of inputs it fires on. */
    public Table toTable() {
        IntColumn mode = IntColumn.create("mode");
        IntColumn cls = IntColumn.create("class");
        DoubleColumn corr = DoubleColumn.create("correlation");
        DoubleColumn fire = DoubleColumn.create("firing");
        for (int j = 0; j < size(); j++) {
            mode.append(j);
            cls.append(modeClass(j));
            corr.append(correlation[j][modeClass(j)]);
            fire.append(firing(j));
        }
        return Table.create(kind() + " modes at " + source.site().name()).addColumns(mode, cls, corr, fire);
    }

    /** The {@code k} top modes of every class, one row per class and rank. */
    public Table topModesTable(int k) {
        StringColumn cls = StringColumn.create("class");
        IntColumn rank = IntColumn.create("rank");
        IntColumn mode = IntColumn.create("mode");
        DoubleColumn corr = DoubleColumn.create("correlation");
        for (int c = 0; c < classes; c++) {
            int[] top = topModes(c, Math.min(k, size()));
            for (int r = 0; r < top.length; r++) {
                cls.append(source.network().classes().get(c));
                rank.append(r + 1);
                mode.append(top[r]);
                corr.append(correlation[top[r]][c]);
            }
        }
        return Table.create("top " + kind() + " modes per class at " + source.site().name()).addColumns(cls, rank, mode, corr);
    }

    /** A class x mode heatmap of the correlations. */
    public Figure plot() {
        double[][] byClass = new double[classes][size()];
        for (int j = 0; j < size(); j++) {
            for (int c = 0; c < classes; c++) {
                byClass[c][j] = correlation[j][c];
            }
        }
        List<String> names = new ArrayList<>(source.network().classes());
        return Figures.activationPattern("Mode-class correlation of " + size() + " " + kind() + " modes at "
                + source.site().name(), names, byClass, "correlation");
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d %s modes at %s over %d inputs (SAE %s)", size(), kind(), source.site().name(),
                loadings.length, sae.kind());
    }
}
