package dev.re3.sae;

import java.util.function.UnaryOperator;

/**
 * The frame every variant shares, in float64: the input enters as {@code s x - b_dec} and leaves as
 * {@code x_hat = (f W_dec + b_dec) / s}; the reconstruction error is measured in the scaled frame,
 * {@code sum_j (s x_j - (f W_dec + b_dec)_j)^2}.
 */
final class Decoding {
    private Decoding() {}

    /** {@code s x - b_dec} (a new array), what the encoder (or the pursuit) starts from. */
    static double[] centred(double[] x, double scale, double[] bDec) {
        double[] c = new double[bDec.length];
        for (int j = 0; j < c.length; j++) {
            c[j] = scale * x[j] - bDec[j];
        }
        return c;
    }

    /** {@code (f W_dec + b_dec) / s}, the reconstruction in the data's units. */
    static double[] decode(double[] f, double[][] wDec, double[] bDec, double scale) {
        return unscaled(scaled(f, wDec, bDec), scale);
    }

    /** {@code sum_j (s x_j - y_j)^2} of one row and its scaled reconstruction {@code y}. */
    static double squaredError(double[] x, double scale, double[] y) {
        double e = 0;
        for (int j = 0; j < y.length; j++) {
            double r = scale * x[j] - y[j];
            e += r * r;
        }
        return e;
    }

    /**
     * {@code sum_rows sum_j (s x_j - y_j)^2} with {@code y = reconstruction(x)} in the scaled frame, summed
     * term by term in row order (not the sum of the rows' sums, which rounds differently).
     */
    static double squaredError(double[][] x, double scale, UnaryOperator<double[]> reconstruction) {
        double total = 0;
        for (double[] row : x) {
            double[] y = reconstruction.apply(row);
            for (int j = 0; j < y.length; j++) {
                double e = scale * row[j] - y[j];
                total += e * e;
            }
        }
        return total;
    }

    /** {@code f W_dec + b_dec}, the reconstruction in the scaled frame; {@code f} is {@code [m]}. */
    static double[] scaled(double[] f, double[][] wDec, double[] bDec) {
        Checks.vector("code", f, wDec.length);
        double[] y = bDec.clone();
        for (int i = 0; i < wDec.length; i++) {
            double a = f[i];
            if (a != 0) {
                double[] w = wDec[i];
                for (int j = 0; j < y.length; j++) {
                    y[j] += a * w[j];
                }
            }
        }
        return y;
    }

    /** {@code y / s}, back in the data's units; overwrites {@code y}. */
    static double[] unscaled(double[] y, double scale) {
        for (int j = 0; j < y.length; j++) {
            y[j] /= scale;
        }
        return y;
    }
}
