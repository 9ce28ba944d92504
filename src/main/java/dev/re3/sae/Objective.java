package dev.re3.sae;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * One variant's training graph in DJL: from the parameters (named {@code W_enc} m x d, {@code b_enc} m,
 * {@code W_dec} m x d, {@code b_dec} d, and the variant's own) and a batch {@code x'}-space input
 * {@code x} (B x d, already scaled by s), the loss to differentiate.
 */
interface Objective {
    /** What one forward pass gives: the loss, the batch's mean squared-error sum per row, and the codes (B x m). */
    record Pass(NDArray loss, NDArray reconstruction, NDArray codes) {}

    /** Training state a graph may read or update: the sparsity coefficient now and the dead-latent mask. */
    final class State {
        double coefficient;
        /** Latents counted dead now (may be null or all false). */
        boolean[] dead;
        int deadCount;
        /** BatchTopK's running threshold; NaN until the first step. */
        double threshold = Double.NaN;
        /** Draws dropout masks (CODEC) in training; null for no dropout. */
        java.util.Random random;
    }

    Pass forward(Map<String, NDArray> p, NDArray x, State state);

    /** Whether the decoder rows are kept at unit norm during training. */
    boolean unitNormDecoder();

    /** {@code sum_j (x - x_hat)^2} per row, mean over the batch. */
    static NDArray squaredError(NDArray x, NDArray xHat) {
        return x.sub(xHat).square().sum(new int[] {1}).mean();
    }

    /** {@code h = (x - b_dec) W_enc^T + b_enc}, B x m. */
    static NDArray pre(Map<String, NDArray> p, NDArray x) {
        return x.sub(p.get("b_dec")).matMul(p.get("W_enc").transpose()).add(p.get("b_enc"));
    }

    /** {@code f W_dec + b_dec}, B x d. */
    static NDArray decode(Map<String, NDArray> p, NDArray f) {
        return f.matMul(p.get("W_dec")).add(p.get("b_dec"));
    }
}
