package dev.re3.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import dev.re3.io.ModelFormatException;
import dev.re3.net.AvgPool2d;
import dev.re3.net.BatchNorm;
import dev.re3.net.Conv2d;
import dev.re3.net.Dense;
import dev.re3.net.Dropout;
import dev.re3.net.Flatten;
import dev.re3.net.Layer;
import dev.re3.net.LeakyRelu;
import dev.re3.net.MaxPool2d;
import dev.re3.net.Relu;
import dev.re3.net.Residual;
import dev.re3.net.Standardize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** The operators this import maps onto layers, each turning its input values into its output value. */
final class Ops {
    static final List<String> SUPPORTED = List.of("Gemm", "MatMul", "Add", "Sum", "Conv", "BatchNormalization", "Relu",
            "LeakyRelu", "MaxPool", "AveragePool", "Pad", "GlobalAveragePool", "Flatten", "Reshape", "Shape", "Gather",
            "Unsqueeze", "Concat", "Identity", "Dropout", "Constant", "Softmax", "Sub", "Div");

    /** Operators that are not piecewise linear, with the reason given for rejecting them. */
    private static final Set<String> CURVED = Set.of("Sigmoid", "Tanh", "Exp", "Log", "Softplus", "Softsign", "Elu",
            "Selu", "Celu", "Gelu", "Erf", "HardSigmoid", "Mish", "LogSoftmax", "Pow", "Sqrt", "Reciprocal", "Sin", "Cos",
            "Mul", "LayerNormalization", "InstanceNormalization", "LRN", "Attention");

    private Ops() {}

    static Value apply(Node n, List<Value> in) {
        return switch (n.op()) {
            case "Gemm" -> gemm(n, in);
            case "MatMul" -> matmul(n, in);
            case "Add" -> add(n, in);
            case "Sum" -> sum(n, in);
            case "Conv" -> conv(n, in);
            case "BatchNormalization" -> batchNorm(n, in);
            case "Relu" -> {
                n.allow(Set.of());
                yield then(n, act(n, in, 0), Relu::new);
            }
            case "LeakyRelu" -> {
                n.allow(Set.of("alpha"));
                double alpha = n.real("alpha", 0.01);
                yield then(n, act(n, in, 0), () -> new LeakyRelu(alpha));
            }
            case "MaxPool" -> maxPool(n, in);
            case "AveragePool" -> avgPool(n, in);
            case "Pad" -> pad(n, in);
            case "GlobalAveragePool" -> {
                n.allow(Set.of());
                Act x = image(n, in);
                int[] whole = {x.shape()[1], x.shape()[2]};
                yield then(n, x, () -> new AvgPool2d(whole, whole, new int[] {0, 0}));
            }
            case "Flatten" -> flatten(n, in);
            case "Reshape" -> reshape(n, in);
            case "Shape" -> shape(n, in);
            case "Gather" -> gather(n, in);
            case "Unsqueeze" -> unsqueeze(n, in);
            case "Concat" -> concat(n, in);
            case "Identity" -> {
                n.allow(Set.of());
                yield argument(n, in, 0, "the value to pass on");
            }
            case "Dropout" -> dropout(n, in);
            case "Constant" -> constantNode(n);
            case "Softmax" -> softmax(n, in);
            case "Sub" -> standardize(n, in, false);
            case "Div" -> standardize(n, in, true);
            default -> throw n.error("unsupported operator " + n.op() + (CURVED.contains(n.op())
                    ? ", which is not piecewise linear (Re3 explains networks of affine maps and rectifiers exactly)"
                    : ", which this import does not map onto a layer") + "; supported: " + String.join(", ", SUPPORTED));
        };
    }

    // ---- helpers ----

    private static Value argument(Node n, List<Value> in, int k, String what) {
        if (k >= in.size() || in.get(k) == null) {
            throw n.error("expected input " + k + " (" + what + "), got " + (k >= in.size() ? "only " + in.size()
                    + " inputs" : "an empty name"));
        }
        return in.get(k);
    }

