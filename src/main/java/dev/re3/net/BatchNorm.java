package dev.re3.net;

/**
 * Batch normalisation in inference form, per channel {@code k}:
 * {@code y = gamma[k] (x - mean[k]) / sqrt(var[k] + eps) + beta[k]}, an affine map {@code y = s x + t}.
 *
 * <p>Channels are the first axis: {@code [channels, h, w]} for images, {@code [d]} for vectors.
 */
public final class BatchNorm implements Layer {
    private final double[] gamma;
    private final double[] beta;
    private final double[] mean;
    private final double[] var;
    private final double eps;

    public BatchNorm(double[] gamma, double[] beta, double[] mean, double[] var, double eps) {
        this.gamma = Checks.finiteCopy("batchnorm gamma", gamma);
        this.beta = Checks.finiteCopy("batchnorm beta", beta);
        this.mean = Checks.finiteCopy("batchnorm mean", mean);
        this.var = Checks.finiteCopy("batchnorm var", var);
        int n = this.gamma.length;
        if (this.beta.length != n || this.mean.length != n || this.var.length != n) {
            throw new IllegalArgumentException("batchnorm: expected gamma, beta, mean and var of one length, got "
                    + n + ", " + this.beta.length + ", " + this.mean.length + ", " + this.var.length);
        }
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("batchnorm eps: expected a finite number > 0, got " + eps);
        }
        for (int k = 0; k < n; k++) {
            if (!(this.var[k] + eps > 0)) {
                throw new IllegalArgumentException("batchnorm var: expected var + eps > 0, got var " + this.var[k]
                        + " at channel " + k);
            }
        }
        this.eps = eps;
    }

    public int channels() {
        return gamma.length;
    }

    public double[] gamma() {
        return gamma.clone();
    }

    public double[] beta() {
        return beta.clone();
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] var() {
        return var.clone();
    }

    public double eps() {
        return eps;
    }

    /** The per-channel scale {@code s = gamma / sqrt(var + eps)}. */
    public double[] scale() {
        double[] s = new double[gamma.length];
        for (int k = 0; k < s.length; k++) {
            s[k] = gamma[k] / Math.sqrt(var[k] + eps);
        }
        return s;
    }

    /** The per-channel shift {@code t = beta - mean s}. */
    public double[] shift() {
        double[] s = scale();
        double[] t = new double[gamma.length];
        for (int k = 0; k < t.length; k++) {
            t[k] = beta[k] - mean[k] * s[k];
        }
        return t;
    }

    @Override
    public String type() {
        return "batchnorm";
    }

    @Override
    public int[] outputShape(int[] s) {
        if (s.length != 1 && s.length != 3) {
            throw new IllegalArgumentException("batchnorm expects an input of shape [d] or [channels, h, w], got "
                    + java.util.Arrays.toString(s));
        }
        if (s[0] != channels()) {
            throw new IllegalArgumentException("batchnorm expects " + channels() + " channels, got " + s[0]);
        }
        return s.clone();
    }

    @Override
    public double[] forward(double[] x, int[] s) {
        outputShape(s);
        double[] scale = scale();
        double[] shift = shift();
        int per = x.length / channels();
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            int k = i / per;
            y[i] = x[i] * scale[k] + shift[k];
        }
        return y;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchNorm b && java.util.Arrays.equals(b.gamma, gamma) && java.util.Arrays.equals(b.beta, beta)
                && java.util.Arrays.equals(b.mean, mean) && java.util.Arrays.equals(b.var, var) && b.eps == eps;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(gamma) * 31 + java.util.Arrays.hashCode(mean);
    }
}
