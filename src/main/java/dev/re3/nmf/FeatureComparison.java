package dev.re3.nmf;

import dev.re3.sae.SparseAutoencoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Semi-NMF, a sparse autoencoder and PCA as feature decompositions of the same activations {@code X}
 * ({@code [n][d]}; issue item 4 of the semi-NMF paper, "Decomposing MLP activations into interpretable features via
 * semi-NMF", 2025). Each method writes a row as an offset plus coded directions,
 * {@code x_hat = b + sum_k c_k d_k} ({@code c [n][K]}, {@code d [K][d]}):
 * <ul>
 * <li>semi-NMF: {@code b = 0}, {@code d_k = F[:, k]}, {@code c = G >= 0} (the rows it was fitted on);</li>
 * <li>SAE: {@code b = decode(0)}, {@code d_k = decode(e_k) - b}, {@code c = encode(x)} (its decoder is affine);</li>
 * <li>PCA with as many components as the semi-NMF: {@code b = mean(X)}, {@code d_k} the top eigenvectors of the
 *     covariance {@code (1/n) (X - b)^T (X - b)}, {@code c = (x - b) . d_k}; each direction's sign makes its
 *     largest-magnitude coefficient positive.</li>
 * </ul>
 * Measured per method: {@code l0 = mean count(c_k != 0)} and its fraction of {@code K};
 * {@code relativeError = sum |x - x_hat|^2 / sum |x|^2} (the semi-NMF loss) and
 * {@code fvu = sum |x - x_hat|^2 / sum |x - mean|^2} (as {@link dev.re3.sae.SaeMetrics}); the error curve
 * {@code fvu(j)} keeping, per row, only its {@code j} largest terms by {@code |c_k| |d_k|} ({@code j = 0} is the
 * offset alone); and the class purity of each component's top inputs: the {@code m} rows with the largest positive
 * {@code c_k}, purity the share of their most common label. A component with no positive coefficient is dead and
 * left out of the mean purity. Immutable.
 */
public final class FeatureComparison implements dev.re3.plot.Presentable {
    /** One method's figures; {@code curve[j]} the FVU with the {@code j} largest terms per row kept. */
    public record Method(String name, int components, double l0, double nonzeroFraction, double relativeError, double fvu,
            double meanPurity, int deadComponents, double[] purity, double[] curve) {
        public Method {
            purity = purity.clone();
            curve = curve.clone();
        }

        @Override
        public double[] purity() {
            return purity.clone();
        }

        @Override
        public double[] curve() {
            return curve.clone();
        }
    }

    private final List<Method> methods;
    private final int rows;
    private final int units;
    private final int topInputs;

    private FeatureComparison(List<Method> methods, int rows, int units, int topInputs) {
        this.methods = List.copyOf(methods);
        this.rows = rows;
        this.units = units;
        this.topInputs = topInputs;
    }

    /**
     * Compares the semi-NMF {@code nmf} (fitted on exactly these rows {@code x}), the SAE {@code sae} (may be null)
     * and PCA with {@code nmf.components()} components on {@code x}, purity over the top {@code topInputs} rows.
     *
     * @param labels one class per row of {@code x}
     */
    public static FeatureComparison of(double[][] x, int[] labels, SemiNmfResult nmf, SparseAutoencoder sae, int topInputs) {
        if (x == null || x.length == 0 || x[0] == null) {
            throw new IllegalArgumentException("activations: expected at least one row, got none");
        }
        int n = x.length;
        int d = x[0].length;
        for (int i = 0; i < n; i++) {
            if (x[i] == null || x[i].length != d) {
                throw new IllegalArgumentException("activations: expected rows of " + d + " values, got "
                        + (x[i] == null ? "null" : x[i].length) + " in row " + i);
            }
        }
        if (labels == null || labels.length != n) {
            throw new IllegalArgumentException("labels: expected one per row (" + n + "), got "
                    + (labels == null ? "null" : labels.length));
        }
        if (Arrays.stream(labels).anyMatch(l -> l < 0)) {
            throw new IllegalArgumentException("labels: expected class indices of 0 or more, got " + Arrays.stream(labels).min().getAsInt());
        }
        if (nmf == null) {
            throw new IllegalArgumentException("semi-NMF: expected a result fitted on these rows, got null");
        }
        double[][] g = nmf.coefficients();
        double[][] f = nmf.features();
        if (g.length != n || f.length != d) {
            throw new IllegalArgumentException("semi-NMF: expected a factorisation of these " + n + " rows of " + d
                    + " values, got one of " + g.length + " rows of " + f.length);
        }
        if (sae != null && sae.inputSize() != d) {
            throw new IllegalArgumentException("SAE: expected input size " + d + ", got " + sae.inputSize());
        }
        if (topInputs < 1) {
            throw new IllegalArgumentException("topInputs: expected 1 or more, got " + topInputs);
        }
        int k = nmf.components();
        List<Method> out = new ArrayList<>();
        out.add(measure("semi-NMF", x, labels, new double[d], transpose(f), g, topInputs));
        if (sae != null) {
            double[] b = sae.decode(new double[sae.latents()]);
            double[][] dirs = new double[sae.latents()][];
            for (int c = 0; c < dirs.length; c++) {
                double[] e = new double[sae.latents()];
                e[c] = 1;
                dirs[c] = sae.decode(e);
                for (int j = 0; j < d; j++) {
                    dirs[c][j] -= b[j];
                }
            }
            double[][] codes = new double[n][];
            for (int i = 0; i < n; i++) {
                codes[i] = sae.encode(x[i]);
            }
            out.add(measure(sae.kind().key() + " SAE", x, labels, b, dirs, codes, topInputs));
        }
        double[] mean = mean(x);
        double[][] dirs = pca(x, mean, Math.min(k, d));
        double[][] codes = new double[n][dirs.length];
        for (int c = 0; c < dirs.length; c++) {
            int big = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += (x[i][j] - mean[j]) * dirs[c][j];
                }
                codes[i][c] = s;
                big = Math.abs(s) > Math.abs(codes[big][c]) ? i : big;
            }
            if (codes[big][c] < 0) {
                for (int i = 0; i < n; i++) {
                    codes[i][c] = -codes[i][c];
                }
                for (int j = 0; j < d; j++) {
                    dirs[c][j] = -dirs[c][j];
                }
            }
        }
        out.add(measure("PCA", x, labels, mean, dirs, codes, topInputs));
        return new FeatureComparison(out, n, d, topInputs);
    }

    /** The methods in order: semi-NMF, the SAE if given, PCA. */
    public List<Method> methods() {
        return methods;
    }

    /** The method called {@code name} ("semi-NMF", "PCA", or the SAE's, e.g. "topk SAE"). */
    public Method method(String name) {
        return methods.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "method: expected one of " + methods.stream().map(Method::name).toList() + ", got " + name));
    }

    /** One row per method: components, l0, nonzeroFraction, relativeError, fvu, meanPurity, deadComponents. */
    public Table toTable() {
        return Table.create("semi-NMF, SAE and PCA features", StringColumn.create("method", methods.stream().map(Method::name)
                .toList()), IntColumn.create("components", methods.stream().mapToInt(Method::components).toArray()),
                DoubleColumn.create("l0", methods.stream().mapToDouble(Method::l0).toArray()),
                DoubleColumn.create("nonzeroFraction", methods.stream().mapToDouble(Method::nonzeroFraction).toArray()),
                DoubleColumn.create("relativeError", methods.stream().mapToDouble(Method::relativeError).toArray()),
                DoubleColumn.create("fvu", methods.stream().mapToDouble(Method::fvu).toArray()),
                DoubleColumn.create("meanPurity", methods.stream().mapToDouble(Method::meanPurity).toArray()),
                IntColumn.create("deadComponents", methods.stream().mapToInt(Method::deadComponents).toArray()));
    }

    /**
     * Left: FVU against the number of terms kept per row, one line per method (the last point is the method's full
     * code). Right: the mean purity of the components' top inputs.
     */
    public dev.re3.plot.Figure plot() {
        String[] colours = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};
        StringBuilder data = new StringBuilder();
        for (int m = 0; m < methods.size(); m++) {
            double[] c = methods.get(m).curve;
            StringBuilder x = new StringBuilder();
            StringBuilder y = new StringBuilder();
            for (int j = 0; j < c.length; j++) {
                x.append(j == 0 ? "" : ",").append(j);
                y.append(j == 0 ? "" : ",").append(num(c[j]));
            }
            data.append("{\"type\":\"scatter\",\"mode\":\"lines+markers\",\"name\":\"").append(methods.get(m).name())
                    .append("\",\"line\":{\"color\":\"").append(colours[m % colours.length]).append("\"},\"x\":[").append(x)
                    .append("],\"y\":[").append(y).append("]},");
        }
        StringBuilder names = new StringBuilder();
        StringBuilder purity = new StringBuilder();
        StringBuilder colour = new StringBuilder();
        for (int m = 0; m < methods.size(); m++) {
            names.append(m == 0 ? "" : ",").append('"').append(methods.get(m).name()).append('"');
            double p = methods.get(m).meanPurity();
            purity.append(m == 0 ? "" : ",").append(Double.isNaN(p) ? "null" : num(p));
            colour.append(m == 0 ? "" : ",").append('"').append(colours[m % colours.length]).append('"');
        }
        data.append("{\"type\":\"bar\",\"showlegend\":false,\"xaxis\":\"x2\",\"yaxis\":\"y2\",\"x\":[").append(names)
                .append("],\"y\":[").append(purity).append("],\"marker\":{\"color\":[").append(colour).append("]}}");
        return dev.re3.plot.Figure.fromJson("{\"data\":[" + data + "],\"layout\":{\"title\":{\"text\":\"Reconstruction "
                + "against sparsity, and purity of the top " + topInputs + " inputs\"},\"height\":400,\"xaxis\":{\"domain\":[0,0.6],"
                + "\"title\":{\"text\":\"terms kept per row\"}},\"yaxis\":{\"type\":\"log\",\"title\":{\"text\":\"FVU\"}},"
                + "\"xaxis2\":{\"domain\":[0.72,1],\"anchor\":\"y2\"},\"yaxis2\":{\"anchor\":\"x2\",\"range\":[0,1.05],"
                + "\"title\":{\"text\":\"mean purity\"}}}}");
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Features of %d rows x %d units, purity of the top %d "
                + "inputs:", rows, units, topInputs));
        for (Method m : methods) {
            s.append(String.format(Locale.ROOT, "%n  %-10s %3d components, L0 %.4g, FVU %.4g, relative error %.4g, purity %.4g"
                    + "%s", m.name(), m.components(), m.l0(), m.fvu(), m.relativeError(), m.meanPurity(),
                    m.deadComponents() > 0 ? " (" + m.deadComponents() + " dead)" : ""));
        }
        return s.toString();
    }

    private static Method measure(String name, double[][] x, int[] labels, double[] offset, double[][] dirs, double[][] codes,
            int m) {
        int n = x.length;
        int d = offset.length;
        int k = dirs.length;
        double[] mean = mean(x);
        double total = 0;
        double var = 0;
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                total += row[j] * row[j];
                var += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
        }
        double[] norm = new double[k];
        for (int c = 0; c < k; c++) {
            norm[c] = Math.sqrt(Arrays.stream(dirs[c]).map(v -> v * v).sum());
        }
        int most = 0;
        for (double[] c : codes) {
            most = Math.max(most, (int) Arrays.stream(c).filter(v -> v != 0).count());
        }
        double[] level = new double[most + 1];
        double l0 = 0;
        for (int i = 0; i < n; i++) {
            double[] c = codes[i];
            Integer[] order = new Integer[k];
            int live = 0;
            for (int t = 0; t < k; t++) {
                if (c[t] != 0) {
                    order[live++] = t;
                }
            }
            l0 += live;
            Arrays.sort(order, 0, live, Comparator.comparingDouble((Integer t) -> -Math.abs(c[t]) * norm[t]));
            double[] r = new double[d];
            for (int j = 0; j < d; j++) {
                r[j] = x[i][j] - offset[j];
            }
            level[0] += sq(r);
            for (int s = 0; s < live; s++) {
                double[] dir = dirs[order[s]];
                double v = c[order[s]];
                for (int j = 0; j < d; j++) {
                    r[j] -= v * dir[j];
                }
                level[s + 1] += sq(r);
            }
            double full = sq(r);
            for (int s = live + 1; s <= most; s++) {
                level[s] += full;
            }
        }
        double err = level[most];
        double[] fvu = new double[level.length];
        for (int s = 0; s < fvu.length; s++) {
            fvu[s] = var > 0 ? level[s] / var : 0;
        }
        double[] purity = new double[k];
        int dead = 0;
        double sum = 0;
        for (int t = 0; t < k; t++) {
            int tt = t;
            int[] top = java.util.stream.IntStream.range(0, n).filter(i -> codes[i][tt] > 0).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -codes[i][tt])).limit(m).mapToInt(Integer::intValue).toArray();
            if (top.length == 0) {
                purity[t] = Double.NaN;
                dead++;
                continue;
            }
            purity[t] = purity(top, labels);
            sum += purity[t];
        }
        return new Method(name, k, l0 / n, k > 0 ? l0 / n / k : 0, total > 0 ? err / total : 0, var > 0 ? err / var : 0,
                dead < k ? sum / (k - dead) : Double.NaN, dead, purity, fvu);
    }

    static double purity(int[] top, int[] labels) {
        int[] counts = new int[Arrays.stream(labels).max().orElse(0) + 1];
        int best = 0;
        for (int i : top) {
            best = Math.max(best, ++counts[labels[i]]);
        }
        return (double) best / top.length;
    }

    private static double sq(double[] r) {
        double s = 0;
        for (double v : r) {
            s += v * v;
        }
        return s;
    }

    private static double[] mean(double[][] x) {
        double[] m = new double[x[0].length];
        for (double[] row : x) {
            for (int j = 0; j < m.length; j++) {
                m[j] += row[j] / x.length;
            }
        }
        return m;
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    /** The top {@code k} unit eigenvectors of the covariance, {@code [k][d]}, by descending eigenvalue. */
    private static double[][] pca(double[][] x, double[] mean, int k) {
        int d = mean.length;
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        for (double[] row : x) {
            for (int a = 0; a < d; a++) {
                double u = row[a] - mean[a];
                if (u == 0) {
                    continue;
                }
                for (int b = a; b < d; b++) {
                    cov.add(a, b, u * (row[b] - mean[b]) / x.length);
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < a; b++) {
                cov.set(a, b, cov.get(b, a));
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(cov)) {
            throw new IllegalStateException("PCA: eigendecomposition of the " + d + "x" + d + " covariance failed");
        }
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -eig.getEigenvalue(i).getReal()));
        double[][] dirs = new double[k][d];
        for (int c = 0; c < k; c++) {
            DMatrixRMaj v = eig.getEigenVector(order[c]);
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += v.get(j) * v.get(j);
            }
            for (int j = 0; j < d; j++) {
                dirs[c][j] = v.get(j) / Math.sqrt(norm);
            }
        }
        return dirs;
    }
}
