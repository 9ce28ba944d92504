package dev.re3.attribution;

import dev.re3.display.Numbers;
import dev.re3.plot.Figure;
import dev.re3.plot.Figures;
import dev.re3.plot.Presentable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * What {@link PathStability#measure} found, per checkpoint {@code c = 0 .. E}: for each rectifier site the share
 * of gates equal to the final ones ({@link #agreement}) and the share that changed since the previous checkpoint
 * ({@link #change}, {@code NaN} at {@code c = 0}), and the mean cosine of the attributions with the final
 * network's ({@link #similarity}). Immutable.
 */
public final class PathStabilityResult implements Presentable {
    private final List<String> sites;
    private final String method;
    private final int probes;
    private final double[] epochs;
    private final String axis;
    private final double[][] agreement;
    private final double[][] change;
    private final double[] similarity;

    PathStabilityResult(List<String> sites, String method, int probes, double[] epochs, double[][] agreement,
                        double[][] change, double[] similarity) {
        this.sites = List.copyOf(sites);
        this.method = method;
        this.probes = probes;
        this.axis = epochs == null ? "checkpoint" : "epoch";
        this.epochs = new double[similarity.length];
        for (int c = 0; c < similarity.length; c++) {
            this.epochs[c] = epochs == null ? c : epochs[c];
        }
        this.agreement = agreement;
        this.change = change;
        this.similarity = similarity;
    }

    /** The rectifier sites, in network order. */
    public List<String> sites() {
        return sites;
    }

    /** The number of checkpoints, {@code E + 1}. */
    public int checkpoints() {
        return similarity.length;
    }

    /** The epoch of checkpoint {@code c} (its index unless {@link PathStability#optEpochs} gave epochs). */
    public double epoch(int c) {
        return epochs[c];
    }

    /** The share of site {@code s}'s gates on the probe set that already equal the final ones at checkpoint {@code c}. */
    public double agreement(int s, int c) {
        return agreement[s][c];
    }

    /** The share of site {@code s}'s gates that changed from checkpoint {@code c - 1} to {@code c}; NaN for 0. */
    public double change(int s, int c) {
        return change[s][c];
    }

    /** The mean cosine of the method's attributions at checkpoint {@code c} with the final ones. */
    public double similarity(int c) {
        return similarity[c];
    }

    /** The first checkpoint (an index) from which every site's agreement stays at or above {@code share}, or -1. */
    public int settledAt(double share) {
        int settled = -1;
        for (int c = checkpoints() - 1; c >= 0; c--) {
            for (double[] a : agreement) {
                if (a[c] < share) {
                    return settled;
                }
            }
            settled = c;
        }
        return settled;
    }

    /** One row per checkpoint: agreement and change per site, then the attribution similarity. */
    @Override
    public Table toTable() {
        Table t = Table.create("path stability (" + probes + " probe inputs)", DoubleColumn.create(axis, epochs));
        for (int s = 0; s < sites.size(); s++) {
            t.addColumns(DoubleColumn.create(sites.get(s) + " agreement", agreement[s]));
        }
        for (int s = 0; s < sites.size(); s++) {
            t.addColumns(DoubleColumn.create(sites.get(s) + " change", change[s]));
        }
        t.addColumns(DoubleColumn.create(method + " similarity", similarity));
        return Numbers.readable(t);
    }

    /** Agreement with the final gates per site and the attribution similarity, over the epochs. */
    @Override
    public Figure plot() {
        List<String> names = new ArrayList<>();
        double[][] ys = new double[sites.size() + 1][];
        for (int s = 0; s < sites.size(); s++) {
            names.add(sites.get(s) + ": gates equal to final");
            ys[s] = agreement[s];
        }
        names.add(method + ": cosine with final");
        ys[sites.size()] = similarity;
        return Figures.lines("Path stability", probes + " probe inputs; " + axis + " 0 is the initialisation", axis,
                "share / cosine", names, epochs.clone(), ys, null);
    }

    /** The share of gates that changed in each epoch, per site (epochs 1 .. E). */
    public Figure plotChanges() {
        double[] x = new double[checkpoints() - 1];
        double[][] ys = new double[sites.size()][x.length];
        for (int c = 1; c < checkpoints(); c++) {
            x[c - 1] = epochs[c];
            for (int s = 0; s < sites.size(); s++) {
                ys[s][c - 1] = change[s][c];
            }
        }
        if (x.length < 2) {
            throw new IllegalStateException("plotChanges: expected at least two epochs, got " + x.length);
        }
        return Figures.lines("Gates that changed since the previous checkpoint", probes + " probe inputs", axis,
                "share of gates changed", sites, x, ys, null);
    }

    /** Per site and for the attribution, the value at the initialisation and at the checkpoint before the last. */
    @Override
    public String toString() {
        int before = Math.max(0, checkpoints() - 2);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "Path stability over %d checkpoints, %d probe inputs; %s cosine with final: %.3f at %s 0, %.3f at %s %s",
                checkpoints(), probes, method, similarity[0], axis, similarity[before], axis, Numbers.format(epochs[before])));
        for (int s = 0; s < sites.size(); s++) {
            b.append(String.format(Locale.ROOT, "%n  %s: gates equal to final %.3f at %s 0, %.3f at %s %s", sites.get(s),
                    agreement[s][0], axis, agreement[s][before], axis, Numbers.format(epochs[before])));
        }
        return b.toString();
    }
}
