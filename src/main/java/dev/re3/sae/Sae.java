package dev.re3.sae;

/**
 * Entry point: one factory per SAE variant, each returning a {@link SaeTrainer} to configure and fit.
 *
 * <pre>{@code
 * FittedSae fitted = Sae.topk(96, 3).optSeed(11).optEpochs(20).fit(activations);
 * double fvu = fitted.metrics().fvu();
 * }</pre>
 */
public final class Sae {
    private Sae() {}

    /** ReLU SAE with decoder-norm-weighted L1 of coefficient {@code l1}; see {@link ReluSae}. */
    public static SaeTrainer relu(int latents, double l1) {
        return new SaeTrainer(SaeKind.RELU, latents, 0, l1);
    }

    /** TopK SAE keeping {@code k} latents per input, with AuxK; see {@link TopKSae}. */
    public static SaeTrainer topk(int latents, int k) {
        return new SaeTrainer(SaeKind.TOPK, latents, k, 0);
    }

    /** BatchTopK SAE keeping {@code k} latents per input on average; see {@link BatchTopKSae}. */
    public static SaeTrainer batchTopk(int latents, int k) {
        return new SaeTrainer(SaeKind.BATCHTOPK, latents, k, 0);
    }

    /** JumpReLU SAE with L0 coefficient {@code l0}; see {@link JumpReluSae}. */
    public static SaeTrainer jumpRelu(int latents, double l0) {
        return new SaeTrainer(SaeKind.JUMPRELU, latents, 0, l0);
    }

    /** Matching-pursuit SAE with {@code k} pursuit steps; see {@link MatchingPursuitSae}. */
    public static SaeTrainer matchingPursuit(int latents, int k) {
        return new SaeTrainer(SaeKind.MP, latents, k, 0);
    }

    /**
     * CODEC's SAE: an MLP encoder with a sigmoid and a hard threshold, dictionary L1 of coefficient
     * {@code atomL1} (CODEC's 5e-5); see {@link CodecSae} and {@link SaeTrainer#optCodec}.
     */
    public static SaeTrainer codec(int latents, double atomL1) {
        return new SaeTrainer(SaeKind.CODEC, latents, 0, atomL1);
    }
}
