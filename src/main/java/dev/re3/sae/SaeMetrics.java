package dev.re3.sae;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How well an SAE reconstructs a set of rows, all in float64 and in the data's own units.
 * With n rows, reconstructions {@code x_hat = decode(encode(x))} and codes {@code f}:
 * <ul>
 *   <li>{@code mse = sum |x - x_hat|^2 / (n d)}</li>
 *   <li>{@code fvu = sum |x - x_hat|^2 / sum |x - mean(x)|^2} (numerator and denominator summed separately,
 *       the mean over these rows); {@code explainedVariance = 1 - fvu}</li>
 *   <li>{@code l0 = mean count(f_i != 0)}, {@code l1 = mean sum |f_i|}</li>
 *   <li>{@code deadFraction}: latents never non-zero on these rows; {@code denseFraction}: latents non-zero
 *       on more than 10% of them</li>
 *   <li>{@code cosine}: mean over rows of cos(x, x_hat) (rows with a zero norm count as 1 if both are zero)</li>
 *   <li>{@code relativeBias = sum |x_hat|^2 / sum <x, x_hat>} (1 when unbiased; below 1 means shrinkage)</li>
 * </ul>
 * {@code density} holds each latent's firing fraction. Immutable.
 */
public record SaeMetrics(int rows, double mse, double fvu, double explainedVariance, double l0, double l1,
        double deadFraction, double denseFraction, double cosine, double relativeBias, double[] density) {
    /** Density above which a latent counts as dense. */
    public static final double DENSE = 0.1;

    public SaeMetrics {
        density = density.clone();
    }

    @Override
    public double[] density() {
        return density.clone();
    }

    /** The metrics of {@code sae} on the rows of {@code x}. */
    public static SaeMetrics of(SparseAutoencoder sae, double[][] x) {
        int d = sae.inputSize();
        int m = sae.latents();
        Checks.matrix("data", x, -1, d);
        int n = x.length;
        double[] mean = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        double err = 0;
        double var = 0;
        double l0 = 0;
        double l1 = 0;
        double cos = 0;
        double hatSq = 0;
        double dot = 0;
        long[] fired = new long[m];
        for (double[] row : x) {
            double[] f = sae.encode(row);
            double[] y = sae.decode(f);
            double xx = 0;
            double yy = 0;
            double xy = 0;
            for (int j = 0; j < d; j++) {
                double e = row[j] - y[j];
                err += e * e;
                double c = row[j] - mean[j];
                var += c * c;
                xx += row[j] * row[j];
                yy += y[j] * y[j];
                xy += row[j] * y[j];
            }
            for (int i = 0; i < m; i++) {
                if (f[i] != 0) {
                    l0++;
                    l1 += Math.abs(f[i]);
                    fired[i]++;
                }
            }
            cos += xx == 0 || yy == 0 ? (xx == yy ? 1 : 0) : xy / Math.sqrt(xx * yy);
            hatSq += yy;
            dot += xy;
        }
        double fvu = var > 0 ? err / var : (err == 0 ? 0 : Double.POSITIVE_INFINITY);
        double[] density = new double[m];
        int dead = 0;
        int dense = 0;
        for (int i = 0; i < m; i++) {
            density[i] = fired[i] / (double) n;
            dead += fired[i] == 0 ? 1 : 0;
            dense += density[i] > DENSE ? 1 : 0;
        }
        return new SaeMetrics(n, err / ((double) n * d), fvu, 1 - fvu, l0 / n, l1 / n, dead / (double) m,
                dense / (double) m, cos / n, dot == 0 ? Double.NaN : hatSq / dot, density);
    }

    /** One row per metric: {@code metric}, {@code value}. */
    public Table toTable() {
        String[] names = {"rows", "mse", "fvu", "explainedVariance", "l0", "l1", "deadFraction", "denseFraction",
            "cosine", "relativeBias"};
        double[] values = {rows, mse, fvu, explainedVariance, l0, l1, deadFraction, denseFraction, cosine, relativeBias};
        return Table.create("SAE metrics", StringColumn.create("metric", names), DoubleColumn.create("value", values));
    }

    /** Feature-density histogram: log10 of each latent's firing fraction (dead latents at -10). */
    public dev.re3.plot.Figure plot() {
        StringBuilder v = new StringBuilder();
        for (int i = 0; i < density.length; i++) {
            v.append(i == 0 ? "" : ",").append(density[i] > 0 ? Math.log10(density[i]) : -10);
        }
        return dev.re3.plot.Figure.fromJson("{\"data\":[{\"type\":\"histogram\",\"x\":[" + v
                + "],\"nbinsx\":40,\"name\":\"latents\"}],\"layout\":{\"title\":{\"text\":\"Feature density (L0 "
                + String.format(java.util.Locale.ROOT, "%.2f", l0) + ", FVU " + String.format(java.util.Locale.ROOT, "%.4f", fvu)
                + ")\"},\"xaxis\":{\"title\":{\"text\":\"log10 firing fraction\"}},\"yaxis\":{\"title\":{\"text\":\"latents\"}}}}");
    }
}
