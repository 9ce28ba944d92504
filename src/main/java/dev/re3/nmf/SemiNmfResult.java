package dev.re3.nmf;

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
 * A semi-NMF {@code A ~ F G^T} ({@link SemiNmf#fit}): features {@code F} ({@code [d][K]}), nonnegative coefficients
 * {@code G} ({@code [n][K]}), the loss {@code |A - F G^T|_F^2} after each iteration and {@code |A|_F^2}. Immutable.
 */
public final class SemiNmfResult implements dev.re3.plot.Presentable {
    private final double[][] f;
    private final double[][] g;
    private final double[] losses;
    private final double total;
    private final long seed;
    private final String init;
    private final double sparsity;

    SemiNmfResult(double[][] f, double[][] g, double[] losses, double total, long seed, String init, double sparsity) {
        this.f = f;
        this.g = g;
        this.losses = losses;
        this.total = total;
        this.seed = seed;
        this.init = init;
        this.sparsity = sparsity;
    }

    /** {@code F}, {@code [d][K]}: component {@code k} is column {@code k}. */
    public double[][] features() {
        return Arrays.stream(f).map(double[]::clone).toArray(double[][]::new);
    }

    /** {@code G >= 0}, {@code [n][K]}. */
    public double[][] coefficients() {
        return Arrays.stream(g).map(double[]::clone).toArray(double[][]::new);
    }

    /** The loss after each iteration. */
    public double[] losses() {
        return losses.clone();
    }

    public int components() {
        return g[0].length;
    }

    /** {@code |A - F G^T|_F^2 / |A|_F^2} after the last iteration. */
    public double relativeError() {
        return total > 0 ? losses[losses.length - 1] / total : 0;
    }

    /** The row {@code x ~ sum_k G[i][k] F[:, k]} of input {@code i}. */
    public double[] reconstruct(int i) {
        double[] x = new double[f.length];
        for (int r = 0; r < f.length; r++) {
            for (int k = 0; k < g[i].length; k++) {
                x[r] += f[r][k] * g[i][k];
            }
        }
        return x;
    }

    /** The {@code m} inputs with the largest {@code G[:, k]}, largest first. */
    public int[] topInputs(int k, int m) {
        if (k < 0 || k >= components()) {
            throw new IllegalArgumentException("component: expected 0.." + (components() - 1) + ", got " + k);
        }
        return IntStream.range(0, g.length).boxed().sorted(Comparator.comparingDouble((Integer i) -> -g[i][k]))
                .limit(Math.max(0, m)).mapToInt(Integer::intValue).toArray();
    }

    /**
     * One row per component: its top {@code m} inputs with their labels ({@code labels[i]} the class of input
     * {@code i}, {@code classes} their names) and the share of the most common label among them (purity).
     */
    public Table topInputsTable(int m, int[] labels, List<String> classes) {
        if (labels == null || labels.length != g.length) {
            throw new IllegalArgumentException("labels: expected one per input (" + g.length + "), got "
                    + (labels == null ? "null" : labels.length));
        }
        IntColumn comp = IntColumn.create("component");
        StringColumn inputs = StringColumn.create("topInputs");
        StringColumn names = StringColumn.create("labels");
        DoubleColumn purity = DoubleColumn.create("purity");
        for (int k = 0; k < components(); k++) {
            int[] top = topInputs(k, m);
            comp.append(k);
            inputs.append(Arrays.toString(top));
            int[] counts = new int[Arrays.stream(labels).max().orElse(0) + 1];
            StringBuilder s = new StringBuilder();
            for (int i : top) {
                counts[labels[i]]++;
                s.append(s.length() == 0 ? "" : ", ").append(classes == null || classes.isEmpty() ? "" + labels[i] : classes.get(labels[i]));
            }
            names.append(s.toString());
            purity.append(top.length == 0 ? 0 : (double) Arrays.stream(counts).max().orElse(0) / top.length);
        }
        return Table.create("semi-NMF top inputs", comp, inputs, names, purity);
    }

    /** Columns iteration, loss, relativeError. */
    public Table toTable() {
        int[] it = IntStream.range(1, losses.length + 1).toArray();
        double[] rel = Arrays.stream(losses).map(l -> total > 0 ? l / total : 0).toArray();
        return Table.create("semi-NMF loss", IntColumn.create("iteration", it), DoubleColumn.create("loss", losses),
                DoubleColumn.create("relativeError", rel));
    }

    /** The relative error against the iteration. */
    public dev.re3.plot.Figure plot() {
        StringBuilder x = new StringBuilder();
        StringBuilder y = new StringBuilder();
        for (int i = 0; i < losses.length; i++) {
            x.append(i == 0 ? "" : ",").append(i + 1);
            y.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6g", total > 0 ? losses[i] / total : 0));
        }
        return dev.re3.plot.Figure.fromJson("{\"data\":[{\"type\":\"scatter\",\"mode\":\"lines\",\"name\":\"relative error\",\"x\":["
                + x + "],\"y\":[" + y + "]}],\"layout\":{\"title\":{\"text\":\"Semi-NMF\"},\"xaxis\":{\"title\":{\"text\":"
                + "\"iteration\"}},\"yaxis\":{\"type\":\"log\",\"title\":{\"text\":\"|A - F G^T|^2 / |A|^2\"}}}}");
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Semi-NMF: %d components of %d inputs x %d units, relative error %.4g after %d "
                + "iterations (init %s, seed %d%s)", components(), g.length, f.length, relativeError(), losses.length, init, seed,
                sparsity > 0 ? ", winner-take-all " + sparsity : "");
    }
}
