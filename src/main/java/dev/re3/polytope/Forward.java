package dev.re3.polytope;

import dev.re3.net.Layer;
import dev.re3.net.Network;
import dev.re3.net.Residual;
import java.util.ArrayList;
import java.util.List;

/**
 * The plain float64 forward pass of one input, recording every ReLU site's pre-activations (and, on
 * request, its outputs) in forward order, nested residual branches included.
 */
final class Forward {
    private Forward() {}

    /** The pre-activations {@code z} of each ReLU site, and its outputs if {@code keepOutputs}. */
    record Record(List<double[]> pre, List<double[]> post, double[] logits) {}

    static Record run(Network net, double[] x, boolean keepOutputs) {
        List<double[]> pre = new ArrayList<>();
        List<double[]> post = keepOutputs ? new ArrayList<>() : null;
        double[] out = run(net.layers(), net.checkInput(x), net.inputShape(), pre, post);
        return new Record(pre, post, out);
    }

    private static double[] run(List<Layer> layers, double[] v, int[] shape, List<double[]> pre, List<double[]> post) {
        for (Layer layer : layers) {
            double[] next;
            if (layer instanceof Residual r) {
                next = null;
                for (List<Layer> branch : r.branches()) {
                    double[] b = run(branch, v, shape, pre, post);
                    if (next == null) {
                        next = b.clone();
                    } else {
                        for (int i = 0; i < next.length; i++) {
                            next[i] += b[i];
                        }
                    }
                }
            } else {
                next = layer.forward(v, shape);
                if (layer.isRelu()) {
                    pre.add(v);
                    if (post != null) {
                        post.add(next);
                    }
                }
            }
            shape = layer.outputShape(shape);
            v = next;
        }
        return v;
    }
}
