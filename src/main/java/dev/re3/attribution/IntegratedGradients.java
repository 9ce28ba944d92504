package dev.re3.attribution;

import dev.re3.net.Network;
import dev.re3.polytope.PathSegment;
import dev.re3.polytope.PathWalk;
import dev.re3.polytope.PathWalker;
import dev.re3.region.Pullback;
import dev.re3.region.SiteForward;
import java.util.List;

/**
 * Integrated gradients (Sundararajan et al. 2017, "Axiomatic attribution for deep networks"; Captum's
 * {@code IntegratedGradients}) from a baseline {@code x'} (zero by default, {@link #optBaseline}):
 *
 * <pre>
 *   a_i = (x_i - x'_i) * integral_0^1 d f_t / d x_i (x' + s (x - x')) ds
 * </pre>
 *
 * by one of three {@link Rule}s: {@link Rule#EXACT} (the default) walks the linear regions the straight path
 * crosses ({@link PathWalker}); on segment {@code [s0, s1]} the gradient {@code g_k} is constant, so
 * {@code a = (x - x') * sum_k (s1 - s0) g_k} with no sampling error and {@code sum a = f_t(x) - f_t(x')} up to
 * rounding. {@link Rule#TRAPEZOID} samples {@code N} intervals ({@code s_j = j / N}, end points weighted half);
 * {@link Rule#GAUSS_LEGENDRE} uses {@code N} Gauss-Legendre nodes on {@code [0, 1]} (Captum's default,
 * {@code N = 50}). {@link AttributionResult#completenessDelta()} is {@code |sum a - (f_t(x) - f_t(x'))|}.
 *
 * <p>The gradients at all sample points (or segment midpoints) are pulled back in parallel.
 */
public final class IntegratedGradients implements Attribution {
    /** How the path integral is computed. */
    public enum Rule {
        /** Over the exact regions crossed by the path: a finite sum, complete to rounding. */
        EXACT,
        /** The trapezoid rule over {@code steps} equal intervals. */
        TRAPEZOID,
        /** Gauss-Legendre quadrature with {@code steps} nodes. */
        GAUSS_LEGENDRE
    }

    /** The default number of intervals or nodes of the sampled rules, Captum's {@code n_steps}. */
    public static final int DEFAULT_STEPS = 50;

    private final Network network;
    private final Pullback pullback;
    private final double[] baseline;
    private final Rule rule;
    private final int steps;

    private IntegratedGradients(Network network, double[] baseline, Rule rule, int steps) {
        this.network = network;
        this.pullback = Pullback.of(network);
        this.baseline = baseline;
        this.rule = rule;
        this.steps = steps;
    }

    /** Exact integrated gradients from the zero baseline. */
    public static IntegratedGradients of(Network network) {
        Checks.network(network);
        return new IntegratedGradients(network, new double[network.inputSize()], Rule.EXACT, DEFAULT_STEPS);
    }

    /** A copy with another baseline {@code x'} (one value per input element). */
    public IntegratedGradients optBaseline(double[] baseline) {
        return new IntegratedGradients(network, Checks.baseline(network, baseline), rule, steps);
    }

    /** A copy with another rule. */
    public IntegratedGradients optRule(Rule rule) {
        if (rule == null) {
            throw new IllegalArgumentException("rule: expected EXACT, TRAPEZOID or GAUSS_LEGENDRE, got null");
        }
        return new IntegratedGradients(network, baseline, rule, steps);
    }

    /** A copy with {@code n} intervals (trapezoid) or nodes (Gauss-Legendre); the exact rule needs none. */
    public IntegratedGradients optSteps(int n) {
        return new IntegratedGradients(network, baseline, rule, Checks.atLeastOne("steps", n));
    }

    public double[] baseline() {
        return baseline.clone();
    }

    public Rule rule() {
        return rule;
    }

    public int steps() {
        return steps;
    }

