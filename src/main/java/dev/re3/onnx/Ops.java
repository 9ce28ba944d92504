package dev.re3.onnx;

import static dev.re3.onnx.Args.*;

import ai.onnx.proto.OnnxMl.AttributeProto;
import dev.re3.net.AvgPool2d;
import dev.re3.net.Dropout;
import dev.re3.net.LeakyRelu;
import dev.re3.net.Relu;
import java.util.List;
import java.util.Set;

/**
 * The operators this import maps onto layers, each turning its input values into its output value: the
 * dispatch by operator type, the activations and the operators that need no layer family of their own
 * ({@code Dropout}, {@code Constant}, the final {@code Softmax}). Affine, pooling and shape operators are in
 * {@link AffineOps}, {@link PoolOps} and {@link ShapeOps}; reading inputs and attributes in {@link Args}.
 */
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
            case "Gemm" -> AffineOps.gemm(n, in);
            case "MatMul" -> AffineOps.matmul(n, in);
            case "Add" -> AffineOps.add(n, in);
            case "Sum" -> AffineOps.sum(n, in);
            case "Conv" -> AffineOps.conv(n, in);
            case "BatchNormalization" -> AffineOps.batchNorm(n, in);
            case "Relu" -> {
                n.allow(Set.of());
                yield then(n, act(n, in, 0), Relu::new);
            }
            case "LeakyRelu" -> {
                n.allow(Set.of("alpha"));
                double alpha = n.real("alpha", 0.01);
                yield then(n, act(n, in, 0), () -> new LeakyRelu(alpha));
            }
            case "MaxPool" -> PoolOps.maxPool(n, in);
            case "AveragePool" -> PoolOps.avgPool(n, in);
            case "Pad" -> PoolOps.pad(n, in);
            case "GlobalAveragePool" -> {
                n.allow(Set.of());
                Act x = image(n, in);
                int[] whole = {x.shape()[1], x.shape()[2]};
                yield then(n, x, () -> new AvgPool2d(whole, whole, new int[] {0, 0}));
            }
            case "Flatten" -> ShapeOps.flatten(n, in);
            case "Reshape" -> ShapeOps.reshape(n, in);
            case "Shape" -> ShapeOps.shape(n, in);
            case "Gather" -> ShapeOps.gather(n, in);
            case "Unsqueeze" -> ShapeOps.unsqueeze(n, in);
            case "Concat" -> ShapeOps.concat(n, in);
            case "Identity" -> {
                n.allow(Set.of());
                yield argument(n, in, 0, "the value to pass on");
            }
            case "Dropout" -> dropout(n, in);
            case "Constant" -> constantNode(n);
            case "Softmax" -> softmax(n, in);
            case "Sub" -> AffineOps.standardize(n, in, false);
            case "Div" -> AffineOps.standardize(n, in, true);
            default -> throw n.error("unsupported operator " + n.op() + (CURVED.contains(n.op())
                    ? ", which is not piecewise linear (Re3 explains networks of affine maps and rectifiers exactly)"
                    : ", which this import does not map onto a layer") + "; supported: " + String.join(", ", SUPPORTED));
        };
    }

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
