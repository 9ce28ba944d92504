package dev.re3.net;

import java.util.Arrays;

/**
 * Per-feature standardisation as a layer, {@code y_i = (x_i - mean_i) / scale_i}: the preprocessing of a model
 * trained on standardised data, put in front of it so that the network takes values in the units of the data.
 *
 * <p>It is affine and element-wise, {@code y = s x + t} with slope {@code s_i = 1 / scale_i} and shift
 * {@code t_i = -mean_i / scale_i} ({@link #slope()}, {@link #shift()}), so a local map through it is the
 * network's own map divided by the scales: {@code W_raw[c][i] = W[c][i] / scale_i}, with bias
 * {@code b_raw = b - sum_i W[c][i] mean_i / scale_i}. One mean and one scale per element of the flat input,
 * whatever its shape; {@link #forward} computes {@code (x_i - mean_i) / scale_i} exactly so.
 */
public final class Standardize implements Layer {
    private final double[] mean;
    private final double[] scale;

    /**
     * @param mean finite means, one per input element
     * @param scale finite scales {@code > 0} (standard deviations), as many as means
     */
    public Standardize(double[] mean, double[] scale) {
        this.mean = Checks.finiteCopy("standardize mean", mean);
        this.scale = Checks.finiteCopy("standardize scale", scale);
        if (this.mean.length == 0 || this.scale.length != this.mean.length) {
            throw new IllegalArgumentException("standardize: expected one mean and one scale per feature (at least one),"
                    + " got " + this.mean.length + " means and " + this.scale.length + " scales");
        }
        for (int i = 0; i < this.scale.length; i++) {
            if (!(this.scale[i] > 0)) {
                throw new IllegalArgumentException("standardize scale: expected numbers > 0, got " + this.scale[i]
                        + " at feature " + i);
            }
        }
    }

    /** Number of features {@code d}. */
    public int size() {
        return mean.length;
    }

    /** The means {@code [d]}. */
    public double[] mean() {
        return mean.clone();
    }

    /** The scales {@code [d]}, all {@code > 0}. */
    public double[] scale() {
        return scale.clone();
    }

    /** Mean {@code i}. */
    public double mean(int i) {
        return mean[i];
    }

    /** Scale {@code i}. */
    public double scale(int i) {
        return scale[i];
    }

    /** The slope of the affine map, {@code s_i = 1 / scale_i}. */
    public double[] slope() {
        double[] s = new double[scale.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = 1 / scale[i];
        }
        return s;
    }

    /** The shift of the affine map, {@code t_i = -mean_i / scale_i}: the output at the input {@code 0}. */
    public double[] shift() {
        double[] t = new double[mean.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = -mean[i] / scale[i];
        }
        return t;
    }

    /** How many scales from its mean the largest element of a standardised input is, {@code max_i |y_i|}. */
    public static double farthest(double[] standardised) {
        double m = 0;
        for (double v : standardised) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Override
    public String type() {
        return "standardize";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        long n = 1;
        for (int d : inputShape) {
            n *= d;
        }
        if (n != mean.length) {
            throw new IllegalArgumentException("standardize expects " + mean.length + " input values (one mean and scale"
                    + " each), got shape " + Arrays.toString(inputShape) + " with " + n);
        }
        return inputShape.clone();
    }

    @Override
    public double[] forward(double[] x, int[] inputShape) {
        outputShape(inputShape);
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (x[i] - mean[i]) / scale[i];
        }
        return y;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardize s && Arrays.equals(s.mean, mean) && Arrays.equals(s.scale, scale);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mean) * 31 + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "Standardize(" + mean.length + " features: (x - mean) / scale)";
    }
}
