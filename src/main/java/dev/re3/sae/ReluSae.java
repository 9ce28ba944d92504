package dev.re3.sae;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * ReLU SAE with an L1 penalty weighted by the decoder-row norms (Bricken et al. 2023, "Towards
 * Monosemanticity"; the "April update" form used by SAELens {@code saes/standard_sae.py}):
 * <pre>
 *   f = relu(h),   loss = |x' - x_hat'|^2 + lambda * sum_i f_i |W_dec,i|
 * </pre>
 * Because the penalty sees the decoder norms, the decoder rows need no unit-norm constraint.
 */
public final class ReluSae extends LinearSae {
    private final double l1;

    /**
     * @param scale input scale s; @param wEnc m x d; @param bEnc m; @param wDec m x d; @param bDec d
     * @param l1 the L1 coefficient lambda (>= 0)
     */
    public ReluSae(double scale, double[][] wEnc, double[] bEnc, double[][] wDec, double[] bDec, double l1) {
        super(scale, wEnc, bEnc, wDec, bDec);
        Checks.nonNegative("l1 coefficient", l1);
        this.l1 = l1;
    }

    @Override
    public SaeKind kind() {
        return SaeKind.RELU;
    }

    /** The L1 coefficient lambda. */
    public double l1() {
        return l1;
    }

    @Override
    double[] activate(double[] h) {
        double[] f = new double[h.length];
        for (int i = 0; i < h.length; i++) {
            f[i] = Math.max(0, h[i]);
        }
        return f;
    }

    @Override
    double penalty(double[] f, double[] h) {
        double s = 0;
        for (int i = 0; i < m; i++) {
            if (f[i] != 0) {
                s += f[i] * norm(wDec[i]);
            }
        }
        return l1 * s;
    }

    static Objective objective() {
        return new Objective() {
            @Override
            public Pass forward(Map<String, NDArray> p, NDArray x, State state) {
                NDArray f = Objective.pre(p, x).maximum(0);
                NDArray rec = Objective.squaredError(x, Objective.decode(p, f));
                NDArray norms = p.get("W_dec").square().sum(new int[] {1}).sqrt();
                NDArray penalty = f.mul(norms).sum(new int[] {1}).mean();
                return new Pass(rec.add(penalty.mul(state.coefficient)), rec, f);
            }

            @Override
            public boolean unitNormDecoder() {
                return false;
            }
        };
    }
}
