package dev.re3.polytope;

import dev.re3.net.Layer;
import dev.re3.net.MaxPool2d;
import dev.re3.net.Network;
import dev.re3.net.Residual;
import dev.re3.region.RegionCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The region code of one input by the plain float64 forward pass of each layer: pattern strings of the
 * ReLU sites and the choices of the max pools, in forward order. Independent of the partition code.
 */
final class Codes {
    record Code(List<String> patterns, List<int[]> pools, String id) {}

    private Codes() {}

    static Code at(Network net, double[] x) {
        List<String> patterns = new ArrayList<>();
        List<int[]> pools = new ArrayList<>();
        run(net.layers(), x, net.inputShape(), patterns, pools);
        return new Code(patterns, pools, RegionCode.id(patterns, pools));
    }

    private static double[] run(List<Layer> layers, double[] v, int[] shape, List<String> patterns, List<int[]> pools) {
        for (Layer layer : layers) {
            if (layer.isRelu()) {
                patterns.add(RegionCode.pattern(v));
            } else if (layer instanceof MaxPool2d p) {
                pools.add(p.argmax(v, shape));
            }
            double[] next;
            if (layer instanceof Residual r) {
                next = null;
                for (List<Layer> branch : r.branches()) {
                    double[] b = run(branch, v, shape, patterns, pools);
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
            }
            shape = layer.outputShape(shape);
            v = next;
        }
        return v;
    }
}
