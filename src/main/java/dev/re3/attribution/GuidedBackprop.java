package dev.re3.attribution;

import dev.re3.net.Network;
import dev.re3.region.Pullback;

/**
 * Guided backpropagation (Springenberg et al. 2015, "Striving for simplicity"; Captum's {@code GuidedBackprop}):
 * the gradient with only the positive part of the cotangent passed back through each rectifier,
 * {@code dL/dz = [z > 0] * max(dL/dy, 0)} ({@link Pullback#optGuided(boolean)}). Max pools route to their
 * argmax. No completeness check.
 */
public final class GuidedBackprop implements Attribution {
    private final Network network;
    private final Pullback pullback;

    private GuidedBackprop(Network network) {
        this.network = Checks.network(network);
        this.pullback = Pullback.of(network).optGuided(true);
    }

    public static GuidedBackprop of(Network network) {
        return new GuidedBackprop(network);
    }

    @Override
    public String name() {
        return "guided-backprop";
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
        return "GuidedBackprop of a network " + network.inputSize() + " -> " + network.outputSize();
    }
}
