package dev.re3.djl;

import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.re3.net.Flatten;
import dev.re3.net.Layer;
import dev.re3.net.LeakyRelu;
import dev.re3.net.Network;
import dev.re3.net.Relu;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recovers what a {@code LambdaBlock} computes. A LambdaBlock keeps only a function and a name; DJL's
 * factories name theirs ({@code Activation.reluBlock()} is "ReLU", {@code leakyReluBlock(a)} "LeakyReLU",
 * {@code Pool.maxPool2dBlock(..)} "maxPool2d", {@code Blocks.batchFlattenBlock()} "batchFlatten",
 * {@code Blocks.identityBlock()} "identity"), while {@code new LambdaBlock(f)} and
 * {@code SequentialBlock.add(Function)} name theirs "anonymous", and {@code addSingleton(f)} names its
 * block after the lambda's class ({@code "MyModel$$Lambda$482/0x..."}): any name other than the known
 * ones counts as anonymous.
 *
 * <p>Names of functions that are not piecewise linear are rejected at once. Every other block is run on
 * a probe input of the real shape whose values span {@code +-1e-3 .. +-1e3} with random signs (the first
 * is exactly {@code -1}), and its output is matched exactly (float64) against identity, ReLU, leaky ReLU
 * (slope read from the output at {@code -1}), flatten and softmax; pools go to {@link PoolProbe}. A named
 * block must behave as its name says; an anonymous one may be any of these.
 */
final class LambdaProbe {
    /** What a lambda became: layers (none for the identity), or the final softmax. */
    record Result(List<Layer> layers, boolean softmax) {}

    private static final Map<String, String> REJECTED = Map.ofEntries(
            Map.entry("sigmoid", "sigmoid is not piecewise linear"),
            Map.entry("tanh", "tanh is not piecewise linear"),
            Map.entry("softplus", "softPlus is not piecewise linear"),
            Map.entry("softsign", "softSign is not piecewise linear"),
            Map.entry("elu", "ELU is not piecewise linear"),
            Map.entry("selu", "SELU is not piecewise linear"),
            Map.entry("gelu", "GELU is not piecewise linear"),
            Map.entry("swish", "Swish is not piecewise linear"),
            Map.entry("mish", "Mish is not piecewise linear"),
            Map.entry("relu6", "ReLU6 has a second kink at 6, which no layer of the network description has"),
            Map.entry("lppool1d", "Lp pooling is not piecewise linear"),
            Map.entry("lppool2d", "Lp pooling is not piecewise linear"),
            Map.entry("lppool3d", "Lp pooling is not piecewise linear"),
            Map.entry("maxpool1d", "only 2D pooling is supported"),
            Map.entry("maxpool3d", "only 2D pooling is supported"),
            Map.entry("avgpool1d", "only 2D pooling is supported"),
            Map.entry("avgpool3d", "only 2D pooling is supported"),
            Map.entry("globalmaxpool1d", "only 2D pooling is supported"),
            Map.entry("globalmaxpool3d", "only 2D pooling is supported"),
            Map.entry("globalavgpool1d", "only 2D pooling is supported"),
            Map.entry("globalavgpool3d", "only 2D pooling is supported"),
            Map.entry("ones", "it ignores its input"));

    private LambdaProbe() {}

