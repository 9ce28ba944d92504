package dev.re3.sae;

/**
 * A trained sparse autoencoder (SAE): a dictionary of {@code m} directions in an input space of size
 * {@code d}, an encoder giving each input a sparse code over them, and a decoder mapping codes back.
 *
 * <p>Every variant shares the affine frame of the {@code re3-sae/1} format, with an input scale {@code s}:
 * <pre>
 *   x' = s x - b_dec                      (d)
 *   h  = W_enc x' + b_enc                 (m)    pre-activations, W_enc is m x d
 *   f  = sigma(h)                         (m)    the variant's sparse activation
 *   x_hat = (f W_dec + b_dec) / s          (d)    W_dec is m x d, one row per latent
 * </pre>
 * Implementations are immutable and safe to share between threads; all arithmetic is float64.
 */
public interface SparseAutoencoder {
    /** The variant, as written in the {@code kind} key of the saved format. */
    SaeKind kind();

    /** Input size {@code d}. */
    int inputSize();

    /** Number of latents (dictionary size) {@code m}. */
    int latents();

    /**
     * The sparse code {@code f} of one input.
     *
     * @param x an input of length {@link #inputSize()}
     * @return a new array of length {@link #latents()}
     * @throws IllegalArgumentException if {@code x} has the wrong length or is not finite
     */
    double[] encode(double[] x);

    /**
     * The reconstruction {@code x_hat = (f W_dec + b_dec) / s} of a code.
     *
     * @param f a code of length {@link #latents()}
     * @return a new array of length {@link #inputSize()}
     */
    double[] decode(double[] f);

    /** {@code decode(encode(x))}. */
    default double[] reconstruct(double[] x) {
        return decode(encode(x));
    }

    /**
     * The training objective on these rows, in the scaled space the SAE was trained in: the mean over rows
     * of {@code |s x - (f W_dec + b_dec)|^2} plus the variant's sparsity penalty at its full coefficient
     * (auxiliary losses that depend on training state, such as AuxK, are not included).
     *
     * @param x rows of length {@link #inputSize()}
     */
    double loss(double[][] x);

    /** A copy of decoder row {@code i} (the direction of latent {@code i}, length {@code d}). */
    double[] decoderRow(int i);
}
