/**
 * Sparse autoencoders (SAEs) trained on any activation matrix (rows = samples) with DJL autograd and Adam.
 *
 * <ul>
 *   <li>{@link dev.re3.sae.Sae} is the entry point: {@code Sae.topk(96, 3).optSeed(11).fit(x)} returns a
 *       {@link dev.re3.sae.FittedSae} with the SAE, float64 metrics on held-out rows
 *       ({@link dev.re3.sae.SaeMetrics}: MSE, FVU, explained variance, L0, L1, dead and dense fractions,
 *       cosine, relative reconstruction bias) and the {@link dev.re3.sae.TrainingHistory}.</li>
 *   <li>Variants behind {@link dev.re3.sae.SparseAutoencoder} (encode, decode, loss):
 *       {@link dev.re3.sae.ReluSae}, {@link dev.re3.sae.TopKSae}, {@link dev.re3.sae.BatchTopKSae},
 *       {@link dev.re3.sae.JumpReluSae}, {@link dev.re3.sae.MatchingPursuitSae} and CODEC's
 *       {@link dev.re3.sae.CodecSae}.</li>
 *   <li>{@link dev.re3.sae.SaeFile} reads and writes the {@code re3-sae/1} JSON format (bit for bit) and exports
 *       to SAELens's folder layout.</li>
 *   <li>{@link dev.re3.sae.SiteActivations} gives a network's activations at a site for a dataset (through the
 *       engine's {@code SiteForward}) and splices an SAE back in: {@link dev.re3.sae.SpliceResult} (loss
 *       recovered against zero ablation, KL, logit MSE, accuracy).</li>
 * </ul>
 * Every DJL array lives under a base manager closed when training ends, each step's temporaries in an
 * {@code NDScope}; results are plain immutable Java values.
 */
package dev.re3.sae;
