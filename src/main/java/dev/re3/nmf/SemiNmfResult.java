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

    /**
     * Component {@code k} in input space: the mean of the inputs ({@code inputs[i]}, the rows the factorisation was
     * fitted on, e.g. the images behind the activations) of its {@code m} top inputs.
     */
    public double[] topInputsMean(int k, int m, double[][] inputs) {
        if (inputs == null || inputs.length != g.length) {
            throw new IllegalArgumentException("inputs: expected one per factorised row (" + g.length + "), got "
                    + (inputs == null ? "null" : inputs.length));
        }
        int[] top = topInputs(k, m);
        double[] mean = new double[inputs[top[0]].length];
        for (int i : top) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += inputs[i][j] / top.length;
            }
        }
        return mean;
    }

    /**
     * Every component as the mean image of its {@code m} top inputs ({@link #topInputsMean}), {@code height x width}
     * greys, five to a row, each titled with its number, the majority label of those inputs and its share (purity).
     */
    public dev.re3.plot.Figure topInputImages(int m, double[][] inputs, int[] labels, int height, int width) {
        if (labels == null || labels.length != g.length) {
            throw new IllegalArgumentException("labels: expected one per input (" + g.length + "), got "
                    + (labels == null ? "null" : labels.length));
        }
        if (height < 1 || width < 1 || inputs == null || inputs.length == 0 || inputs[0].length != height * width) {
            throw new IllegalArgumentException("image shape: expected height x width = the input length ("
                    + (inputs == null || inputs.length == 0 ? "no inputs" : inputs[0].length) + "), got " + height + " x " + width);
        }
        int kk = components();
        int cols = Math.min(5, kk);
        int rows = (kk + cols - 1) / cols;
        StringBuilder data = new StringBuilder();
        StringBuilder layout = new StringBuilder();
        StringBuilder notes = new StringBuilder();
        for (int k = 0; k < kk; k++) {
            double[] img = topInputsMean(k, m, inputs);
            int[] top = topInputs(k, m);
            int[] counts = new int[Arrays.stream(labels).max().orElse(0) + 1];
            for (int i : top) {
                counts[labels[i]]++;
            }
            int major = 0;
            for (int c = 1; c < counts.length; c++) {
                major = counts[c] > counts[major] ? c : major;
            }
            StringBuilder z = new StringBuilder();
            for (int r = 0; r < height; r++) {
                z.append(r == 0 ? "[" : ",[");
                for (int c = 0; c < width; c++) {
                    z.append(c == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4g", img[r * width + c]));
                }
                z.append(']');
            }
            String ax = k == 0 ? "" : String.valueOf(k + 1);
            data.append(k == 0 ? "" : ",").append("{\"type\":\"heatmap\",\"showscale\":false,\"colorscale\":\"Greys\","
                    + "\"xaxis\":\"x").append(ax).append("\",\"yaxis\":\"y").append(ax).append("\",\"z\":[").append(z).append("]}");
            int row = k / cols;
            int col = k % cols;
            double x0 = col / (double) cols + 0.01;
            double x1 = (col + 1) / (double) cols - 0.01;
            double y1 = 1 - row / (double) rows - 0.06 / rows;
            double y0 = 1 - (row + 1) / (double) rows + 0.02 / rows;
            layout.append(String.format(Locale.ROOT, ",\"xaxis%s\":{\"domain\":[%.4f,%.4f],\"visible\":false,\"anchor\":\"y%s\"},"
                    + "\"yaxis%s\":{\"domain\":[%.4f,%.4f],\"visible\":false,\"autorange\":\"reversed\",\"scaleanchor\":\"x%s\","
                    + "\"anchor\":\"x%s\"}", ax, x0, x1, ax, ax, y0, y1, ax, ax));
            notes.append(k == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"text\":\"%d: %d (%.2f)\",\"showarrow\":false,"
                    + "\"xref\":\"paper\",\"yref\":\"paper\",\"x\":%.4f,\"y\":%.4f,\"yanchor\":\"bottom\"}", k, major,
                    top.length == 0 ? 0 : counts[major] / (double) top.length, (x0 + x1) / 2, y1));
        }
        return dev.re3.plot.Figure.fromJson("{\"data\":[" + data + "],\"layout\":{\"title\":{\"text\":\"Semi-NMF components: "
                + "mean of the top " + m + " inputs (component: majority label, purity)\"},\"height\":" + (80 + 190 * rows)
                + ",\"margin\":{\"t\":70,\"l\":10,\"r\":10,\"b\":10}" + layout + ",\"annotations\":[" + notes + "]}}");
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
