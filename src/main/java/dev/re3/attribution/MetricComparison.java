package dev.re3.attribution;

import dev.re3.plot.Figure;
import dev.re3.plot.Figures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Methods x metrics ({@link Faithfulness#compare}): for each pair the mean over the inputs and a bootstrap 95%
 * interval (1000 resamples of the inputs with replacement, the 2.5th and 97.5th percentiles of the resampled
 * means). Inputs where a metric is undefined ({@code NaN}, e.g. a constant attribution's correlation) are left
 * out of that pair and counted. Immutable.
 */
public final class MetricComparison implements dev.re3.plot.Presentable {
    /** The metrics, in column order. */
    public static final List<String> METRICS = List.of("faithfulnessCorrelation", "infidelity", "maxSensitivity",
            "deletionArea", "insertionArea", "randomLogit");
    static final int RESAMPLES = 1000;

    private final List<String> methods;
    private final double[][][] values;
    private final double[][] mean;
    private final double[][] lo;
    private final double[][] hi;
    private final int[][] count;

    private MetricComparison(List<String> methods, double[][][] values, double[][] mean, double[][] lo, double[][] hi,
            int[][] count) {
        this.methods = List.copyOf(methods);
        this.values = values;
        this.mean = mean;
        this.lo = lo;
        this.hi = hi;
        this.count = count;
    }

    static MetricComparison of(List<String> methods, double[][][] values, long seed) {
        int k = methods.size();
        int m = METRICS.size();
        double[][] mean = new double[k][m];
        double[][] lo = new double[k][m];
        double[][] hi = new double[k][m];
        int[][] count = new int[k][m];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < m; b++) {
                double[] v = Arrays.stream(values[a][b]).filter(d -> !Double.isNaN(d)).toArray();
                count[a][b] = v.length;
                double[] ci = bootstrap(v, new Random(seed + 31L * a + b));
                mean[a][b] = ci[0];
                lo[a][b] = ci[1];
                hi[a][b] = ci[2];
            }
        }
        double[][][] copy = new double[k][m][];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < m; b++) {
                copy[a][b] = values[a][b].clone();
            }
        }
        return new MetricComparison(methods, copy, mean, lo, hi, count);
    }

    /** {@code [mean, lo, hi]} of {@code v}: the mean and its bootstrap percentile interval. */
    static double[] bootstrap(double[] v, Random r) {
        int n = v.length;
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        double mean = Arrays.stream(v).sum() / n;
        double[] means = new double[RESAMPLES];
        for (int s = 0; s < RESAMPLES; s++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += v[r.nextInt(n)];
            }
            means[s] = sum / n;
        }
        Arrays.sort(means);
        return new double[] {mean, means[(int) Math.floor(0.025 * (RESAMPLES - 1))],
            means[(int) Math.ceil(0.975 * (RESAMPLES - 1))]};
    }

    public List<String> methods() {
        return methods;
    }

    /** The mean of {@code metric} (one of {@link #METRICS}) for {@code method}. */
    public double mean(String method, String metric) {
        return mean[index(methods, method, "method")][index(METRICS, metric, "metric")];
    }

    /** {@code [lo, hi]}: the bootstrap 95% interval of the mean. */
    public double[] interval(String method, String metric) {
        int a = index(methods, method, "method");
        int b = index(METRICS, metric, "metric");
        return new double[] {lo[a][b], hi[a][b]};
    }

    /** The per-input values of {@code metric} for {@code method}. */
    public double[] values(String method, String metric) {
        return values[index(methods, method, "method")][index(METRICS, metric, "metric")].clone();
    }

    private static int index(List<String> names, String name, String what) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(what + ": expected one of " + String.join(", ", names) + ", got '"
                    + name + "'");
        }
        return i;
    }

    /** One row per method and metric: {@code method, metric, mean, lo95, hi95, inputs}. */
    public Table toTable() {
        List<String> ms = new ArrayList<>();
        List<String> metric = new ArrayList<>();
        List<Double> mu = new ArrayList<>();
        List<Double> l = new ArrayList<>();
        List<Double> h = new ArrayList<>();
        List<Integer> c = new ArrayList<>();
        for (int a = 0; a < methods.size(); a++) {
            for (int b = 0; b < METRICS.size(); b++) {
                ms.add(methods.get(a));
                metric.add(METRICS.get(b));
                mu.add(mean[a][b]);
                l.add(lo[a][b]);
                h.add(hi[a][b]);
                c.add(count[a][b]);
            }
        }
        return Table.create("Faithfulness of attribution methods", StringColumn.create("method", ms),
                StringColumn.create("metric", metric), DoubleColumn.create("mean", mu), DoubleColumn.create("lo95", l),
                DoubleColumn.create("hi95", h), IntColumn.create("inputs", c.stream().mapToInt(Integer::intValue).toArray()));
    }

    /** Grouped bars: one group per metric, one bar per method (the means). */
    public Figure plot() {
        double[][] v = new double[methods.size()][];
        for (int a = 0; a < v.length; a++) {
            v[a] = mean[a].clone();
        }
        return Figures.groupedBars("Faithfulness metrics (mean over inputs)", METRICS, methods, v, "mean");
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-22s", "method"));
        for (String m : METRICS) {
            s.append(String.format(Locale.ROOT, " %26s", m));
        }
        for (int a = 0; a < methods.size(); a++) {
            s.append('\n').append(String.format(Locale.ROOT, "%-22s", methods.get(a)));
            for (int b = 0; b < METRICS.size(); b++) {
                s.append(String.format(Locale.ROOT, " %8.3g [%7.3g, %7.3g]", mean[a][b], lo[a][b], hi[a][b]));
            }
        }
        return s.toString();
    }
}
