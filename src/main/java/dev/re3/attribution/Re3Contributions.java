package dev.re3.attribution;

import dev.re3.net.Network;
import dev.re3.region.Region;

/**
 * Re3's exact contributions as an attribution: {@code a_i = W[t][i] x_i} with {@code (W, b)} the local affine
 * map of the region of {@code x} ({@link Region}), so that {@code sum_i a_i + b_t = f_t(x)}. The completeness
 * delta is {@code |sum_i a_i + b_t - f_t(x)|}, zero up to rounding.
 */
public final class Re3Contributions implements Attribution {
    private final Network network;

    private Re3Contributions(Network network) {
        this.network = Checks.network(network);
    }

    public static Re3Contributions of(Network network) {
        return new Re3Contributions(network);
    }

    @Override
    public String name() {
        return "re3";
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public AttributionResult attribute(double[] x, int target) {
        network.checkInput(x);
        Checks.target(network, target);
        Region region = Region.of(network, x);
        double[] w = region.weight()[target];
        double sum = region.bias()[target];
        for (int i = 0; i < w.length; i++) {
            w[i] *= x[i];
            sum += w[i];
        }
        return AttributionResult.of(name(), network, target, x, w, Math.abs(sum - region.logits()[target]));
    }

    @Override
    public String toString() {
        return "Re3Contributions (W x) of a network " + network.inputSize() + " -> " + network.outputSize();
    }
}
