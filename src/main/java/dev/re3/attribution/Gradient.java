package dev.re3.attribution;

import dev.re3.net.Network;
import dev.re3.region.Pullback;

/**
 * The gradient {@code a = d f_t / d x} (Simonyan et al. 2014, "Deep inside convolutional networks"; Captum's
 * {@code Saliency} with {@code abs=False}). On a ReLU network it is row {@code t} of the local map {@code W} of
 * the region of {@code x}, pulled back by {@link Pullback} with the hard gates. No completeness check.
 */
public final class Gradient implements Attribution {
    private final Network network;
    private final Pullback pullback;

    private Gradient(Network network) {
        this.network = Checks.network(network);
        this.pullback = Pullback.of(network);
    }

    public static Gradient of(Network network) {
        return new Gradient(network);
    }

    @Override
    public String name() {
        return "gradient";
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
        return "Gradient of a network " + network.inputSize() + " -> " + network.outputSize();
    }
}
