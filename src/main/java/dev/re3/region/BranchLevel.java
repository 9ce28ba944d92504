package dev.re3.region;

import dev.re3.net.Layer;
import dev.re3.net.MaxPool2d;
import java.util.List;

/**
 * One list of layers on a pullback's way (the network's, or a residual branch's), run forward over its first
 * {@code n} layers: the input of each, for {@link Pullback} to carry cotangents back through them. Mutable while
 * it is filled, then only read by the one pullback that made it.
 */
final class BranchLevel {
    final List<Layer> layers;
    /** The site name prefix of the list ({@code ""} at the top), or null where no site is reported. */
    final String prefix;
    final boolean top;
    /** {@code vals[j]} and {@code shapes[j]} the input of layer {@code j}; the last entry the last output. */
    final double[][] vals;
    final int[][] shapes;
    /** Each max pool's choices ({@link MaxPool2d#argmax}), else null. */
    final int[][] choices;

    BranchLevel(List<Layer> layers, String prefix, boolean top, int n) {
        this.layers = layers;
        this.prefix = prefix;
        this.top = top;
        this.vals = new double[n + 1][];
        this.shapes = new int[n + 1][];
        this.choices = new int[n][];
    }

    /** The site name prefix of branch {@code b} of the residual at {@code i}. */
    String branchPrefix(int i, int b) {
        return prefix == null ? null : prefix + i + "." + layers.get(i).type() + "." + b + ".";
    }

    /** Runs {@code layers[0..n)} forward from {@code x}; at the top level each layer is handed to the tracer. */
    static BranchLevel forward(List<Layer> layers, String prefix, boolean top, double[] x, int[] shape, int n,
                               Pullback.Tracer tracer) {
        BranchLevel lv = new BranchLevel(layers, prefix, top, n);
        double[] v = x;
        for (int i = 0; i < n; i++) {
            lv.vals[i] = v;
            lv.shapes[i] = shape;
            Layer layer = layers.get(i);
            double[] y;
            if (layer instanceof MaxPool2d max) {
                // found once on the forward pass and used again by the hard backward rule
                int[] arg = max.argmax(v, shape);
                lv.choices[i] = arg;
                y = new double[arg.length];
                for (int o = 0; o < arg.length; o++) {
                    y[o] = v[arg[o]];
                }
            } else {
                y = layer.forward(v, shape);
            }
            if (tracer != null && top) {
                tracer.forward(i, layer, v, shape, lv.choices[i]);
            }
            v = y;
            shape = layer.outputShape(shape);
        }
        lv.vals[n] = v;
        lv.shapes[n] = shape;
        return lv;
    }

    /** The output of one residual branch for the residual's input {@code x}. */
    static double[] output(List<Layer> branch, double[] x, int[] s) {
        double[] v = x;
        int[] shape = s;
        for (Layer l : branch) {
            v = l.forward(v, shape);
            shape = l.outputShape(shape);
        }
        return v;
    }
}
