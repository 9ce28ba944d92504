package dev.re3.onnx;

import static dev.re3.onnx.Args.*;

import dev.re3.net.Flatten;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The shape operators: {@code Flatten}, and {@code Reshape} to {@code [N, -1]} with the constant
 * {@code Shape}, {@code Gather}, {@code Unsqueeze} and {@code Concat} chain that computes its target shape
 * (PyTorch's {@code x.view(x.size(0), -1)}).
 */
final class ShapeOps {
    private ShapeOps() {}

    static Value flatten(Node n, List<Value> in) {
        n.allow(Set.of("axis"));
        Act x = act(n, in, 0);
        long axis = n.integer("axis", 1);
        int rank = x.shape().length + 1;
        if ((axis < 0 ? axis + rank : axis) != 1) {
            throw n.error("axis: expected 1 (keep the batch axis, flatten the rest), got " + axis);
        }
        return then(n, x, Flatten::new);
    }

    static Value reshape(Node n, List<Value> in) {
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

    static Value shape(Node n, List<Value> in) {
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

    static Value gather(Node n, List<Value> in) {
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

    static Value unsqueeze(Node n, List<Value> in) {
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

    static Value concat(Node n, List<Value> in) {
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
}
