package dev.re3.polytope;

import dev.re3.display.HtmlTables;
import dev.re3.display.Displayable;
import dev.re3.net.Network;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The result of an {@link InterpolationExperiment}: per pair its exact walk's statistics and density
 * profile, and per kind of pair (same class, different classes) a summary.
 */
public final class InterpolationResult implements Displayable {
    /** The kind of a pair of inputs of the same class. */
    public static final String SAME = "same class";
    /** The kind of a pair of inputs of different classes. */
    public static final String DIFFERENT = "different classes";

    /**
     * One interpolation {@code x_i -> x_j}.
     *
     * @param kind {@link #SAME} or {@link #DIFFERENT}
     * @param i the first input's index
     * @param j the second input's index
     * @param labelI its label
     * @param labelJ the second's label
     * @param length {@code ||x_j - x_i||}
     * @param regions regions crossed
     * @param boundariesPerUnitLength boundaries crossed over the length
     * @param changes where the predicted class changes
     * @param densityNear mean density within {@code +-near} of a class change (NaN if none changes)
     * @param densityElsewhere mean density elsewhere
     * @param peakAtChange whether the density's maximum lies within {@code +-near} of a class change
     * @param profile the density profile
     */
    public record Pair(String kind, int i, int j, int labelI, int labelJ, double length, int regions,
                       double boundariesPerUnitLength, List<ClassChange> changes, double densityNear,
                       double densityElsewhere, boolean peakAtChange, DensityProfile profile) {
        public Pair {
            changes = List.copyOf(changes);
        }
    }

    private final Network network;
    private final String dataset;
    private final List<String> classes;
    private final long seed;
    private final double window;
    private final double near;
    private final List<Pair> pairs;

    InterpolationResult(Network network, String dataset, List<String> classes, long seed, double window, double near,
                        List<Pair> pairs) {
        this.network = network;
        this.dataset = dataset;
        this.classes = List.copyOf(classes);
        this.seed = seed;
        this.window = window;
        this.near = near;
        this.pairs = List.copyOf(pairs);
    }

    public Network network() {
        return network;
    }

    public List<Pair> pairs() {
        return pairs;
    }

    /** The pairs of one kind. */
    public List<Pair> pairs(String kind) {
        return pairs.stream().filter(p -> p.kind().equals(kind)).toList();
    }

    /** The mean density profile of one kind's pairs, on their common grid. */
    public DensityProfile meanProfile(String kind) {
        List<Pair> ps = pairs(kind);
        double[] t = ps.get(0).profile().t();
        double[] d = new double[t.length];
        for (Pair p : ps) {
            double[] pd = p.profile().density();
            for (int g = 0; g < d.length; g++) {
                d[g] += pd[g] / ps.size();
            }
        }
        return new DensityProfile(t, d, window);
    }

    /**
     * Per kind: pairs, mean regions, mean boundaries per unit length, mean class changes, mean density near
     * class changes and elsewhere (over pairs with a change), their ratio, and the share of pairs with a
     * change whose density peaks near one.
     */
    public Table summary() {
        StringColumn kind = StringColumn.create("kind");
        IntColumn count = IntColumn.create("pairs");
        DoubleColumn regions = DoubleColumn.create("regions");
        DoubleColumn perLength = DoubleColumn.create("boundaries per unit length");
        DoubleColumn changes = DoubleColumn.create("class changes");
        DoubleColumn nearD = DoubleColumn.create("density near changes");
        DoubleColumn elseD = DoubleColumn.create("density elsewhere");
        DoubleColumn ratio = DoubleColumn.create("ratio");
        DoubleColumn peak = DoubleColumn.create("peak at change");
        for (String k : List.of(SAME, DIFFERENT)) {
            List<Pair> ps = pairs(k);
            List<Pair> changed = ps.stream().filter(p -> !p.changes().isEmpty()).toList();
            kind.append(k);
            count.append(ps.size());
            regions.append(mean(ps, p -> p.regions()));
            perLength.append(mean(ps, Pair::boundariesPerUnitLength));
            changes.append(mean(ps, p -> p.changes().size()));
            double n = mean(changed, Pair::densityNear);
            double e = mean(changed, Pair::densityElsewhere);
            nearD.append(n);
            elseD.append(e);
            ratio.append(n / e);
            peak.append(mean(changed, p -> p.peakAtChange() ? 1 : 0));
        }
        return Table.create("boundary density along interpolations (" + dataset + ")").addColumns(kind, count, regions,
                perLength, changes, nearD, elseD, ratio, peak);
    }

    private static double mean(List<Pair> ps, ToDoubleFunction<Pair> f) {
        return ps.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    /** One row per pair. */
    public Table toTable() {
        StringColumn kind = StringColumn.create("kind");
        IntColumn i = IntColumn.create("i");
        IntColumn j = IntColumn.create("j");
        StringColumn li = StringColumn.create("label i");
        StringColumn lj = StringColumn.create("label j");
        DoubleColumn length = DoubleColumn.create("length");
        IntColumn regions = IntColumn.create("regions");
        DoubleColumn perLength = DoubleColumn.create("boundaries per unit length");
        IntColumn changes = IntColumn.create("class changes");
        DoubleColumn nearD = DoubleColumn.create("density near changes");
        DoubleColumn elseD = DoubleColumn.create("density elsewhere");
        BooleanColumn peak = BooleanColumn.create("peak at change");
        for (Pair p : pairs) {
            kind.append(p.kind());
            i.append(p.i());
            j.append(p.j());
            li.append(classes.get(p.labelI()));
            lj.append(classes.get(p.labelJ()));
            length.append(p.length());
            regions.append(p.regions());
            perLength.append(p.boundariesPerUnitLength());
            changes.append(p.changes().size());
            nearD.append(p.densityNear());
            elseD.append(p.densityElsewhere());
            peak.append(p.peakAtChange());
        }
        return Table.create("interpolations").addColumns(kind, i, j, li, lj, length, regions, perLength, changes, nearD,
                elseD, peak);
    }

    @Override
    public String toText() {
        return String.format(Locale.ROOT, "Interpolation experiment on %s: %d pairs (seed %d), window %.3g, near %.3g%n",
                dataset, pairs.size(), seed, window, near) + summary().printAll() + "\n";
    }

    @Override
    public String toHtml() {
        return "<div>" + HtmlTables.paragraph(String.format(Locale.ROOT, "Interpolation experiment on %s: %d pairs (seed %d)",
                dataset, pairs.size(), seed)) + HtmlTables.of(summary(), 10) + HtmlTables.of(toTable(), 40) + "</div>";
    }

    @Override
    public String toString() {
        return toText();
    }
}
