package dev.re3.polytope;

import dev.re3.net.Network;
import java.util.Arrays;

/** Checks of the points a caller gives: each message says what was expected and what was given. */
final class Inputs {
    private Inputs() {}

    static double[] finite(String what, double[] x) {
        if (x == null) {
            throw new IllegalArgumentException(what + ": expected an array of finite numbers, got null");
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException(what + ": expected finite numbers, got " + x[i] + " at index " + i);
            }
        }
        if (x.length == 0) {
            throw new IllegalArgumentException(what + ": expected at least one number, got none");
        }
        return x.clone();
    }

    /** {@code x} has the network's input size. */
    static void fits(Network net, String what, double[] x) {
        if (x.length != net.inputSize()) {
            throw new IllegalArgumentException(what + ": expected " + net.inputSize() + " numbers (the network's input "
                    + "shape " + Arrays.toString(net.inputShape()) + "), got " + x.length);
        }
    }

    static int positive(String what, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(what + ": expected an integer >= 1, got " + n);
        }
        return n;
    }

    static double positive(String what, double r) {
        if (!(r > 0) || !Double.isFinite(r)) {
            throw new IllegalArgumentException(what + ": expected a finite number > 0, got " + r);
        }
        return r;
    }
}
