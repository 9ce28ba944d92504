package dev.re3.attribution;

import dev.re3.net.Network;
import dev.re3.region.Pullback;

/**
 * The excitation pullback (Satkiewicz 2025, "Pulling Back the Curtain on ReLU Networks", arXiv 2507.22832): the
 * gradient of logit {@code t} with every rectifier's backward gate made soft and every max pool's backward
 * shared over its window, the forward pass unchanged:
 *
 * <pre>
 *   ReLU:     dL/dz = gate(z / T) dL/dy,     gate = sigmoid (default) or the normal CDF Phi ({@link Gate})
 *   max pool: the forward picks the hard maximum; the backward goes through soft(v) = sum_i v_i s_i,
 *             s = softmax(v / T_pool) over the window's values v (padding left out):
 *             dL/dv_j = s_j (1 + (v_j - soft(v)) / T_pool) dL/dy      ({@link #optDetachedPool}: s_j dL/dy)
 * </pre>
 *
 * with {@code T = 0.3} and {@code T_pool = 0.3} by default (the paper's demo settings; its follow-up uses
 * {@code Phi} with {@code T = 0.6}). Both rules go through {@link Pullback#optRectifier} and
 * {@link Pullback#optMaxPool}. As {@code T, T_pool -> 0} the pullback tends to the {@link Gradient}. The result
 * is not normalised; no completeness check.
 */
public final class ExcitationPullback implements Attribution {
    public static final double DEFAULT_TEMPERATURE = 0.3;
    public static final double DEFAULT_POOL_TEMPERATURE = 0.3;

    private final Network network;
    private final Gate gate;
    private final double temperature;
    private final double poolTemperature;
    private final boolean detached;
    private final Pullback pullback;

    private ExcitationPullback(Network network, Gate gate, double temperature, double poolTemperature,
            boolean detached) {
        this.network = network;
        this.detached = detached;
        this.gate = gate;
        this.temperature = temperature;
        this.poolTemperature = poolTemperature;
        this.pullback = gate.pullback(network, temperature, poolTemperature, detached);
    }

    /** Sigmoid gates, {@code T = 0.3}, max-pool {@code T = 0.3}. */
    public static ExcitationPullback of(Network network) {
        return new ExcitationPullback(Checks.network(network), Gate.SIGMOID, DEFAULT_TEMPERATURE,
                DEFAULT_POOL_TEMPERATURE, false);
    }

    /** The rectifiers' temperature {@code T > 0}. */
    public ExcitationPullback optTemperature(double t) {
        return new ExcitationPullback(network, gate, Checks.temperature("temperature", t), poolTemperature, detached);
    }

    /** The max pools' temperature {@code T_pool > 0}. */
    public ExcitationPullback optPoolTemperature(double t) {
        return new ExcitationPullback(network, gate, temperature, Checks.temperature("pool temperature", t), detached);
    }

    public ExcitationPullback optGate(Gate gate) {
        if (gate == null) {
            throw new IllegalArgumentException("gate: expected SIGMOID or NORMAL, got null");
        }
        return new ExcitationPullback(network, gate, temperature, poolTemperature, detached);
    }

    /**
     * With {@code true}, each max pool shares the cotangent by the softmax weights held constant (as
     * SemanticPullbacks does); with {@code false} (the default, as ExcitationPullbacks and the PyTorch peer do)
     * by the gradient of the soft maximum {@code sum_i v_i softmax(v / T)_i}.
     */
    public ExcitationPullback optDetachedPool(boolean detached) {
        return new ExcitationPullback(network, gate, temperature, poolTemperature, detached);
    }

    public Gate gate() {
        return gate;
    }

    public double temperature() {
        return temperature;
    }

    public double poolTemperature() {
        return poolTemperature;
    }

    @Override
    public String name() {
        return "excitation-pullback";
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public AttributionResult attribute(double[] x, int target) {
        network.checkInput(x);
        Checks.target(network, target);
        return AttributionResult.of(name(), network, target, x, Gradients.at(pullback, network, x, target), Double.NaN);
    }

    @Override
    public String toString() {
        return "ExcitationPullback (" + gate.label() + " gates, T " + temperature + ", max-pool T " + poolTemperature
                + (detached ? ", detached max-pool softmax" : "") + ") of a network " + network.inputSize() + " -> " + network.outputSize();
    }
}
