package dev.re3.attribution;

import dev.re3.net.Network;
import dev.re3.region.Pullback;

/**
 * Pullback ascent (Satkiewicz 2025, {@code lib/pga.py}): {@code K} normalised steps of gradient ascent on logit
 * {@code t} along the {@link ExcitationPullback},
 *
 * <pre>
 *   g_k = pullback of f_t at x_k,   x_(k+1) = x_k + alpha g_k / max(|g_k|_2, 1e-20)
 *   then optionally  delta = x_(k+1) - x_0,  x_(k+1) = x_0 + delta min(1, eps / |delta|_2)   (L2 ball)
 *   and optionally   x_(k+1) = clamp(x_(k+1), lo, hi)                                        (input range)
 * </pre>
 *
 * and the attribution is {@code x_K - x_0}. Defaults {@code alpha = 20}, {@code K = 5}, no ball, no clipping:
 * the paper's figure and metric settings for ImageNet images scaled to {@code [-1, 1]} (224 x 224 x 3, so a
 * step of 20 is about 0.05 per element); a small input needs a smaller {@code alpha}. The rules are those of
 * {@link ExcitationPullback} (sigmoid, {@code T = 0.3}, max-pool {@code T = 0.3}). No completeness check.
 */
public final class PullbackAscent implements Attribution {
    public static final double DEFAULT_ALPHA = 20;
    public static final int DEFAULT_STEPS = 5;

    private final Network network;
    private final Gate gate;
    private final double temperature;
    private final double poolTemperature;
    private final double alpha;
    private final int steps;
    private final double radius;
    private final double lo;
    private final double hi;
    private final boolean detached;
    private final Pullback pullback;

    private PullbackAscent(Network network, Gate gate, double temperature, double poolTemperature, double alpha,
            int steps, double radius, double lo, double hi, boolean detached) {
        this.network = network;
        this.detached = detached;
        this.gate = gate;
        this.temperature = temperature;
        this.poolTemperature = poolTemperature;
        this.alpha = alpha;
        this.steps = steps;
        this.radius = radius;
        this.lo = lo;
        this.hi = hi;
        this.pullback = gate.pullback(network, temperature, poolTemperature, detached);
    }

    public static PullbackAscent of(Network network) {
        return new PullbackAscent(Checks.network(network), Gate.SIGMOID, ExcitationPullback.DEFAULT_TEMPERATURE,
                ExcitationPullback.DEFAULT_POOL_TEMPERATURE, DEFAULT_ALPHA, DEFAULT_STEPS, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, false);
    }

    public PullbackAscent optTemperature(double t) {
        return new PullbackAscent(network, gate, Checks.temperature("temperature", t), poolTemperature, alpha, steps,
                radius, lo, hi, detached);
    }

    public PullbackAscent optPoolTemperature(double t) {
        return new PullbackAscent(network, gate, temperature, Checks.temperature("pool temperature", t), alpha, steps,
                radius, lo, hi, detached);
    }

    public PullbackAscent optGate(Gate gate) {
        if (gate == null) {
            throw new IllegalArgumentException("gate: expected SIGMOID or NORMAL, got null");
        }
        return new PullbackAscent(network, gate, temperature, poolTemperature, alpha, steps, radius, lo, hi, detached);
    }

    /** As {@link ExcitationPullback#optDetachedPool}. */
    public PullbackAscent optDetachedPool(boolean detached) {
        return new PullbackAscent(network, gate, temperature, poolTemperature, alpha, steps, radius, lo, hi, detached);
    }

    /** The step length {@code alpha > 0} (L2 norm of each step). */
    public PullbackAscent optAlpha(double alpha) {
        Checks.positive("alpha", alpha);
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha: expected a finite number > 0, got " + alpha);
        }
        return new PullbackAscent(network, gate, temperature, poolTemperature, alpha, steps, radius, lo, hi, detached);
    }

    /** The number of ascent steps {@code K >= 1}. */
    public PullbackAscent optSteps(int k) {
        return new PullbackAscent(network, gate, temperature, poolTemperature, alpha, Checks.atLeastOne("steps", k),
                radius, lo, hi, detached);
    }

    /** Keeps {@code x_k} within the L2 ball of radius {@code eps > 0} around the input. */
    public PullbackAscent optRadius(double eps) {
        return new PullbackAscent(network, gate, temperature, poolTemperature, alpha, steps,
                Checks.positive("radius", eps), lo, hi, detached);
    }

    /** Clamps every element of {@code x_k} to {@code [lo, hi]}. */
    public PullbackAscent optClip(double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clip: expected lo <= hi, got [" + lo + ", " + hi + "]");
        }
        return new PullbackAscent(network, gate, temperature, poolTemperature, alpha, steps, radius, lo, hi, detached);
    }

    @Override
    public String name() {
        return "pullback-ascent";
    }

    @Override
    public Network network() {
        return network;
    }

    /** The ascent path {@code x_0 .. x_K}, {@code [K + 1][d]}. */
    public double[][] path(double[] x, int target) {
        network.checkInput(x);
        Checks.target(network, target);
        int d = x.length;
        double[][] path = new double[steps + 1][];
        path[0] = x.clone();
        double[] z = x.clone();
        for (int k = 0; k < steps; k++) {
            double[] g = Gradients.at(pullback, network, z, target);
            double scale = alpha / Math.max(Gradients.norm(g), 1e-20);
            for (int i = 0; i < d; i++) {
                z[i] += scale * g[i];
            }
            if (radius < Double.POSITIVE_INFINITY) {
                double[] delta = new double[d];
                for (int i = 0; i < d; i++) {
                    delta[i] = z[i] - x[i];
                }
                double n = Gradients.norm(delta);
                double shrink = n > radius ? radius / n : 1;
                for (int i = 0; i < d; i++) {
                    z[i] = x[i] + delta[i] * shrink;
                }
            }
            for (int i = 0; i < d; i++) {
                z[i] = Math.min(hi, Math.max(lo, z[i]));
            }
            path[k + 1] = z.clone();
        }
        return path;
    }

    @Override
    public AttributionResult attribute(double[] x, int target) {
        double[] last = path(x, target)[steps];
        double[] a = new double[x.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = last[i] - x[i];
        }
        return AttributionResult.of(name(), network, target, x, a, Double.NaN);
    }

    @Override
    public String toString() {
        return "PullbackAscent (" + steps + " steps of " + alpha + ", " + gate.label() + " gates, T " + temperature
                + ", max-pool T " + poolTemperature + (radius < Double.POSITIVE_INFINITY ? ", ball " + radius : "")
                + (lo > Double.NEGATIVE_INFINITY || hi < Double.POSITIVE_INFINITY ? ", clip [" + lo + ", " + hi + "]" : "")
                + (detached ? ", detached max-pool softmax" : "") + ") of a network " + network.inputSize() + " -> " + network.outputSize();
    }
}