    /** Input {@code k} as an activation that a layer may take. */
    private static Act act(Node n, List<Value> in, int k) {
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
    private static Act image(Node n, List<Value> in) {
        Act a = act(n, in, 0);
        if (a.shape().length != 3) {
            throw n.error("expected an input of shape [N, C, H, W], got [N, " + dims(a.shape()) + "]");
        }
        return a;
    }

    private static Const constant(Node n, List<Value> in, int k, String what) {
        Value v = argument(n, in, k, what);
        if (!(v instanceof Const c)) {
            throw n.error("expected input " + k + " (" + what + ") to be an initializer or constant, got an activation"
                    + " computed from the graph input");
        }
        return c;
    }

    private static double[] reals(Node n, Const c, String what, long... dims) {
        if (c.real() == null) {
            throw n.error(what + ": expected a float tensor, got an integer tensor");
        }
        if (!Arrays.equals(c.dims(), dims)) {
            throw n.error(what + ": expected shape " + Arrays.toString(dims) + ", got " + Arrays.toString(c.dims()));
        }
        return c.real();
    }

    private static long[] ints(Node n, Const c, String what) {
        if (c.ints() == null) {
            throw n.error(what + ": expected an integer tensor, got a float tensor of shape " + Arrays.toString(c.dims()));
        }
        return c.ints();
    }

    private static Act then(Node n, Act x, Supplier<Layer> layer) {
        try {
            return x.then(layer.get());
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage() + " (input [N, " + dims(x.shape()) + "])", e);
        }
    }

    private static String dims(int[] shape) {
        return String.join(", ", Arrays.stream(shape).mapToObj(Integer::toString).toList());
    }

    /** Spatial {@code pads} {@code [top, left, bottom, right]} as a symmetric {@code [ph, pw]}. */
    private static int[] symmetricPads(Node n, long[] pads) {
        if (pads.length != 4) {
            throw n.error("pads: expected 4 values [top, left, bottom, right], got " + Arrays.toString(pads));
        }
        if (pads[0] != pads[2] || pads[1] != pads[3] || pads[0] < 0 || pads[1] < 0) {
            throw n.error("pads: expected symmetric padding >= 0 (top = bottom, left = right), got "
                    + Arrays.toString(pads));
        }
        return new int[] {Math.toIntExact(pads[0]), Math.toIntExact(pads[1])};
    }

    private static int[] pair(Node n, String name, long[] v) {
        if (v.length != 2) {
            throw n.error(name + ": expected 2 values for the height and width axes, got " + Arrays.toString(v));
        }
        return new int[] {Math.toIntExact(v[0]), Math.toIntExact(v[1])};
    }

    private static void requireOne(Node n, String name, long[] v) {
        for (long x : v) {
            if (x != 1) {
                throw n.error(name + ": expected all 1 (no dilation), got " + Arrays.toString(v));
            }
        }
    }

    private static void noAutoPad(Node n) {
        String autoPad = n.string("auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !(autoPad.equals("VALID") && !n.has("pads"))) {
            throw n.error("auto_pad: expected NOTSET (explicit pads), got " + autoPad);
        }
    }

    // ---- affine ----

