package dev.re3.onnx;

import static dev.re3.onnx.Args.*;

import dev.re3.net.BatchNorm;
import dev.re3.net.Conv2d;
import dev.re3.net.Dense;
import dev.re3.net.Layer;
import dev.re3.net.Residual;
import dev.re3.net.Standardize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The affine operators: {@code Gemm} and {@code MatMul} (with the {@code Add} of a bias after it) as dense
 * layers, {@code Add} and {@code Sum} of activations as residual layers, {@code Conv} (with a zero {@code Pad}
 * before it folded into its padding) and {@code BatchNormalization}.
 */
final class AffineOps {
    private AffineOps() {}

    static Value gemm(Node n, List<Value> in) {
        n.allow(Set.of("alpha", "beta", "transA", "transB"));
        if (n.integer("transA", 0) != 0) {
            throw n.error("transA: expected 0, got " + n.integer("transA", 0)
                    + " (transposing the activation would mix examples of the batch)");
        }
        long transB = n.integer("transB", 0);
        if (transB != 0 && transB != 1) {
            throw n.error("transB: expected 0 or 1, got " + transB);
        }
        double alpha = n.real("alpha", 1.0);
        double beta = n.real("beta", 1.0);
        Act x = act(n, in, 0);
        Const b = constant(n, in, 1, "the weight B");
        if (b.dims().length != 2 || b.real() == null) {
            throw n.error("B: expected a float matrix, got " + b.describe());
        }
        int rows = (int) b.dims()[0];
        int cols = (int) b.dims()[1];
        int out = transB == 1 ? rows : cols;
        int inSize = transB == 1 ? cols : rows;
        vector(n, x, inSize);
        double[][] w = new double[out][inSize];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < inSize; i++) {
                w[o][i] = alpha * b.real()[transB == 1 ? o * cols + i : i * cols + o];
            }
        }
        double[] bias = new double[out];
        if (in.size() > 2 && in.get(2) != null) {
            double[] c = bias(n, constant(n, in, 2, "the bias C"), out, "C");
            for (int o = 0; o < out; o++) {
                bias[o] = beta * c[o];
            }
        }
        return then(n, x, () -> new Dense(w, bias));
    }

    static Value matmul(Node n, List<Value> in) {
        n.allow(Set.of());
        Act x = act(n, in, 0);
        Const b = constant(n, in, 1, "the weight");
        if (b.dims().length != 2 || b.real() == null) {
            throw n.error("expected a float matrix [in, out] as input 1, got " + b.describe());
        }
        int rows = (int) b.dims()[0];
        int cols = (int) b.dims()[1];
        vector(n, x, rows);
        double[][] w = new double[cols][rows];
        for (int o = 0; o < cols; o++) {
            for (int i = 0; i < rows; i++) {
                w[o][i] = b.real()[i * cols + o];
            }
        }
        return then(n, x, () -> new Dense(w, new double[cols]));
    }

    static Value add(Node n, List<Value> in) {
        n.allow(Set.of());
        Value a = argument(n, in, 0, "a term");
        Value b = argument(n, in, 1, "a term");
        if (a instanceof Act && b instanceof Act) {
            return residual(n, List.of(act(n, in, 0), act(n, in, 1)));
        }
        if (a instanceof Const && b instanceof Const) {
            throw n.error("adds two constants, which this import does not fold; expected an activation and a bias,"
                    + " or two activations");
        }
        int k = a instanceof Act ? 0 : 1;
        Act x = act(n, in, k);
        Const c = (Const) in.get(1 - k);
        if (!(x.layer() instanceof Dense d) || x.shape().length != 1) {
            throw n.error("adds a constant to the output of " + (x.layer() == null ? "the graph input"
                    : x.layer().type()) + "; adding a constant is supported only as the bias of the MatMul or Gemm"
                    + " right before it");
        }
        double[] extra = bias(n, c, d.out(), "the bias");
        double[] sum = d.bias();
        for (int o = 0; o < sum.length; o++) {
            sum[o] += extra[o];
        }
        return then(n, x.parent(), () -> new Dense(d.weight(), sum));
    }

    /**
     * {@code Sub(x, mean)} and {@code Div(x, scale)} with constants of one value or one per element of {@code x}:
     * a {@link Standardize} layer, {@code (x - mean) / scale}. A {@code Div} right after a {@code Sub} (or a
     * {@code Sub} after a {@code Div} with unit scales) joins it in one layer, as {@code OnnxExport} writes it.
     * Dividing by an activation, or subtracting one, is not affine and is refused.
     */
    static Value standardize(Node n, List<Value> in, boolean divide) {
        n.allow(Set.of());
        Act x = act(n, in, 0);
        Value c0 = argument(n, in, 1, divide ? "the divisor" : "the subtrahend");
        if (!(c0 instanceof Const c)) {
            throw n.error((divide ? "divides by" : "subtracts") + " an activation computed from the graph input, which"
                    + (divide ? " is not piecewise linear" : " this import does not map onto a layer")
                    + "; expected a constant " + (divide ? "scale" : "mean") + " (per-feature standardisation)");
        }
        int size = Arrays.stream(x.shape()).reduce(1, (a, b) -> a * b);
        if (c.real() == null || !(c.size() == 1 || c.size() == size)) {
            throw n.error("expected a float constant of one value or one per element of the input (" + size
                    + "), got " + c.describe());
        }
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = c.size() == 1 ? c.real()[0] : c.real()[i];
        }
        if (divide) {
            if (x.layer() instanceof Standardize s && isOne(s.scale())) {
                return then(n, x.parent(), () -> new Standardize(s.mean(), v));
            }
            return then(n, x, () -> new Standardize(new double[size], v));
        }
        double[] one = new double[size];
        Arrays.fill(one, 1);
        return then(n, x, () -> new Standardize(v, one));
    }

    private static boolean isOne(double[] values) {
        return Arrays.stream(values).allMatch(v -> v == 1);
    }

    static Value sum(Node n, List<Value> in) {
        n.allow(Set.of());
        List<Act> terms = new ArrayList<>();
        for (int k = 0; k < in.size(); k++) {
            terms.add(act(n, in, k));
        }
        if (terms.size() < 2) {
            throw n.error("expected at least two activations to add, got " + terms.size());
        }
        return residual(n, terms);
    }

    static Value conv(Node n, List<Value> in) {
        n.allow(Set.of("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"));
        noAutoPad(n);
        requireOne(n, "dilations", n.integers("dilations", new long[] {1, 1}));
        if (n.integer("group", 1) != 1) {
            throw n.error("group: expected 1 (no grouped or depthwise convolution), got " + n.integer("group", 1));
        }
        Value v = argument(n, in, 0, "the activation");
        int[] extra = v instanceof Act a && a.pad() != null ? a.pad() : new int[] {0, 0};
        Act x = v instanceof Act a && a.pad() != null ? a.parent() : act(n, in, 0);
        if (x.shape().length != 3) {
            throw n.error("expected an input of shape [N, C, H, W], got [N, " + dims(x.shape()) + "]");
        }
        Const w = constant(n, in, 1, "the weight");
        if (w.dims().length != 4 || w.real() == null) {
            throw n.error("expected a float weight [out, in, kh, kw] as input 1, got " + w.describe());
        }
        int out = (int) w.dims()[0];
        int cin = (int) w.dims()[1];
        int kh = (int) w.dims()[2];
        int kw = (int) w.dims()[3];
        long[] kernel = n.integers("kernel_shape", new long[] {kh, kw});
        if (!Arrays.equals(kernel, new long[] {kh, kw})) {
            throw n.error("kernel_shape " + Arrays.toString(kernel) + " does not match the weight's shape "
                    + Arrays.toString(w.dims()));
        }
        double[][][][] weight = new double[out][cin][kh][kw];
        int k = 0;
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < cin; i++) {
                for (int u = 0; u < kh; u++) {
                    for (int t = 0; t < kw; t++) {
                        weight[o][i][u][t] = w.real()[k++];
                    }
                }
            }
        }
        double[] bias = in.size() > 2 && in.get(2) != null
                ? reals(n, constant(n, in, 2, "the bias"), "bias", out) : new double[out];
        int[] stride = pair(n, "strides", n.integers("strides", new long[] {1, 1}));
        int[] pads = symmetricPads(n, n.integers("pads", new long[] {0, 0, 0, 0}));
        int[] padding = {pads[0] + extra[0], pads[1] + extra[1]};
        return then(n, x, () -> new Conv2d(weight, bias, stride, padding));
    }

    static Value batchNorm(Node n, List<Value> in) {
        n.allow(Set.of("epsilon", "momentum", "training_mode"));
        if (n.integer("training_mode", 0) != 0) {
            throw n.error("training_mode: expected 0 (inference, running statistics), got " + n.integer("training_mode", 0));
        }
        Act x = act(n, in, 0);
        if (x.shape().length != 1 && x.shape().length != 3) {
            throw n.error("expected an input of shape [N, C] or [N, C, H, W], got [N, " + dims(x.shape()) + "]");
        }
        int c = x.shape()[0];
        double[] gamma = reals(n, constant(n, in, 1, "scale"), "scale", c);
        double[] beta = reals(n, constant(n, in, 2, "B"), "B", c);
        double[] mean = reals(n, constant(n, in, 3, "input_mean"), "input_mean", c);
        double[] var = reals(n, constant(n, in, 4, "input_var"), "input_var", c);
        double eps = n.real("epsilon", 1e-5);
        return then(n, x, () -> new BatchNorm(gamma, beta, mean, var, eps));
    }

    private static void vector(Node n, Act x, int size) {
        if (x.shape().length != 1 || x.shape()[0] != size) {
            throw n.error("expected an input of shape [N, " + size + "], got [N, " + dims(x.shape()) + "]"
                    + (x.shape().length != 1 ? " (flatten it first)" : ""));
        }
    }

    /** A bias that broadcasts to {@code [out]}: shape {@code []}, {@code [1]}, {@code [out]} or {@code [1, out]}. */
    private static double[] bias(Node n, Const c, int out, String what) {
        long[] d = c.dims();
        boolean ok = c.real() != null && (c.size() == 1 && d.length <= 2
                || d.length == 1 && d[0] == out || d.length == 2 && d[0] == 1 && d[1] == out);
        if (!ok) {
            throw n.error(what + ": expected a float bias of shape [" + out + "] or [1, " + out + "], got " + c.describe());
        }
        double[] b = new double[out];
        for (int o = 0; o < out; o++) {
            b[o] = c.size() == 1 ? c.real()[0] : c.real()[o];
        }
        return b;
    }

    /** Where the paths of the terms split, a residual layer with one branch per term. */
    private static Act residual(Node n, List<Act> terms) {
        for (Act t : terms) {
            if (!Arrays.equals(t.shape(), terms.get(0).shape())) {
                throw n.error("expected terms of one shape (no broadcasting), got [N, " + dims(terms.get(0).shape())
                        + "] and [N, " + dims(t.shape()) + "]");
            }
        }
        Act base = Act.commonAncestor(terms);
        List<List<Layer>> branches = terms.stream().map(t -> t.layersFrom(base)).toList();
        return then(n, base, () -> new Residual(branches));
    }
}
