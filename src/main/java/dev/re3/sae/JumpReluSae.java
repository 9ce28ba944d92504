package dev.re3.sae;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * JumpReLU SAE (Rajamanoharan et al. 2024, "Jumping Ahead: Improving Reconstruction Fidelity with JumpReLU
 * Sparse Autoencoders"; SAELens {@code saes/jumprelu_sae.py}, dictionary_learning {@code trainers/jumprelu.py}):
 * <pre>
 *   f_i = h_i H(h_i - theta_i),   loss = |x' - x_hat'|^2 + lambda * sum_i H(h_i - theta_i)
 * </pre>
 * H has no gradient, so training uses straight-through estimators with the rectangle kernel
 * {@code K(u) = 1[|u| < 1/2]} of bandwidth eps:
 * {@code df/dh = H(h - theta)}, {@code df/dtheta = -(theta/eps) K((h - theta)/eps)},
 * {@code dH/dtheta = -(1/eps) K((h - theta)/eps)}. The threshold is learned directly (not as log theta, which
 * learns slowly under Adam; SAELens PR #718) and kept >= 0. Decoder rows are kept at unit norm.
 */
public final class JumpReluSae extends LinearSae {
    private final double[] threshold;
    private final double l0;

    /** @param threshold theta, m values >= 0; @param l0 the L0 coefficient lambda (>= 0) */
    public JumpReluSae(double scale, double[][] wEnc, double[] bEnc, double[][] wDec, double[] bDec,
            double[] threshold, double l0) {
        super(scale, wEnc, bEnc, wDec, bDec);
        Checks.vector("threshold", threshold, m);
        Checks.nonNegative("l0 coefficient", l0);
        this.threshold = threshold.clone();
        this.l0 = l0;
    }

    @Override
    public SaeKind kind() {
        return SaeKind.JUMPRELU;
    }

    /** A copy of the thresholds theta (length m). */
    public double[] threshold() {
        return threshold.clone();
    }

    /** The L0 coefficient lambda. */
    public double l0() {
        return l0;
    }

    @Override
    double[] activate(double[] h) {
        double[] f = new double[h.length];
        for (int i = 0; i < h.length; i++) {
            f[i] = h[i] > threshold[i] ? h[i] : 0;
        }
        return f;
    }

    @Override
    double penalty(double[] f, double[] h) {
        int n = 0;
        for (int i = 0; i < m; i++) {
            n += h[i] > threshold[i] ? 1 : 0;
        }
        return l0 * n;
    }

    static Objective objective(double eps) {
        return new Objective() {
            @Override
            public Pass forward(Map<String, NDArray> p, NDArray x, State state) {
                NDArray h = Objective.pre(p, x);
                NDArray theta = p.get("theta");
                NDArray t0 = theta.stopGradient();
                NDArray gate = h.gt(t0).toType(h.getDataType(), false).stopGradient();
                NDArray kernel = h.sub(t0).abs().lt(eps / 2).toType(h.getDataType(), false).div(eps).stopGradient();
                NDArray zero = theta.sub(t0); // value 0, gradient 1 with respect to theta
                // f = h H(h - theta), with df/dtheta = -(theta/eps) K straight through
                NDArray f = h.mul(gate).add(zero.mul(kernel.mul(t0).neg().stopGradient()));
                NDArray step = gate.add(zero.mul(kernel.neg()));
                NDArray rec = Objective.squaredError(x, Objective.decode(p, f));
                NDArray penalty = step.sum(new int[] {1}).mean();
                return new Pass(rec.add(penalty.mul(state.coefficient)), rec, h.mul(gate));
            }

            @Override
            public boolean unitNormDecoder() {
                return true;
            }
        };
    }
}
