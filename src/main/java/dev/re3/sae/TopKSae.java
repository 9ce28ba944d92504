package dev.re3.sae;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * TopK SAE (Gao et al. 2024, "Scaling and evaluating sparse autoencoders"; OpenAI {@code train.py},
 * dictionary_learning {@code trainers/top_k.py}): keep the k largest of {@code relu(h)}, zero the rest.
 * <pre>
 *   f = TopK_k(relu(h)),   loss = |x' - x_hat'|^2 + (1/32) AuxK
 *   AuxK = |e - z_aux W_dec|^2 / |e - mean(e)|^2,   e = x' - x_hat' (detached),
 *   z_aux = TopK_{k_aux}(relu(h) over dead latents),  k_aux = min(d/2, number dead)
 * </pre>
 * Decoder rows are kept at unit norm. Ties at the k-th value are broken towards the lower index.
 */
public final class TopKSae extends LinearSae {
    private final int k;

    /** @param k latents kept per input, 1 <= k <= m */
    public TopKSae(double scale, double[][] wEnc, double[] bEnc, double[][] wDec, double[] bDec, int k) {
        super(scale, wEnc, bEnc, wDec, bDec);
        checkK(k, m);
        this.k = k;
    }

    static void checkK(int k, int m) {
        if (k < 1 || k > m) {
            throw new IllegalArgumentException("k: expected 1 <= k <= latents (" + m + "), given " + k);
        }
    }

    @Override
    public SaeKind kind() {
        return SaeKind.TOPK;
    }

    /** Latents kept per input. */
    public int k() {
        return k;
    }

    @Override
    double[] activate(double[] h) {
        return topK(h, k);
    }

    /** The k largest of relu(h), others zero; ties towards the lower index. */
    static double[] topK(double[] h, int k) {
        int n = h.length;
        double[] f = new double[n];
        boolean[] taken = new boolean[n];
        for (int t = 0; t < k; t++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (!taken[i] && h[i] > 0 && (best < 0 || h[i] > h[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            taken[best] = true;
            f[best] = h[best];
        }
        return f;
    }

    @Override
    double penalty(double[] f, double[] h) {
        return 0;
    }

    /** f = relu(h) masked to values >= the k-th largest per row (mask detached). */
    static NDArray keepTopK(NDArray h, int k) {
        NDArray r = h.maximum(0);
        NDArray kth = r.topK(k, 1).get(0).min(new int[] {1}, true);
        return r.mul(r.gte(kth).toType(r.getDataType(), false).stopGradient());
    }

    /** The AuxK term (already divided by 32), or null when no latent is dead. */
    static NDArray auxK(Map<String, NDArray> p, NDArray x, NDArray h, NDArray xHat, Objective.State state) {
        if (state.dead == null || state.deadCount == 0) {
            return null;
        }
        int d = (int) x.getShape().get(1);
        int kAux = Math.min(Math.max(1, d / 2), state.deadCount);
        float[] mask = new float[state.dead.length];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = state.dead[i] ? 1 : 0;
        }
        NDArray deadMask = h.getManager().create(mask).toType(h.getDataType(), false);
        NDArray hd = h.maximum(0).mul(deadMask);
        NDArray kth = hd.topK(kAux, 1).get(0).min(new int[] {1}, true);
        NDArray keep = hd.gte(kth).logicalAnd(hd.gt(0)).toType(h.getDataType(), false).stopGradient();
        NDArray aux = hd.mul(keep).matMul(p.get("W_dec"));
        NDArray e = x.sub(xHat).stopGradient();
        NDArray variance = e.sub(e.mean(new int[] {0}, true)).square().sum(new int[] {1}).mean();
        NDArray num = e.sub(aux).square().sum(new int[] {1}).mean();
        return num.div(variance.maximum(1e-12)).div(32);
    }

    static Objective objective(int k) {
        return new Objective() {
            @Override
            public Pass forward(Map<String, NDArray> p, NDArray x, State state) {
                NDArray h = Objective.pre(p, x);
                NDArray f = keepTopK(h, k);
                NDArray xHat = Objective.decode(p, f);
                NDArray rec = Objective.squaredError(x, xHat);
                NDArray aux = auxK(p, x, h, xHat, state);
                return new Pass(aux == null ? rec : rec.add(aux), rec, f);
            }

            @Override
            public boolean unitNormDecoder() {
                return true;
            }
        };
    }
}
