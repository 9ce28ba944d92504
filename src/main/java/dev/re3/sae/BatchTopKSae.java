package dev.re3.sae;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * BatchTopK SAE (Bussmann et al. 2024, "BatchTopK Sparse Autoencoders"; SAELens
 * {@code saes/batchtopk_sae.py}, dictionary_learning {@code trainers/batch_top_k.py}). In training, keep the
 * {@code k B} largest of {@code relu(h)} over the whole batch of B rows, with AuxK as in {@link TopKSae}; the
 * inference threshold follows {@code theta <- 0.99 theta + 0.01 min(kept positive values)} each step. At
 * inference the SAE is a JumpReLU with that threshold for every latent:
 * <pre>
 *   f_i = h_i * 1[h_i > theta]
 * </pre>
 */
public final class BatchTopKSae extends LinearSae {
    private final int k;
    private final double threshold;

    /** @param k mean latents kept per input in training; @param threshold the learned inference threshold (>= 0) */
    public BatchTopKSae(double scale, double[][] wEnc, double[] bEnc, double[][] wDec, double[] bDec, int k,
            double threshold) {
        super(scale, wEnc, bEnc, wDec, bDec);
        TopKSae.checkK(k, m);
        Checks.nonNegative("threshold", threshold);
        this.k = k;
        this.threshold = threshold;
    }

    @Override
    public SaeKind kind() {
        return SaeKind.BATCHTOPK;
    }

    /** Mean latents kept per input in training. */
    public int k() {
        return k;
    }

    /** The inference threshold theta. */
    public double threshold() {
        return threshold;
    }

    @Override
    double[] activate(double[] h) {
        double[] f = new double[h.length];
        for (int i = 0; i < h.length; i++) {
            f[i] = h[i] > threshold && h[i] > 0 ? h[i] : 0;
        }
        return f;
    }

    @Override
    double penalty(double[] f, double[] h) {
        return 0;
    }

    static Objective objective(int k) {
        return new Objective() {
            @Override
            public Pass forward(Map<String, NDArray> p, NDArray x, State state) {
                NDArray h = Objective.pre(p, x);
                NDArray r = h.maximum(0);
                int keep = (int) Math.min(r.size(), (long) k * x.getShape().get(0));
                NDArray kth = r.flatten().topK(keep, 0).get(0).min();
                NDArray mask = r.gte(kth).logicalAnd(r.gt(0)).toType(r.getDataType(), false).stopGradient();
                NDArray f = r.mul(mask);
                float minKept = kth.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat();
                if (minKept > 0) {
                    state.threshold = Double.isNaN(state.threshold) ? minKept : 0.99 * state.threshold + 0.01 * minKept;
                }
                NDArray xHat = Objective.decode(p, f);
                NDArray rec = Objective.squaredError(x, xHat);
                NDArray aux = TopKSae.auxK(p, x, h, xHat, state);
                return new Pass(aux == null ? rec : rec.add(aux), rec, f);
            }

            @Override
            public boolean unitNormDecoder() {
                return true;
            }
        };
    }
}
