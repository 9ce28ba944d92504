package dev.re3.attribution;

import dev.re3.net.Network;
import dev.re3.region.Pullback;

/**
 * Input times gradient {@code a_i = x_i * d f_t / d x_i} (Shrikumar et al. 2016; Captum's
 * {@code InputXGradient}). On a ReLU network it equals Re3's contributions {@code W[t][i] x_i}
 * ({@link Re3Contributions}), which also carry the completeness check against the local bias. No check here.
 */
public final class InputXGradient implements Attribution {
    private final Network network;
    private final Pullback pullback;

    private InputXGradient(Network network) {
        this.network = Checks.network(network);
        this.pullback = Pullback.of(network);
    }

    public static InputXGradient of(Network network) {
        return new InputXGradient(network);
    }

    @Override
    public String name() {
        return "input-x-gradient";
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public AttributionResult attribute(double[] x, int target) {
        network.checkInput(x);
        Checks.target(network, target);
        double[] g = Gradients.at(pullback, network, x, target);
        for (int i = 0; i < g.length; i++) {
            g[i] *= x[i];
        }
        return AttributionResult.of(name(), network, target, x, g, Double.NaN);
    }

    @Override
    public String toString() {
        return "InputXGradient of a network " + network.inputSize() + " -> " + network.outputSize();
    }
}