    @Override
    public String name() {
        return "integrated-gradients";
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public AttributionResult attribute(double[] x, int target) {
        network.checkInput(x);
        Checks.target(network, target);
        int d = x.length;
        double[] diff = new double[d];
        boolean same = true;
        for (int i = 0; i < d; i++) {
            diff[i] = x[i] - baseline[i];
            same &= diff[i] == 0;
        }
        double[] s;
        double[] w;
        if (same) {
            s = new double[0];
            w = new double[0];
        } else if (rule == Rule.EXACT) {
            PathWalk walk = PathWalker.of(network).segment(baseline, x);
            if (walk.isPartial()) {
                throw new IllegalStateException("integrated gradients: the exact walk from the baseline stopped early ("
                        + walk.message() + "); use Rule.TRAPEZOID or Rule.GAUSS_LEGENDRE");
            }
            List<PathSegment> segments = walk.segments();
            s = new double[segments.size()];
            w = new double[segments.size()];
            for (int k = 0; k < s.length; k++) {
                s[k] = segments.get(k).tMid();
                w[k] = segments.get(k).tEnd() - segments.get(k).tStart();
            }
        } else if (rule == Rule.TRAPEZOID) {
            s = new double[steps + 1];
            w = new double[steps + 1];
            for (int j = 0; j <= steps; j++) {
                s[j] = j / (double) steps;
                w[j] = (j == 0 || j == steps ? 0.5 : 1.0) / steps;
            }
        } else {
            double[][] nw = gaussLegendre(steps);
            s = nw[0];
            w = nw[1];
        }
        double[][] points = new double[s.length][d];
        for (int k = 0; k < s.length; k++) {
            for (int i = 0; i < d; i++) {
                points[k][i] = baseline[i] + s[k] * diff[i];
            }
        }
        double[][] g = Gradients.at(pullback, network, points, target);
        double[] a = new double[d];
        for (int k = 0; k < s.length; k++) {
            for (int i = 0; i < d; i++) {
                a[i] += w[k] * g[k][i];
            }
        }
        double sum = 0;
        for (int i = 0; i < d; i++) {
            a[i] *= diff[i];
            sum += a[i];
        }
        double[][] f = SiteForward.of(network).logits(new double[][] {x, baseline});
        return AttributionResult.of(name(), network, target, x, a, Math.abs(sum - (f[0][target] - f[1][target])));
    }

    /**
     * Gauss-Legendre nodes and weights on {@code [0, 1]}: {@code [0]} the nodes, {@code [1]} the weights (summing
     * to 1); the roots of {@code P_n} by Newton's method from Chebyshev-like starts.
     */
    static double[][] gaussLegendre(int n) {
        double[] nodes = new double[n];
        double[] weights = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0;
            for (int it = 0; it < 100; it++) {
                double p0 = 1;
                double p1 = z;
                for (int k = 2; k <= n; k++) {
                    double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                if (n == 1) {
                    p0 = 1;
                }
                dp = n * (z * p1 - p0) / (z * z - 1);
                double dz = p1 / dp;
                z -= dz;
                if (Math.abs(dz) < 1e-16) {
                    break;
                }
            }
            double p0 = 1;
            double p1 = z;
            for (int k = 2; k <= n; k++) {
                double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                p0 = p1;
                p1 = p2;
            }
            dp = n == 1 ? 1 : n * (z * p1 - p0) / (z * z - 1);
            double wt = 2 / ((1 - z * z) * dp * dp);
            nodes[i] = (1 - z) / 2;
            nodes[n - 1 - i] = (1 + z) / 2;
            weights[i] = wt / 2;
            weights[n - 1 - i] = wt / 2;
        }
        return new double[][] {nodes, weights};
    }

    @Override
    public String toString() {
        return "IntegratedGradients (" + (rule == Rule.EXACT ? "exact over the regions" : rule.name().toLowerCase(
                java.util.Locale.ROOT) + ", " + steps + " steps") + ") of a network " + network.inputSize() + " -> "
                + network.outputSize();
    }
}
