package dev.re3.attribution;

import dev.re3.net.Network;
import dev.re3.region.Pullback;
import org.apache.commons.math3.special.Erf;

/**
 * The soft backward gate of a rectifier in an excitation pullback (Satkiewicz 2025, "Pulling Back the Curtain
 * on ReLU Networks"): {@code dL/dz = gate(z / T) * dL/dy} for a ReLU; for a leaky ReLU of slope {@code alpha},
 * {@code alpha + (1 - alpha) gate(z / T)}. The forward pass is unchanged. As {@code T -> 0} both gates tend to
 * the hard gate {@code [z > 0]}.
 */
public enum Gate {
    /** {@code sigmoid(u) = 1 / (1 + e^-u)}, as in ExcitationPullbacks. */
    SIGMOID {
        @Override
        public double of(double u) {
            if (u >= 0) {
                return 1 / (1 + Math.exp(-u));
            }
            double e = Math.exp(u);
            return e / (1 + e);
        }
    },
    /** {@code Phi(u) = (1 + erf(u / sqrt 2)) / 2}, the normal CDF, as in SemanticPullbacks. */
    NORMAL {
        @Override
        public double of(double u) {
            return u >= 0 ? 0.5 * (1 + Erf.erf(u / Math.sqrt(2))) : 0.5 * Erf.erfc(-u / Math.sqrt(2));
        }
    };

    /** The gate's value at {@code u = z / T}. */
    public abstract double of(double u);

    /** The command-line name: {@code sigmoid} or {@code normal}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The gate named {@code sigmoid} or {@code normal}. */
    public static Gate of(String name) {
        for (Gate g : values()) {
            if (g.label().equals(name)) {
                return g;
            }
        }
        throw new IllegalArgumentException("gate: expected sigmoid or normal, got '" + name + "'");
    }

    /**
     * The pullback with this gate at every rectifier (temperature {@code t}) and a soft max-pool backward
     * (temperature {@code poolT}): with {@code detached} the softmax weights {@code s = softmax(v / T)} of the
     * window's values {@code v} ({@link Pullback.PoolRule#softmax}); otherwise the gradient of
     * {@code soft(v) = sum_i v_i s_i}, {@code w_j = s_j (1 + (v_j - soft(v)) / T)}.
     */
    Pullback pullback(Network network, double t, double poolT, boolean detached) {
        Gate gate = this;
        Pullback.PoolRule softmax = Pullback.PoolRule.softmax(poolT);
        Pullback.RectifierRule rule = this == SIGMOID ? Pullback.RectifierRule.sigmoid(t)
                : (z, alpha) -> alpha + (1 - alpha) * gate.of(z / t);
        return Pullback.of(network).optRectifier(rule).optMaxPool(detached ? softmax : new SoftPool(softmax, poolT));
    }

    /** The gradient of the soft pool {@code soft(v) = sum_i v_i s_i}: {@code w_j = s_j (1 + (v_j - soft(v)) / T)}. */
    private record SoftPool(Pullback.PoolRule softmax, double temperature) implements Pullback.PoolRule {
        @Override
        public double[] weights(double[] values) {
            double[] w = softmax.weights(values);
            correct(values, 0, values.length, w);
            return w;
        }

        /** The softmax of every window at once, then each window's correction. */
        @Override
        public void weights(double[] values, int windows, int area, double[] out) {
            softmax.weights(values, windows, area, out);
            for (int o = 0; o < windows; o++) {
                correct(values, o * area, area, out);
            }
        }

        private void correct(double[] values, int from, int n, double[] w) {
            double soft = 0;
            for (int j = from; j < from + n; j++) {
                soft += values[j] * w[j];
            }
            for (int j = from; j < from + n; j++) {
                w[j] *= 1 + (values[j] - soft) / temperature;
            }
        }
    }
}
