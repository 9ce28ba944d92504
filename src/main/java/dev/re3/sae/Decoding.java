package dev.re3.sae;

/** The decoder every variant shares: {@code x_hat = (f W_dec + b_dec) / s}, in float64. */
final class Decoding {
    private Decoding() {}

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
