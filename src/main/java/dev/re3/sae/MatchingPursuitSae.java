package dev.re3.sae;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * Matching-pursuit SAE (MP-SAE; Costa et al. 2025, "From Flat to Hierarchical: Extracting Sparse
 * Representations with Matching Pursuit"; overcomplete {@code sae/mp_sae.py}). No encoder: the code is a
 * greedy residual pursuit over the unit-norm dictionary W_dec:
 * <pre>
 *   r = x' = s x - b_dec,  z = 0;  k times:  c = W_dec r,  j = argmax_i c_i,  z_j += c_j,  r -= c_j W_dec,j
 *   x_hat = (z W_dec + b_dec) / s
 * </pre>
 * Training back-propagates through the pursuit (the choice of j is not differentiated). Loss = |x' - x_hat'|^2.
 */
public final class MatchingPursuitSae implements SparseAutoencoder {
    private final int d;
    private final int m;
    private final int k;
    private final double scale;
    private final double[][] wDec;
    private final double[] bDec;

    /** @param wDec m x d dictionary (used as given; trained dictionaries have unit rows); @param k pursuit steps */
    public MatchingPursuitSae(double scale, double[][] wDec, double[] bDec, int k) {
        Checks.matrix("decoder weight", wDec, -1, -1);
        this.m = wDec.length;
        this.d = wDec[0].length;
        Checks.vector("decoder bias", bDec, d);
        Checks.positive("input scale", scale);
        TopKSae.checkK(k, m);
        this.scale = scale;
        this.wDec = Checks.copy(wDec);
        this.bDec = bDec.clone();
        this.k = k;
    }

    @Override
    public SaeKind kind() {
        return SaeKind.MP;
    }

    @Override
    public int inputSize() {
        return d;
    }

    @Override
    public int latents() {
        return m;
    }

    /** Pursuit steps. */
    public int k() {
        return k;
    }

    /** The input scale s. */
    public double inputScale() {
        return scale;
    }

    /** A copy of the decoder bias. */
    public double[] decoderBias() {
        return bDec.clone();
    }

    /** A copy of the dictionary, m x d. */
    public double[][] decoderWeight() {
        return Checks.copy(wDec);
    }

    @Override
    public double[] encode(double[] x) {
        Checks.vector("input", x, d);
        double[] r = Decoding.centred(x, scale, bDec);
        double[] z = new double[m];
        for (int t = 0; t < k; t++) {
            int best = 0;
            double bestC = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < m; i++) {
                double c = 0;
                for (int j = 0; j < d; j++) {
                    c += wDec[i][j] * r[j];
                }
                if (c > bestC) {
                    bestC = c;
                    best = i;
                }
            }
            z[best] += bestC;
            for (int j = 0; j < d; j++) {
                r[j] -= bestC * wDec[best][j];
            }
        }
        return z;
    }

    @Override
    public double[] decode(double[] f) {
        return Decoding.decode(f, wDec, bDec, scale);
    }

    @Override
    public double loss(double[][] x) {
        Checks.rows("data", x, d);
        return Decoding.squaredError(x, scale, row -> Decoding.scaled(encode(row), wDec, bDec)) / x.length;
    }

    @Override
    public double[] decoderRow(int i) {
        return wDec[i].clone();
    }

    static Objective objective(int k) {
        return new Objective() {
            @Override
            public Pass forward(Map<String, NDArray> p, NDArray x, State state) {
                NDArray w = p.get("W_dec");
                int m = (int) w.getShape().get(0);
                NDArray r = x.sub(p.get("b_dec"));
                NDArray z = null;
                for (int t = 0; t < k; t++) {
                    NDArray c = r.matMul(w.transpose());
                    NDArray pick = c.argMax(1).oneHot(m).toType(c.getDataType(), false).stopGradient();
                    NDArray sel = c.mul(pick);
                    z = z == null ? sel : z.add(sel);
                    r = r.sub(sel.matMul(w));
                }
                NDArray rec = Objective.squaredError(x, Objective.decode(p, z));
                return new Pass(rec, rec, z);
            }

            @Override
            public boolean unitNormDecoder() {
                return true;
            }
        };
    }
}
