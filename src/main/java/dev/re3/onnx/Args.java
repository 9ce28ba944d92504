package dev.re3.onnx;

import dev.re3.net.Layer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * What every operator of the import reads from its node: its inputs as activations or constants, attribute
 * values checked against what a layer can hold, and the layer appended to an activation, each failing with an
 * error that names the node, what was expected and what was given.
 */
final class Args {
    private Args() {}

    static Value argument(Node n, List<Value> in, int k, String what) {
        if (k >= in.size() || in.get(k) == null) {
            throw n.error("expected input " + k + " (" + what + "), got " + (k >= in.size() ? "only " + in.size()
                    + " inputs" : "an empty name"));
        }
        return in.get(k);
    }

    /** Input {@code k} as an activation that a layer may take. */
    static Act act(Node n, List<Value> in, int k) {
        Value v = argument(n, in, k, "the activation");
        if (v instanceof Const c) {
            throw n.error("expected input " + k + " to be computed from the graph input, got a constant " + c.describe());
        }
        Act a = (Act) v;
        if (a.softmax()) {
            throw n.error("takes the output of a Softmax; Softmax is supported only as the last node (the output link)");
        }
        if (a.pad() != null) {
            throw n.error("takes the output of a Pad; a zero Pad is supported only right before AveragePool or Conv");
        }
        return a;
    }

    /** Input 0 as an activation of shape {@code [C, H, W]}. */
    static Act image(Node n, List<Value> in) {
        Act a = act(n, in, 0);
        if (a.shape().length != 3) {
            throw n.error("expected an input of shape [N, C, H, W], got [N, " + dims(a.shape()) + "]");
        }
        return a;
    }

    static Const constant(Node n, List<Value> in, int k, String what) {
        Value v = argument(n, in, k, what);
        if (!(v instanceof Const c)) {
            throw n.error("expected input " + k + " (" + what + ") to be an initializer or constant, got an activation"
                    + " computed from the graph input");
        }
        return c;
    }

    static double[] reals(Node n, Const c, String what, long... dims) {
        if (c.real() == null) {
            throw n.error(what + ": expected a float tensor, got an integer tensor");
        }
        if (!Arrays.equals(c.dims(), dims)) {
            throw n.error(what + ": expected shape " + Arrays.toString(dims) + ", got " + Arrays.toString(c.dims()));
        }
        return c.real();
    }

    static long[] ints(Node n, Const c, String what) {
        if (c.ints() == null) {
            throw n.error(what + ": expected an integer tensor, got a float tensor of shape " + Arrays.toString(c.dims()));
        }
        return c.ints();
    }

    static Act then(Node n, Act x, Supplier<Layer> layer) {
        try {
            return x.then(layer.get());
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage() + " (input [N, " + dims(x.shape()) + "])", e);
        }
    }

    static String dims(int[] shape) {
        return String.join(", ", Arrays.stream(shape).mapToObj(Integer::toString).toList());
    }

    /** Spatial {@code pads} {@code [top, left, bottom, right]} as a symmetric {@code [ph, pw]}. */
    static int[] symmetricPads(Node n, long[] pads) {
        if (pads.length != 4) {
            throw n.error("pads: expected 4 values [top, left, bottom, right], got " + Arrays.toString(pads));
        }
        if (pads[0] != pads[2] || pads[1] != pads[3] || pads[0] < 0 || pads[1] < 0) {
            throw n.error("pads: expected symmetric padding >= 0 (top = bottom, left = right), got "
                    + Arrays.toString(pads));
        }
        return new int[] {Math.toIntExact(pads[0]), Math.toIntExact(pads[1])};
    }

    static int[] pair(Node n, String name, long[] v) {
        if (v.length != 2) {
            throw n.error(name + ": expected 2 values for the height and width axes, got " + Arrays.toString(v));
        }
        return new int[] {Math.toIntExact(v[0]), Math.toIntExact(v[1])};
    }

    static void requireOne(Node n, String name, long[] v) {
        for (long x : v) {
            if (x != 1) {
                throw n.error(name + ": expected all 1 (no dilation), got " + Arrays.toString(v));
            }
        }
    }

    static void noAutoPad(Node n) {
        String autoPad = n.string("auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !(autoPad.equals("VALID") && !n.has("pads"))) {
            throw n.error("auto_pad: expected NOTSET (explicit pads), got " + autoPad);
        }
    }

    static long[] required(Node n, String attribute) {
        long[] v = n.integers(attribute, null);
        if (v == null) {
            throw n.error("expected the attribute '" + attribute + "', got none");
        }
        return v;
    }
}
