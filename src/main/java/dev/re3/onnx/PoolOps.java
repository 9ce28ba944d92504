package dev.re3.onnx;

import static dev.re3.onnx.Args.*;

import dev.re3.net.AvgPool2d;
import dev.re3.net.MaxPool2d;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The pooling operators: {@code MaxPool}, {@code AveragePool} (with {@code count_include_pad} either way) and
 * the zero {@code Pad} PyTorch writes before an average pool that counts padding, which is folded into the
 * pool's padding.
 */
final class PoolOps {
    private PoolOps() {}

    static Value maxPool(Node n, List<Value> in) {
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

    static Value avgPool(Node n, List<Value> in) {
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
        boolean countPads = n.integer("count_include_pad", 0) != 0;
        boolean padded = pads[0] > 0 || pads[1] > 0;
        boolean folded = extra[0] > 0 || extra[1] > 0;
        if (padded && folded && !countPads) {
            throw n.error("count_include_pad 0 with pads " + Arrays.toString(pads) + " after a zero Pad "
                    + Arrays.toString(extra) + ": expected the Pad's zeros and the pads to count alike (count_include_pad"
                    + " 1, or no pads); an average that counts some padding and not the rest is not a layer here");
        }
        int[] padding = {pads[0] + extra[0], pads[1] + extra[1]};
        // a Pad's zeros are inputs of the average, so they count in the divisor whatever count_include_pad says
        boolean countPadding = countPads || folded;
        return then(n, x, () -> new AvgPool2d(kernel, stride, padding, countPadding));
    }

    static Value pad(Node n, List<Value> in) {
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
}
