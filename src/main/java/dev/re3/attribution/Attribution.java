package dev.re3.attribution;

import dev.re3.net.Network;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * An attribution method: how much each input element of {@code x} counts for one logit {@code f_target(x)},
 * in Captum's shape ({@code attribute(inputs, target)}). Each method is one class; options are set with
 * {@code optX(...)}, which returns a new method object, so a method is immutable and safe to share between
 * threads.
 *
 * <pre>{@code
 * Attribution ig = IntegratedGradients.of(net);          // exact, zero baseline
 * AttributionResult r = ig.attribute(x, 3);              // attribution of logit 3
 * r.completenessDelta();                                  // |sum a - (f_3(x) - f_3(0))|, about 1e-15
 * List<AttributionResult> all = ig.attribute(xs);        // each input's predicted class
 * }</pre>
 */
public interface Attribution {
    /** The method's name as the command line spells it, e.g. {@code "integrated-gradients"}. */
    String name();

    /** The network the method explains. */
    Network network();

    /**
     * The attribution of logit {@code target} at {@code x}.
     *
     * @param x one input, flat row-major, {@code [network.inputSize()]}
     * @param target a class index {@code 0 .. classes - 1}
     * @throws IllegalArgumentException if {@code x} has the wrong size or {@code target} is out of range
     */
    AttributionResult attribute(double[] x, int target);

    /** The attribution of the predicted class {@code argmax f(x)}. */
    default AttributionResult attribute(double[] x) {
        return attribute(x, Checks.predicted(network(), new double[][] {x})[0]);
    }

    /**
     * The attributions of a batch, input {@code n} for class {@code targets[n]}; inputs are attributed in
     * parallel.
     */
    default List<AttributionResult> attribute(double[][] xs, int[] targets) {
        network().checkBatch(xs);
        if (targets == null || targets.length != xs.length) {
            throw new IllegalArgumentException("targets: expected one class per input (" + xs.length + "), got "
                    + (targets == null ? "null" : targets.length));
        }
        for (int n = 0; n < targets.length; n++) {
            Checks.target(network(), targets[n]);
        }
        AttributionResult[] out = new AttributionResult[xs.length];
        IntStream.range(0, xs.length).parallel().forEach(n -> out[n] = attribute(xs[n], targets[n]));
        return List.of(out);
    }

    /** The attributions of a batch, each input for its predicted class. */
    default List<AttributionResult> attribute(double[][] xs) {
        return attribute(xs, Checks.predicted(network(), xs));
    }

    /** The predicted class of every row, {@code argmax_c f_c(x)} (first on ties). */
    static int[] predicted(Network network, double[][] xs) {
        return Checks.predicted(network, xs);
    }

    /** The names {@link Attributions#of(Network, String)} accepts. */
    static List<String> names() {
        return Arrays.asList(Attributions.NAMES);
    }
}
