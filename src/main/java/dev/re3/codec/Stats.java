package dev.re3.codec;

import java.util.Arrays;
import org.ejml.simple.SimpleEVD;
import org.ejml.simple.SimpleMatrix;

/**
 * The formulas of CODEC's layer metrics ({@code bscope/metrics.py}, {@code figure_3/}), on plain arrays.
 */
final class Stats {
    private Stats() {}

    /**
     * Hoyer sparsity {@code (sqrt(n) - |x|_1 / |x|_2) / (sqrt(n) - 1)}: 0 for equal magnitudes, 1 for one
     * non-zero value; NaN for an all-zero vector or {@code n = 1}.
     */
    static double hoyer(double[] x) {
        double l1 = 0;
        double l2 = 0;
        for (double v : x) {
            l1 += Math.abs(v);
            l2 += v * v;
        }
        double sq = Math.sqrt(x.length);
        if (l2 == 0 || x.length < 2) {
            return Double.NaN;
        }
        return (sq - l1 / Math.sqrt(l2)) / (sq - 1);
    }

    /** Pearson's r of two vectors of equal length; NaN when either is constant. */
    static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - ma;
            double db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }

    /**
     * Positive/negative decorrelation of one input's contributions, {@code -r(neg, pos)} across channels,
     * with {@code neg = min(c, 0)} and {@code pos = max(c, 0)} per value, or, for sign-split values
     * ({@code [neg_0..neg_{C-1}, pos_0..pos_{C-1}]}), the two halves.
     */
    static double decorrelation(double[] c, boolean signSplit) {
        double[] neg;
        double[] pos;
        if (signSplit) {
            neg = Arrays.copyOfRange(c, 0, c.length / 2);
            pos = Arrays.copyOfRange(c, c.length / 2, c.length);
        } else {
            neg = Arrays.stream(c).map(v -> Math.min(v, 0)).toArray();
            pos = Arrays.stream(c).map(v -> Math.max(v, 0)).toArray();
        }
        return -pearson(neg, pos);
    }

    /**
     * The variances of the principal components of the rows of {@code m} ({@code [k][d]}, centred on their
     * mean, divided by {@code k - 1}), largest first.
     */
    static double[] pcaVariances(double[][] m) {
        int k = m.length;
        int d = m[0].length;
        double[] mean = new double[d];
        for (double[] row : m) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / k;
            }
        }
        // the k x k Gram matrix of the centred rows has the same non-zero eigenvalues as the d x d covariance
        SimpleMatrix gram = new SimpleMatrix(k, k);
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += (m[a][j] - mean[j]) * (m[b][j] - mean[j]);
                }
                gram.set(a, b, s / Math.max(1, k - 1));
                gram.set(b, a, s / Math.max(1, k - 1));
            }
        }
        SimpleEVD<SimpleMatrix> evd = gram.eig();
        double[] ev = new double[k];
        for (int i = 0; i < k; i++) {
            ev[i] = Math.max(0, evd.getEigenvalue(i).getReal());
        }
        Arrays.sort(ev);
        for (int i = 0; i < k / 2; i++) {
            double t = ev[i];
            ev[i] = ev[k - 1 - i];
            ev[k - 1 - i] = t;
        }
        return ev;
    }

    /** The number of leading components whose variances reach {@code fraction} of the total (0 if none). */
    static int componentsFor(double[] variances, double fraction) {
        double total = Arrays.stream(variances).sum();
        if (!(total > 0)) {
            return 0;
        }
        double cum = 0;
        for (int i = 0; i < variances.length; i++) {
            cum += variances[i];
            if (cum >= fraction * total * (1 - 1e-12)) {
                return i + 1;
            }
        }
        return variances.length;
    }

    /** The participation ratio {@code (sum l)^2 / sum l^2} of the variances; NaN if they are all 0. */
    static double participationRatio(double[] variances) {
        double s = 0;
        double s2 = 0;
        for (double v : variances) {
            s += v;
            s2 += v * v;
        }
        return s2 == 0 ? Double.NaN : s * s / s2;
    }

    /** The mean of the rows of each class, for the classes that occur, in class order. */
    static double[][] classMeans(double[][] rows, int[] classes) {
        int max = Arrays.stream(classes).max().orElse(-1);
        int d = rows.length == 0 ? 0 : rows[0].length;
        double[][] sum = new double[max + 1][d];
        int[] count = new int[max + 1];
        for (int i = 0; i < rows.length; i++) {
            count[classes[i]]++;
            for (int j = 0; j < d; j++) {
                sum[classes[i]][j] += rows[i][j];
            }
        }
        return java.util.stream.IntStream.rangeClosed(0, max).filter(c -> count[c] > 0)
                .mapToObj(c -> Arrays.stream(sum[c]).map(v -> v / count[c]).toArray()).toArray(double[][]::new);
    }

    /** The mean of the finite values (NaN if none). */
    static double finiteMean(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).average().orElse(Double.NaN);
    }
}