    /**
     * @param block the lambda (or any parameter-free block)
     * @param name its name, e.g. "ReLU" or "anonymous"
     * @param path its path, for messages
     * @param shape its input shape without the batch axis
     */
    static Result classify(Block block, String name, String path, int[] shape, Probe probe) {
        String key = name.toLowerCase(Locale.ROOT).replace("_", "");
        String type = Params.type(block);
        if (REJECTED.containsKey(key)) {
            throw new UnsupportedLayerException(path, type, REJECTED.get(key));
        }
        if (PoolProbe.NAMES.contains(key)) {
            return new Result(PoolProbe.recover(block, key, path, shape, probe), false);
        }
        int n = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        int batch = Math.max(2, (64 + n - 1) / n);
        double[] x = probe.spread(batch * n);
        long[] in = Probe.batched(batch, shape);
        Probe.Output out;
        try {
            out = probe.run(block, x, in, DataType.FLOAT64);
        } catch (RuntimeException e) {
            throw new UnsupportedLayerException(path, type, "running it on a probe input of shape "
                    + Arrays.toString(in) + " failed: " + e.getMessage(), e);
        }
        String seen = describe(out, x, in, shape);
        boolean anonymous = key.equals("anonymous") || !List.of("relu", "leakyrelu", "identity", "batchflatten",
                "softmax").contains(key);
        if (key.equals("relu") || anonymous && seen.equals("relu")) {
            expect(seen, "relu", name, path, type);
            return new Result(List.of(new Relu()), false);
        }
        if (key.equals("leakyrelu") || anonymous && seen.equals("leaky")) {
            if (!seen.equals("leaky") && !seen.equals("relu") && !seen.equals("identity")) {
                expect(seen, "leaky", name, path, type);
            }
            return new Result(List.of(new LeakyRelu(-out.values()[0] + 0.0)), false);
        }
        if (key.equals("batchflatten") || anonymous && seen.equals("flatten")) {
            if (!seen.equals("flatten") && !(seen.equals("identity") && shape.length == 1)) {
                expect(seen, "flatten", name, path, type);
            }
            return new Result(List.of(new Flatten()), false);
        }
        if (key.equals("identity") || anonymous && seen.equals("identity")) {
            expect(seen, "identity", name, path, type);
            return new Result(List.of(), false);
        }
        if (key.equals("softmax") || anonymous && seen.equals("softmax")) {
            expect(seen, "softmax", name, path, type);
            return new Result(List.of(), true);
        }
        if (shape.length == 3 && out.shape().length >= 2 && out.shape()[0] == batch && out.shape()[1] == shape[0]) {
            return new Result(PoolProbe.recover(block, key, path, shape, probe), false);
        }
        throw new UnsupportedLayerException(path, type, "on a probe input of shape " + Arrays.toString(in)
                + " it gave shape " + Arrays.toString(out.shape()) + " and matched none of identity, ReLU, leaky ReLU, "
                + "flatten, 2D pooling or softmax; it may not be piecewise linear");
    }

    private static void expect(String seen, String expected, String name, String path, String type) {
        if (!seen.equals(expected)) {
            throw new UnsupportedLayerException(path, type, "a block named '" + name + "' should compute " + expected
                    + ", but on a probe input it computed " + (seen.isEmpty() ? "something else" : seen));
        }
    }

    /** Which supported function the probe output shows: identity, relu, leaky, flatten, softmax, or "". */
    private static String describe(Probe.Output out, double[] x, long[] in, int[] shape) {
        double[] y = out.values();
        if (out.hasShape(in)) {
            if (Arrays.equals(x, y)) {
                return "identity";
            }
            double alpha = -y[0];
            boolean relu = true;
            boolean leaky = true;
            for (int i = 0; i < x.length; i++) {
                relu &= y[i] == (x[i] > 0 ? x[i] : 0.0);
                double expected = x[i] > 0 ? x[i] : alpha * x[i];
                leaky &= Math.abs(y[i] - expected) <= 1e-12 * Math.abs(expected);
            }
            if (relu) {
                return "relu";
            }
            if (leaky) {
                return "leaky";
            }
            if (shape.length == 1 && isSoftmax(x, y, shape[0])) {
                return "softmax";
            }
            return "";
        }
        if (out.hasShape(in[0], x.length / in[0]) && Arrays.equals(x, y)) {
            return "flatten";
        }
        return "";
    }

    private static boolean isSoftmax(double[] x, double[] y, int d) {
        for (int row = 0; row < x.length / d; row++) {
            double[] p = Network.softmax(Arrays.copyOfRange(x, row * d, row * d + d));
            for (int i = 0; i < d; i++) {
                if (!(Math.abs(p[i] - y[row * d + i]) <= 1e-12)) {
                    return false;
                }
            }
        }
        return true;
    }
}
