package dev.re3.sae;

/**
 * The shared affine frame of the encoder variants: {@code h = W_enc (s x - b_dec) + b_enc},
 * {@code x_hat = (f W_dec + b_dec) / s}; a subclass supplies the activation {@code f = sigma(h)} and the
 * sparsity penalty. Weights are copied in and never exposed, so instances are immutable.
 */
abstract class LinearSae implements SparseAutoencoder {
    final int d;
    final int m;
    final double scale;
    final double[][] wEnc;
    final double[] bEnc;
    final double[][] wDec;
    final double[] bDec;

    LinearSae(double scale, double[][] wEnc, double[] bEnc, double[][] wDec, double[] bDec) {
        Checks.matrix("decoder weight", wDec, -1, -1);
        this.m = wDec.length;
        this.d = wDec[0].length;
        Checks.matrix("encoder weight", wEnc, m, d);
        Checks.vector("encoder bias", bEnc, m);
        Checks.vector("decoder bias", bDec, d);
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("input scale: expected a finite positive number, given " + scale);
        }
        this.scale = scale;
        this.wEnc = Checks.copy(wEnc);
        this.bEnc = bEnc.clone();
        this.wDec = Checks.copy(wDec);
        this.bDec = bDec.clone();
    }

    @Override
    public int inputSize() {
        return d;
    }

    @Override
    public int latents() {
        return m;
    }

    /** The input scale {@code s}. */
    public double inputScale() {
        return scale;
    }

    /** Pre-activations {@code h = W_enc (s x - b_dec) + b_enc}, length m. */
    public double[] preActivations(double[] x) {
        Checks.vector("input", x, d);
        double[] c = centred(x);
        double[] h = new double[m];
        for (int i = 0; i < m; i++) {
            double s = bEnc[i];
            double[] w = wEnc[i];
            for (int j = 0; j < d; j++) {
                s += w[j] * c[j];
            }
            h[i] = s;
        }
        return h;
    }

    final double[] centred(double[] x) {
        return Decoding.centred(x, scale, bDec);
    }

    /** The variant's activation of pre-activations {@code h} (a new array). */
    abstract double[] activate(double[] h);

    /** The variant's sparsity penalty of one row's code and pre-activations, at full coefficient. */
    abstract double penalty(double[] f, double[] h);

    @Override
    public double[] encode(double[] x) {
        return activate(preActivations(x));
    }

    /** {@code f W_dec + b_dec} in the scaled space. */
    final double[] decodeScaled(double[] f) {
        return Decoding.scaled(f, wDec, bDec);
    }

    @Override
    public double[] decode(double[] f) {
        return Decoding.decode(f, wDec, bDec, scale);
    }

    @Override
    public double loss(double[][] x) {
        Checks.rows("data", x, d);
        double total = 0;
        for (double[] row : x) {
            double[] h = preActivations(row);
            double[] f = activate(h);
            total += Decoding.squaredError(row, scale, decodeScaled(f)) + penalty(f, h);
        }
        return total / x.length;
    }

    @Override
    public double[] decoderRow(int i) {
        return wDec[i].clone();
    }

    /** A copy of the encoder weight, m x d. */
    public double[][] encoderWeight() {
        return Checks.copy(wEnc);
    }

    /** A copy of the encoder bias, length m. */
    public double[] encoderBias() {
        return bEnc.clone();
    }

    /** A copy of the decoder weight, m x d (row i is latent i's direction). */
    public double[][] decoderWeight() {
        return Checks.copy(wDec);
    }

    /** A copy of the decoder bias, length d. */
    public double[] decoderBias() {
        return bDec.clone();
    }

    static double norm(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a * a;
        }
        return Math.sqrt(s);
    }
}
