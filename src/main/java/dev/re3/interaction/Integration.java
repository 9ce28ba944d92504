package dev.re3.interaction;

import java.util.Arrays;

/**
 * The points {@code alpha_k} in {@code (0, 1]} and weights {@code w_k} of the path integral in the edge formula
 * (the reference code's {@code _calc_integration_points}): {@link #gradient()} one point {@code alpha = 1};
 * {@link #trapezoid(int)} {@code n + 1} evenly spaced points in {@code [eps, 1 - eps]}, {@code eps = 1e-3/(n+1)},
 * weights {@code 1/n} with the ends halved; {@link #gaussLegendre(int)} the {@code n + 1} Gauss-Legendre nodes
 * on {@code [0, 1]}. The weights sum to 1. On a piecewise-linear network with biases scaled along the path the
 * Jacobian is the same at every {@code alpha > 0}, so all three agree there.
 */
public record Integration(String name, double[] alphas, double[] weights) {
    public Integration {
        alphas = alphas.clone();
        weights = weights.clone();
    }

    @Override
    public double[] alphas() {
        return alphas.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    public static Integration gradient() {
        return new Integration("gradient", new double[] {1}, new double[] {1});
    }

    public static Integration trapezoid(int n) {
        check(n);
        if (n == 0) {
            return gradient();
        }
        double eps = 1e-3 / (n + 1);
        double[] a = new double[n + 1];
        double[] w = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            a[k] = eps + (1 - 2 * eps) * k / n;
            w[k] = (k == 0 || k == n ? 0.5 : 1.0) / n;
        }
        return new Integration("trapezoid(" + n + ")", a, w);
    }

    public static Integration gaussLegendre(int n) {
        check(n);
        int m = n + 1;
        double[] a = new double[m];
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            double x = Math.cos(Math.PI * (i + 0.75) / (m + 0.5));
            double dp = 1;
            for (int it = 0; it < 100; it++) {
                double p0 = 1;
                double p1 = x;
                for (int k = 2; k <= m; k++) {
                    double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                double pm = m == 1 ? x : p1;
                double pprev = m == 1 ? 1 : p0;
                dp = m * (x * pm - pprev) / (x * x - 1);
                double dx = pm / dp;
                x -= dx;
                if (Math.abs(dx) < 1e-15) {
                    break;
                }
            }
            a[i] = (1 - x) / 2;
            w[i] = 1.0 / ((1 - x * x) * dp * dp);
        }
        return new Integration("gauss-legendre(" + n + ")", a, w);
    }

    private static void check(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("intervals: expected 0 or more, got " + n);
        }
    }

    @Override
    public String toString() {
        return "Integration " + name + " at " + Arrays.toString(alphas);
    }
}
