package dev.re3.sae;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings for training one SAE, with the required ones (variant, latents, k or coefficient) fixed by the
 * factory methods of {@link Sae} and every optional one set by an {@code optX} method, which changes this
 * trainer in place and returns it. {@link #fit(double[][])} trains and returns a {@link FittedSae}.
 *
 * <p>Training (see {@link Training}): Adam with bias correction; rows shuffled each epoch with the seed;
 * decoder rows random unit vectors drawn with the seed, encoder = decoder transpose, {@code b_enc = 0},
 * {@code b_dec} at the mean or geometric median of the scaled training rows; input scale
 * {@code s = sqrt(d) / mean|x|} (so that the mean norm of {@code s x} is {@code sqrt(d)}), kept in the SAE.
 * A trainer is not thread-safe; a fitted SAE is.
 */
public final class SaeTrainer {
    /** Where the decoder bias starts. */
    public enum BiasInit {
        /** The mean of the training rows. */
        MEAN,
        /** The geometric median (Weiszfeld's iteration) of up to 4096 training rows. */
        GEOMETRIC_MEDIAN,
        /** Zero. */
        ZERO
    }

    final SaeKind kind;
    final int latents;
    final int k;
    double coefficient;
    long seed = 0;
    int epochs = 5;
    int batchSize = 1024;
    double learningRate = 1e-3;
    int warmupSteps = 0;
    double decayFraction = 0;
    int sparsityWarmupSteps = 0;
    double clipNorm = 0;
    int deadSteps = 200;
    int resampleEvery = 0;
    boolean scaleInput = true;
    BiasInit biasInit = BiasInit.MEAN;
    double heldOut = 0.1;
    boolean float64 = false;
    double jumpEps = 0.05;
    double jumpThreshold = 0.01;
    double codecThreshold = 0.8;
    double codecDropout = 0.05;
    boolean codecNonNegative = false;
    boolean codecAuxK = false;
    /** CODEC's hidden layers in front of the code layer, each of the input's width. */
    static final int CODEC_LAYERS = 2;
    int logEvery = 10;
    boolean progress = true;

    SaeTrainer(SaeKind kind, int latents, int k, double coefficient) {
        if (latents < 1) {
            throw new IllegalArgumentException("latents: expected at least 1, given " + latents);
        }
        if (kind == SaeKind.TOPK || kind == SaeKind.BATCHTOPK || kind == SaeKind.MP) {
            TopKSae.checkK(k, latents);
        }
        Checks.nonNegative("sparsity coefficient", coefficient);
        this.kind = kind;
        this.latents = latents;
        this.k = k;
        this.coefficient = coefficient;
    }

    /** Seed of every random choice (initial dictionary, shuffles, held-out split, resampling). Default 0. */
    public SaeTrainer optSeed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Passes over the training rows. Default 5. */
    public SaeTrainer optEpochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs: expected at least 1, given " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /** Rows per optimiser step. Default 1024 (fewer if the data has fewer training rows). */
    public SaeTrainer optBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size: expected at least 1, given " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** Adam's learning rate (peak, after warm-up). Default 1e-3. */
    public SaeTrainer optLearningRate(double learningRate) {
        Checks.positive("learning rate", learningRate);
        this.learningRate = learningRate;
        return this;
    }

    /** Steps of linear learning-rate warm-up from 0. Default 0. */
    public SaeTrainer optWarmupSteps(int steps) {
        this.warmupSteps = nonNegative("warm-up steps", steps);
        return this;
    }

    /** Fraction of the last steps over which the learning rate decays linearly to 0, in [0, 1]. Default 0. */
    public SaeTrainer optDecayFraction(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("decay fraction: expected a number in [0, 1], given " + fraction);
        }
        this.decayFraction = fraction;
        return this;
    }

    /** Steps of linear warm-up of the sparsity coefficient (L1 or L0) from 0. Default 0. */
    public SaeTrainer optSparsityWarmupSteps(int steps) {
        this.sparsityWarmupSteps = nonNegative("sparsity warm-up steps", steps);
        return this;
    }

    /** The sparsity coefficient (L1 for ReLU, L0 for JumpReLU, dictionary L1 for CODEC); ignored by TopK, BatchTopK and MP. */
    public SaeTrainer optCoefficient(double coefficient) {
        Checks.nonNegative("sparsity coefficient", coefficient);
        this.coefficient = coefficient;
        return this;
    }

    /** Clip the global gradient norm to this value before each step; 0 (default) does not clip. */
    public SaeTrainer optClipNorm(double clipNorm) {
        Checks.nonNegative("clip norm", clipNorm);
        this.clipNorm = clipNorm;
        return this;
    }

    /** A latent is dead after this many steps without firing (AuxK for TopK, BatchTopK and {@link #optCodecAuxK CODEC}). Default 200. */
    public SaeTrainer optDeadSteps(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("dead steps: expected at least 1, given " + steps);
        }
        this.deadSteps = steps;
        return this;
    }

    /**
     * ReLU variant only: every this many steps, latents that did not fire in the last half of them are
     * resampled (decoder row = a high-error input, drawn with probability proportional to its squared error,
     * normalised; encoder row = that direction times 0.2 times the mean alive encoder norm; bias 0; Adam moments
     * reset). 0 (default) never resamples.
     */
    public SaeTrainer optResampleEvery(int steps) {
        this.resampleEvery = nonNegative("resample interval", steps);
        return this;
    }

    /** Whether to scale inputs so that their mean norm is sqrt(d) (default true); false keeps s = 1. */
    public SaeTrainer optScaleInput(boolean scale) {
        this.scaleInput = scale;
        return this;
    }

    /** Where the decoder bias starts. Default {@link BiasInit#MEAN}. */
    public SaeTrainer optBiasInit(BiasInit init) {
        this.biasInit = java.util.Objects.requireNonNull(init, "bias init");
        return this;
    }

    /**
     * Fraction of rows (chosen with the seed) held out from training for the metrics, in [0, 0.9].
     * Default 0.1. At 0 the metrics are measured on the training rows.
     */
    public SaeTrainer optHeldOut(double fraction) {
        if (!(fraction >= 0 && fraction <= 0.9)) {
            throw new IllegalArgumentException("held-out fraction: expected a number in [0, 0.9], given " + fraction);
        }
        this.heldOut = fraction;
        return this;
    }

    /** Train in float64 instead of float32 (slower; for checks). */
    public SaeTrainer optFloat64(boolean float64) {
        this.float64 = float64;
        return this;
    }

    /** JumpReLU: the kernel bandwidth eps (default 0.05) and the initial threshold (default 0.01). */
    public SaeTrainer optJumpRelu(double eps, double initialThreshold) {
        Checks.positive("bandwidth eps", eps);
        Checks.nonNegative("initial threshold", initialThreshold);
        this.jumpEps = eps;
        this.jumpThreshold = initialThreshold;
        return this;
    }

    /**
     * CODEC only: the code threshold tau in (0, 1) (default 0.8), the dropout probability after each hidden
     * linear layer in [0, 1) (default 0.05; masks drawn with the seed) and whether the dictionary is kept
     * non-negative, {@code relu(W_dec)} (default false).
     */
    public SaeTrainer optCodec(double threshold, double dropout, boolean nonNegative) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("code threshold: expected a number in (0, 1), given " + threshold);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout: expected a probability in [0, 1), given " + dropout);
        }
        this.codecThreshold = threshold;
        this.codecDropout = dropout;
        this.codecNonNegative = nonNegative;
        return this;
    }

    /**
     * CODEC only: whether latents counted dead ({@link #optDeadSteps}: no code at or above tau for that many
     * steps) are trained by TopK's auxiliary loss on their codes before the threshold (formula in
     * {@link CodecSae}), so that they can come back. Default false, CODEC's published loss; the term is this
     * library's, not CODEC's.
     */
    public SaeTrainer optCodecAuxK(boolean auxK) {
        this.codecAuxK = auxK;
        return this;
    }

    /** Record the training history every this many steps (default 10; the last step is always recorded). */
    public SaeTrainer optLogEvery(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("log interval: expected at least 1, given " + steps);
        }
        this.logEvery = steps;
        return this;
    }

    /** Whether to show a progress bar on the console (default true). */
    public SaeTrainer optProgress(boolean progress) {
        this.progress = progress;
        return this;
    }

    /**
     * Trains on the rows of {@code data} (n x d, finite) and measures the metrics on the held-out rows.
     *
     * @throws IllegalArgumentException for an empty, ragged or non-finite matrix, or too few rows to hold out
     * @throws IllegalStateException if the loss becomes NaN or infinite (the message names the step)
     */
    public FittedSae fit(double[][] data) {
        Checks.matrix("data", data, -1, -1);
        return new Training(this).run(data);
    }

    /** {@link #fit(double[][])} of a float matrix. */
    public FittedSae fit(float[][] data) {
        return fit(Checks.toDoubles(data));
    }

    /** The settings, for provenance. */
    Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", kind.key());
        s.put("latents", latents);
        s.put("k", k);
        s.put("coefficient", coefficient);
        s.put("seed", seed);
        s.put("epochs", epochs);
        s.put("batchSize", batchSize);
        s.put("learningRate", learningRate);
        s.put("warmupSteps", warmupSteps);
        s.put("decayFraction", decayFraction);
        s.put("sparsityWarmupSteps", sparsityWarmupSteps);
        s.put("clipNorm", clipNorm);
        s.put("deadSteps", deadSteps);
        s.put("resampleEvery", resampleEvery);
        s.put("scaleInput", scaleInput);
        s.put("biasInit", biasInit.name());
        s.put("heldOut", heldOut);
        s.put("dtype", float64 ? "float64" : "float32");
        if (kind == SaeKind.JUMPRELU) {
            s.put("eps", jumpEps);
            s.put("initialThreshold", jumpThreshold);
        }
        if (kind == SaeKind.CODEC) {
            s.put("codeThreshold", codecThreshold);
            s.put("dropout", codecDropout);
            s.put("nonNegative", codecNonNegative);
            s.put("auxK", codecAuxK);
            s.put("hiddenLayers", CODEC_LAYERS);
        }
        return s;
    }

    private static int nonNegative(String what, int v) {
        if (v < 0) {
            throw new IllegalArgumentException(what + ": expected a number >= 0, given " + v);
        }
        return v;
    }
}