    private static Value gemm(Node n, List<Value> in) {
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

    private static Value matmul(Node n, List<Value> in) {
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

    private static Value add(Node n, List<Value> in) {
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
    private static Value standardize(Node n, List<Value> in, boolean divide) {
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

    private static Value sum(Node n, List<Value> in) {
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

    private static Value conv(Node n, List<Value> in) {
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

    private static Value batchNorm(Node n, List<Value> in) {
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

    // ---- pooling and padding ----

    private static Value maxPool(Node n, List<Value> in) {
        n.allow(Set.of("auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides"));
        noAutoPad(n);
        if (n.integer("ceil_mode", 0) != 0) {
            throw n.error("ceil_mode: expected 0 (floor), got " + n.integer("ceil_mode", 0));
        }
        if (n.integer("storage_order", 0) != 0) {
            throw n.error("storage_order: expected 0 (row-major), got " + n.integer("storage_order", 0));
        }
        requireOne(n, "dilations", n.integers("dilations", new long[] {1, 1}));
        Value v = argument(n, in, 0, "the activation");
        if (v instanceof Act a && a.pad() != null) {
            throw n.error("takes the output of a zero Pad; max pooling pads with -infinity, so the Pad cannot be"
                    + " folded into it");
        }
        Act x = image(n, in);
        int[] kernel = pair(n, "kernel_shape", required(n, "kernel_shape"));
        int[] stride = pair(n, "strides", n.integers("strides", new long[] {1, 1}));
        int[] padding = symmetricPads(n, n.integers("pads", new long[] {0, 0, 0, 0}));
        return then(n, x, () -> new MaxPool2d(kernel, stride, padding));
    }

    private static long[] required(Node n, String attribute) {
        long[] v = n.integers(attribute, null);
        if (v == null) {
            throw n.error("expected the attribute '" + attribute + "', got none");
        }
        return v;
    }

    private static Value avgPool(Node n, List<Value> in) {
        n.allow(Set.of("auto_pad", "ceil_mode", "count_include_pad", "kernel_shape", "pads", "strides"));
        noAutoPad(n);
        if (n.integer("ceil_mode", 0) != 0) {
            throw n.error("ceil_mode: expected 0 (floor), got " + n.integer("ceil_mode", 0));
        }
        Value v = argument(n, in, 0, "the activation");
        int[] extra = v instanceof Act a && a.pad() != null ? a.pad() : new int[] {0, 0};
        Act x = v instanceof Act a && a.pad() != null ? a.parent() : image(n, in);
        if (x.shape().length != 3) {
            throw n.error("expected an input of shape [N, C, H, W], got [N, " + dims(x.shape()) + "]");
        }
        int[] kernel = pair(n, "kernel_shape", required(n, "kernel_shape"));
        int[] stride = pair(n, "strides", n.integers("strides", new long[] {1, 1}));
        int[] pads = symmetricPads(n, n.integers("pads", new long[] {0, 0, 0, 0}));
        if ((pads[0] > 0 || pads[1] > 0) && n.integer("count_include_pad", 0) == 0) {
            throw n.error("count_include_pad 0 with pads " + Arrays.toString(pads) + ": expected count_include_pad 1"
                    + " or no padding; averages that divide by the number of real inputs at the borders are not a"
                    + " layer here (export with AvgPool2d(count_include_pad=True))");
        }
        int[] padding = {pads[0] + extra[0], pads[1] + extra[1]};
        return then(n, x, () -> new AvgPool2d(kernel, stride, padding));
    }

    private static Value pad(Node n, List<Value> in) {
        n.allow(Set.of("mode"));
        String mode = n.string("mode", "constant");
        if (!mode.equals("constant")) {
            throw n.error("mode: expected constant (zero padding), got " + mode);
        }
        Value v = argument(n, in, 0, "the activation");
        int[] before = v instanceof Act a && a.pad() != null ? a.pad() : new int[] {0, 0};
        Act x = v instanceof Act a && a.pad() != null ? a.parent() : image(n, in);
        long[] pads = ints(n, constant(n, in, 1, "pads"), "pads");
        if (in.size() > 2 && in.get(2) != null) {
            Const value = constant(n, in, 2, "constant_value");
            double z = value.real() != null ? value.real()[0] : value.ints()[0];
            if (value.size() != 1 || z != 0) {
                throw n.error("constant_value: expected 0, got " + value.describe());
            }
        }
        if (in.size() > 3 && in.get(3) != null) {
            throw n.error("axes: expected none (pads for all four axes), got an axes input");
        }
        if (pads.length != 8 || pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0) {
            throw n.error("pads: expected 8 values [0, 0, top, left, 0, 0, bottom, right] (no padding of the batch or"
                    + " channel axes), got " + Arrays.toString(pads));
        }
        int[] p = symmetricPads(n, new long[] {pads[2], pads[3], pads[6], pads[7]});
        int[] total = {before[0] + p[0], before[1] + p[1]};
        if (total[0] == 0 && total[1] == 0) {
            return x;
        }
        return new Act(x, null, x.shape(), total, false);
    }

    // ---- shapes ----

    private static Value flatten(Node n, List<Value> in) {
        n.allow(Set.of("axis"));
        Act x = act(n, in, 0);
        long axis = n.integer("axis", 1);
        int rank = x.shape().length + 1;
        if ((axis < 0 ? axis + rank : axis) != 1) {
            throw n.error("axis: expected 1 (keep the batch axis, flatten the rest), got " + axis);
        }
        return then(n, x, Flatten::new);
    }

    private static Value reshape(Node n, List<Value> in) {
        n.allow(Set.of("allowzero"));
        Act x = act(n, in, 0);
        long[] target = ints(n, constant(n, in, 1, "the target shape"), "the target shape");
        int size = Arrays.stream(x.shape()).reduce(1, Math::multiplyExact);
        boolean zeroCopies = n.integer("allowzero", 0) == 0;
        boolean ok = target.length == 2 && (target[1] == -1 || target[1] == size)
                && (target[0] == Const.BATCH || target[0] == 0 && zeroCopies
                    || n.batch() != Const.BATCH && target[0] == n.batch() || target[0] == -1 && target[1] == size);
        if (!ok) {
            throw n.error("expected a target shape [N, -1] that flattens each example (as x.view(x.size(0), -1) or"
                    + " x.view(-1, " + size + ") do), got " + Const.text(target) + " for an input [N, " + dims(x.shape())
                    + "]");
        }
        return then(n, x, Flatten::new);
    }

    private static Value shape(Node n, List<Value> in) {
        n.allow(Set.of("start", "end"));
        Act x = act(n, in, 0);
        long[] full = new long[x.shape().length + 1];
        full[0] = Const.BATCH;
        for (int i = 0; i < x.shape().length; i++) {
            full[i + 1] = x.shape()[i];
        }
        int r = full.length;
        long start = n.integer("start", 0);
        long end = n.integer("end", r);
        int s = (int) Math.max(0, Math.min(r, start < 0 ? start + r : start));
        int e = (int) Math.max(0, Math.min(r, end < 0 ? end + r : end));
        return Const.ofInts(Arrays.copyOfRange(full, s, Math.max(s, e)));
    }

    private static Value gather(Node n, List<Value> in) {
        n.allow(Set.of("axis"));
        if (n.integer("axis", 0) != 0) {
            throw n.error("axis: expected 0, got " + n.integer("axis", 0));
        }
        Const data = constant(n, in, 0, "the data");
        long[] values = ints(n, data, "the data");
        if (data.dims().length != 1) {
            throw n.error("the data: expected a 1-D integer tensor (a shape), got " + data.describe());
        }
        Const idx = constant(n, in, 1, "the indices");
        long[] index = ints(n, idx, "the indices");
        if (idx.dims().length > 1) {
            throw n.error("the indices: expected a scalar or a 1-D tensor, got " + idx.describe());
        }
        long[] out = new long[index.length];
        for (int i = 0; i < out.length; i++) {
            long j = index[i] < 0 ? index[i] + values.length : index[i];
            if (j < 0 || j >= values.length) {
                throw n.error("index " + index[i] + " is out of range for " + data.describe());
            }
            out[i] = values[(int) j];
        }
        return idx.dims().length == 0 ? Const.scalar(out[0]) : Const.ofInts(out);
    }

    private static Value unsqueeze(Node n, List<Value> in) {
        long[] axes;
        if (n.opset < 13) {
            n.allow(Set.of("axes"));
            axes = required(n, "axes");
        } else {
            n.allow(Set.of());
            axes = ints(n, constant(n, in, 1, "axes"), "axes");
        }
        Const data = constant(n, in, 0, "the data");
        if (!data.isInteger() || data.dims().length != 0 || !Arrays.equals(axes, new long[] {0})
                && !Arrays.equals(axes, new long[] {-1})) {
            throw n.error("expected an integer scalar and axes [0] (one entry of a shape), got " + data.describe()
                    + " and axes " + Const.text(axes));
        }
        return Const.ofInts(data.ints());
    }

    private static Value concat(Node n, List<Value> in) {
        n.allow(Set.of("axis"));
        long axis = n.integer("axis", 0);
        if (axis != 0 && axis != -1) {
            throw n.error("axis: expected 0 (joining 1-D shapes), got " + axis);
        }
        List<Long> all = new ArrayList<>();
        for (int k = 0; k < in.size(); k++) {
            Const c = constant(n, in, k, "a 1-D integer tensor");
            if (!c.isInteger() || c.dims().length != 1) {
                throw n.error("input " + k + ": expected a 1-D integer tensor (part of a shape), got " + c.describe());
            }
            for (long v : c.ints()) {
                all.add(v);
            }
        }
        return Const.ofInts(all.stream().mapToLong(Long::longValue).toArray());
    }

    // ---- the rest ----

    private static Value dropout(Node n, List<Value> in) {
        double ratio;
        if (n.opset < 12) {
            n.allow(Set.of("ratio", "seed"));
            ratio = n.real("ratio", 0.5);
        } else {
            n.allow(Set.of("seed"));
            ratio = 0.5;
            if (in.size() > 1 && in.get(1) != null) {
                Const r = constant(n, in, 1, "ratio");
                if (r.real() == null || r.size() != 1) {
                    throw n.error("ratio: expected a float scalar, got " + r.describe());
                }
                ratio = r.real()[0];
            }
            if (in.size() > 2 && in.get(2) != null) {
                Const t = constant(n, in, 2, "training_mode");
                boolean training = t.isInteger() ? t.ints()[0] != 0 : t.real()[0] != 0;
                if (training) {
                    throw n.error("training_mode: expected false (inference, the identity), got true");
                }
            }
        }
        Value v = argument(n, in, 0, "the activation");
        if (v instanceof Const) {
            return v;
        }
        double rate = ratio;
        return then(n, act(n, in, 0), () -> new Dropout(rate));
    }

    private static Value constantNode(Node n) {
        if (n.proto.getAttributeCount() != 1) {
            throw n.error("expected exactly one attribute holding the value, got " + n.proto.getAttributeCount());
        }
        AttributeProto a = n.proto.getAttribute(0);
        return switch (a.getName()) {
            case "value" -> Const.read(a.getT(), n.where() + ": value");
            case "value_float" -> new Const(new long[0], new double[] {a.getF()}, null);
            case "value_floats" -> new Const(new long[] {a.getFloatsCount()},
                    a.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray(), null);
            case "value_int" -> Const.scalar(a.getI());
            case "value_ints" -> Const.ofInts(a.getIntsList().stream().mapToLong(Long::longValue).toArray());
            default -> throw n.error("attribute '" + a.getName() + "': expected a numeric value (value, value_float,"
                    + " value_floats, value_int or value_ints)");
        };
    }

    private static Value softmax(Node n, List<Value> in) {
        n.allow(Set.of("axis"));
        Act x = act(n, in, 0);
        if (x.shape().length != 1) {
            throw n.error("expected the logits [N, K] as input, got [N, " + dims(x.shape()) + "]; a Softmax is supported"
                    + " only as the output link");
        }
        long axis = n.integer("axis", n.opset < 13 ? 1 : -1);
        if (axis != 1 && axis != -1) {
            throw n.error("axis: expected 1 or -1 (over the classes), got " + axis);
        }
        return new Act(x, null, x.shape(), null, true);
    }

}
