package dev.re3.codec;

import dev.re3.net.Network;
import dev.re3.net.Site;
import dev.re3.plot.Figure;
import dev.re3.plot.Figures;
import dev.re3.sae.SaeTrainer;
import dev.re3.sae.SparseAutoencoder;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The contributions at one site for a set of inputs ({@link Contributions}): {@code values()[i]} are input
 * {@code i}'s contributions, reduced as {@link #reduction()} says, with its target {@code T(x_i)} and the
 * offset {@code o_i} (the downstream bias {@code beta} for activation times gradient, {@code T(0)} for the
 * integrals), so that {@code sum c_i + o_i = T(x_i) + delta_i}. {@link #completenessDelta()} is the largest
 * {@code |delta_i|}: rounding for the exact methods, the quadrature error for integrated gradients with
 * {@code S} steps. Immutable (every accessor copies) and safe to share between threads.
 */
public final class ContributionResult implements dev.re3.plot.Presentable {
    private final Network network;
    private final Site site;
    private final String method;
    private final Target target;
    private final Reduction reduction;
    private final double[][] inputs;
    private final int[] labels;
    private final Rows values;
    private final Rows activations;
    private final double[] targets;
    private final double[] offsets;
    private final double[] sums;
    private final int[] targetClasses;
    private final long[] segments;

    ContributionResult(Network network, Site site, String method, Target target, Reduction reduction, double[][] inputs,
            int[] labels, Rows values, Rows activations, double[] targets, double[] offsets, double[] sums,
            int[] targetClasses, long[] segments) {
        this.network = network;
        this.site = site;
        this.method = method;
        this.target = target;
        this.reduction = reduction;
        this.inputs = inputs;
        this.labels = labels;
        this.values = values;
        this.activations = activations;
        this.targets = targets;
        this.offsets = offsets;
        this.sums = sums;
        this.targetClasses = targetClasses;
        this.segments = segments;
    }

    public Network network() {
        return network;
    }

    public Site site() {
        return site;
    }

    /** The method, e.g. {@code "integrated gradients, 25 steps"}. */
    public String method() {
        return method;
    }

    public Target target() {
        return target;
    }

    public Reduction reduction() {
        return reduction;
    }

    /** Number of inputs. */
    public int size() {
        return values.size();
    }

    /** Number of values per input. */
    public int width() {
        return reduction.width(site.outputShape());
    }

    /** One name per value, e.g. {@code "3.relu/17"}, {@code "3.relu/channel 2"}, {@code "3.relu/pos 2"}. */
    public List<String> names() {
        return reduction.labels(site.name(), site.outputShape());
    }

    /** The contributions, {@code [inputs][width()]}. */
    public double[][] values() {
        return values.toArray();
    }

    /** Input {@code i}'s contributions, {@code [width()]}. */
    public double[] values(int i) {
        return values.row(index(i));
    }

    /**
     * The site's activations at the inputs, for comparison: per unit with {@link Reduction#NONE} or at a
     * vector site, else summed over positions per channel ({@code [inputs][C]}).
     */
    public double[][] activations() {
        return activations.toArray();
    }

    /** {@code T(x_i)} per input. */
    public double[] targets() {
        return targets.clone();
    }

    /** The offsets {@code o_i}: downstream bias {@code beta} (activation times gradient) or {@code T(0)}. */
    public double[] offsets() {
        return offsets.clone();
    }

    /** {@code delta_i = sum_u c_u + o_i - T(x_i)} per input. */
    public double[] completenessDeltas() {
        double[] d = new double[sums.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = sums[i] + offsets[i] - targets[i];
        }
        return d;
    }

    /** The largest {@code |delta_i|} over the inputs (0 for no inputs). */
    public double completenessDelta() {
        return Arrays.stream(completenessDeltas()).map(Math::abs).max().orElse(0);
    }

    /** The class whose logit each input's target row raises (the predicted class for the default target). */
    public int[] targetClasses() {
        return targetClasses.clone();
    }

    /** The inputs' labels when they came from a dataset, otherwise their target classes. */
    public int[] classes() {
        return labels != null ? labels.clone() : targetClasses.clone();
    }

    /** Whether {@link #classes()} are a dataset's labels. */
    public boolean hasLabels() {
        return labels != null;
    }

    /** Pieces of the path per input: integration steps, or segments of the region walk (1 for a x g). */
    public long[] segments() {
        return segments.clone();
    }

    /** The inputs, {@code [inputs][network inputs]}. */
    double[][] inputs() {
        return inputs;
    }

    /**
     * CODEC's layer statistics of these contributions and of the activations at the site (Hoyer sparsity,
     * dimensionality of the class means, positive/negative decorrelation), whatever the method:
     * {@code LayerStatistics.of(this)}.
     */
    public LayerStatistics statistics() {
        return LayerStatistics.of(this);
    }

    /** The modes of these contributions: a given SAE's latents, loadings per input, class associations. */
    public Modes modes(SparseAutoencoder sae) {
        return Modes.of(this, sae, false);
    }

    /** Trains an SAE on the contributions ({@code values()}) and gives its modes. */
    public Modes modes(SaeTrainer trainer) {
        if (trainer == null) {
            throw new IllegalArgumentException("trainer: expected an SaeTrainer (e.g. Sae.topk(latents, k)), got null");
        }
        return Modes.of(this, trainer.fit(values.toArray()).sae(), false);
    }

    /** The modes of the activations at the site, for comparison, with a given SAE. */
    public Modes activationModes(SparseAutoencoder sae) {
        return Modes.of(this, sae, true);
    }

    /** Trains an SAE on the activations ({@link #activations()}) and gives its modes. */
    public Modes activationModes(SaeTrainer trainer) {
        if (trainer == null) {
            throw new IllegalArgumentException("trainer: expected an SaeTrainer (e.g. Sae.topk(latents, k)), got null");
        }
        return Modes.of(this, trainer.fit(activations.toArray()).sae(), true);
    }

    /** One row per input: class, target class, {@code T(x)}, offset, sum of contributions, completeness delta. */
    public Table toTable() {
        IntColumn input = IntColumn.create("input");
        IntColumn cls = IntColumn.create(hasLabels() ? "label" : "class");
        IntColumn tc = IntColumn.create("targetClass");
        DoubleColumn t = DoubleColumn.create("target");
        DoubleColumn o = DoubleColumn.create("offset");
        DoubleColumn s = DoubleColumn.create("sum");
        DoubleColumn d = DoubleColumn.create("completenessDelta");
        int[] c = classes();
        double[] deltas = completenessDeltas();
        for (int i = 0; i < size(); i++) {
            input.append(i);
            cls.append(c[i]);
            tc.append(targetClasses[i]);
            t.append(targets[i]);
            o.append(offsets[i]);
            s.append(sums[i]);
            d.append(deltas[i]);
        }
        return Table.create("contributions at " + site.name() + " (" + method + ")").addColumns(input, cls, tc, t, o, s, d);
    }

    /** One row per value: its name, mean contribution, mean |contribution| and mean activation where defined. */
    public Table unitsTable() {
        StringColumn name = StringColumn.create("unit");
        DoubleColumn mean = DoubleColumn.create("meanContribution");
        DoubleColumn abs = DoubleColumn.create("meanAbsContribution");
        List<String> names = names();
        for (int u = 0; u < names.size(); u++) {
            double m = 0;
            double a = 0;
            for (int i = 0; i < size(); i++) {
                m += values.get(i, u);
                a += Math.abs(values.get(i, u));
            }
            name.append(names.get(u));
            mean.append(size() == 0 ? Double.NaN : m / size());
            abs.append(size() == 0 ? Double.NaN : a / size());
        }
        return Table.create("contributions per unit at " + site.name()).addColumns(name, mean, abs);
    }

    /** Bars of the mean contribution per value, the mean offset as the bias and the mean target as the total. */
    public Figure plot() {
        double[] mean = new double[width()];
        for (int i = 0; i < size(); i++) {
            for (int u = 0; u < mean.length; u++) {
                mean[u] += values.get(i, u) / size();
            }
        }
        double o = Arrays.stream(offsets).average().orElse(0);
        double t = Arrays.stream(targets).average().orElse(0);
        return Figures.contributions((size() == 1 ? "Contributions" : "Mean contributions over " + size() + " inputs")
                + " at " + site.name() + " to the " + target + " (" + method + ")", names(), mean, o, t, "target",
                Math.min(30, mean.length));
    }

    private int index(int i) {
        if (i < 0 || i >= values.size()) {
            throw new IndexOutOfBoundsException("input: expected an index in 0.." + (values.size() - 1) + ", got " + i);
        }
        return i;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Contributions at %s %s (%s) to the %s, %d inputs x %d values (%s);"
                + " completeness delta %.3g", site.name(), Arrays.toString(site.outputShape()), method, target, size(),
                width(), reduction.cliName(), completenessDelta());
    }
}
