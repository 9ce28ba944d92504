package dev.re3.attribution;

import dev.re3.net.Network;
import dev.re3.region.Pullback;
import java.util.stream.IntStream;

/** Gradients of one logit through a {@link Pullback}, for one point or a batch of points in parallel. */
final class Gradients {
    private Gradients() {}

    /** The one-hot cotangent of logit {@code target}, pulled back from the logits to the input at {@code x}. */
    static double[] at(Pullback pullback, Network network, double[] x, int target) {
        double[][] g = new double[1][network.outputSize()];
        g[0][target] = 1;
        return pullback.pull(x, g, Pullback.OUTPUT, Pullback.INPUT).cotangents()[0];
    }

    /** {@link #at} for every row of {@code points}, in parallel, {@code [n][inputs]}. */
    static double[][] at(Pullback pullback, Network network, double[][] points, int target) {
        double[][] out = new double[points.length][];
        IntStream.range(0, points.length).parallel().forEach(n -> out[n] = at(pullback, network, points[n], target));
        return out;
    }

    static double norm(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a * a;
        }
        return Math.sqrt(s);
    }
}
