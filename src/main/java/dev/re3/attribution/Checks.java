package dev.re3.attribution;

import dev.re3.net.Network;
import dev.re3.region.SiteForward;

/** Argument checks shared by the methods: each error says what was expected and what was given. */
final class Checks {
    private Checks() {}

    static Network network(Network network) {
        if (network == null) {
            throw new IllegalArgumentException("network: expected a Network, got null");
        }
        return network;
    }

    static int target(Network network, int target) {
        if (target < 0 || target >= network.outputSize()) {
            throw new IllegalArgumentException("target: expected a class index 0.." + (network.outputSize() - 1)
                    + ", got " + target);
        }
        return target;
    }

    static double temperature(String what, double t) {
        if (!(t > 0) || !Double.isFinite(t)) {
            throw new IllegalArgumentException(what + ": expected a positive finite number, got " + t);
        }
        return t;
    }

    static int atLeastOne(String what, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(what + ": expected at least 1, got " + n);
        }
        return n;
    }

    static double nonNegative(String what, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(what + ": expected a finite number >= 0, got " + v);
        }
        return v;
    }

    static double positive(String what, double v) {
        if (!(v > 0) || Double.isNaN(v)) {
            throw new IllegalArgumentException(what + ": expected a number > 0, got " + v);
        }
        return v;
    }

    static double[] baseline(Network network, double[] baseline) {
        if (baseline == null || baseline.length != network.inputSize()) {
            throw new IllegalArgumentException("baseline: expected " + network.inputSize()
                    + " numbers (one per input element), got " + (baseline == null ? "null" : baseline.length));
        }
        for (int i = 0; i < baseline.length; i++) {
            if (!Double.isFinite(baseline[i])) {
                throw new IllegalArgumentException("baseline: expected finite numbers, got " + baseline[i]
                        + " at element " + i);
            }
        }
        return baseline.clone();
    }

    static int[] predicted(Network network, double[][] xs) {
        double[][] logits = SiteForward.of(network).logits(xs);
        int[] out = new int[xs.length];
        for (int n = 0; n < xs.length; n++) {
            int best = 0;
            for (int c = 1; c < logits[n].length; c++) {
                if (logits[n][c] > logits[n][best]) {
                    best = c;
                }
            }
            out[n] = best;
        }
        return out;
    }
}
