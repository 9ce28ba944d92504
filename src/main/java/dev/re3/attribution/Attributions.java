package dev.re3.attribution;

import dev.re3.net.Network;

/** The methods by name, as the command line and {@code Re3.attribution(name)} spell them. */
public final class Attributions {
    static final String[] NAMES = {"gradient", "input-x-gradient", "integrated-gradients", "smoothgrad",
        "guided-backprop", "excitation-pullback", "pullback-ascent", "re3"};

    private Attributions() {}

    /**
     * The method with its defaults.
     *
     * @throws IllegalArgumentException for an unknown name; the message lists the names
     */
    public static Attribution of(Network network, String name) {
        Checks.network(network);
        if (name == null) {
            throw new IllegalArgumentException("method: expected one of " + String.join(", ", NAMES) + ", got null");
        }
        return switch (name) {
            case "gradient" -> Gradient.of(network);
            case "input-x-gradient" -> InputXGradient.of(network);
            case "integrated-gradients" -> IntegratedGradients.of(network);
            case "smoothgrad" -> SmoothGrad.of(network);
            case "guided-backprop" -> GuidedBackprop.of(network);
            case "excitation-pullback" -> ExcitationPullback.of(network);
            case "pullback-ascent" -> PullbackAscent.of(network);
            case "re3" -> Re3Contributions.of(network);
            default -> throw new IllegalArgumentException("method: expected one of " + String.join(", ", NAMES)
                    + ", got '" + name + "'");
        };
    }
}
