package dev.re3.region;

import dev.re3.net.Layer;
import dev.re3.net.LeakyRelu;
import dev.re3.net.MaxPool2d;
import dev.re3.net.Network;
import dev.re3.net.Relu;
import dev.re3.net.Residual;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The local maps of any network the engine describes, in plain float64 Java: one {@link Pullback} of the
 * identity at the logits per input (inputs in parallel), with the on/off pattern of every rectifier and the
 * choice of every max-pool window read off the same forward pass, and, when asked, the cotangents at each
 * top-level rectifier ({@link HiddenLayer}).
 */
final class PlainPass {
    private final Network network;
    private final Pullback pullback;
    private final boolean keepHidden;

    PlainPass(Network network, boolean keepHidden) {
        this.network = network;
        this.pullback = Pullback.of(network);
        this.keepHidden = keepHidden;
    }

    /** One input's share of {@link LocalMaps}. */
    private record One(double[] weight, double[] bias, double[] logits, double error, List<String> pattern,
                       List<int[]> choices, List<HiddenLayer> hidden) {}

    LocalMaps run(double[][] xs) {
        int n = xs.length;
        int d = network.inputSize();
        int classes = network.outputSize();
        One[] ones = new One[n];
        IntStream.range(0, n).parallel().forEach(i -> ones[i] = one(xs[i]));
        double[] flat = new double[n * d];
        double[] weight = new double[n * classes * d];
        double[] bias = new double[n * classes];
        double[] logits = new double[n * classes];
        double[] errors = new double[n];
        List<List<String>> patterns = new ArrayList<>(n);
        List<String> ids = new ArrayList<>(n);
        List<List<HiddenLayer>> hidden = new ArrayList<>(keepHidden ? n : 0);
        for (int i = 0; i < n; i++) {
            System.arraycopy(xs[i], 0, flat, i * d, d);
            System.arraycopy(ones[i].weight, 0, weight, i * classes * d, classes * d);
            System.arraycopy(ones[i].bias, 0, bias, i * classes, classes);
            System.arraycopy(ones[i].logits, 0, logits, i * classes, classes);
            errors[i] = ones[i].error;
            patterns.add(ones[i].pattern);
            ids.add(RegionCode.id(ones[i].pattern, ones[i].choices));
            if (keepHidden) {
                hidden.add(ones[i].hidden);
            }
        }
        return new LocalMaps(n, classes, d, flat, weight, bias, logits, errors, patterns, ids, hidden);
    }

    private One one(double[] x) {
        List<Layer> layers = network.layers();
        List<HiddenLayer> hidden = new ArrayList<>();
        List<String> pattern = new ArrayList<>();
        List<int[]> choices = new ArrayList<>();
        double[][] end = new double[1][];
        Pullback.Tracer tracer = new Pullback.Tracer() {
            @Override
            public void forward(int i, Layer layer, double[] input, int[] shape, int[] choice) {
                if (choice != null) {
                    choices.add(choice);
                } else {
                    trace(List.of(layer), input, shape, pattern, choices, false);
                }
            }

            @Override
            public void end(double[] value) {
                end[0] = value;
            }

            @Override
            public boolean wants(int i) {
                Layer l = layers.get(i);
                return keepHidden && (l instanceof Relu || l instanceof LeakyRelu);
            }

            @Override
            public void at(int i, double[][] cotangents, double[] beta, double[] input, double[] output) {
                hidden.add(0, new HiddenLayer(network.site(i + "." + layers.get(i).type()), input.clone(),
                        output.clone(), cotangents, beta));
            }
        };
        Pullback.Result map = pullback.map(x, tracer);
        double[][] w = map.cotangents();
        double[] beta = map.beta();
        double[] logits = end[0];
        int d = x.length;
        double[] flat = new double[w.length * d];
        double error = 0;
        for (int c = 0; c < w.length; c++) {
            System.arraycopy(w[c], 0, flat, c * d, d);
            double fit = beta[c];
            for (int j = 0; j < d; j++) {
                fit += w[c][j] * x[j];
            }
            error = Math.max(error, Math.abs(fit - logits[c]));
        }
        return new One(flat, beta, logits.clone(), error, List.copyOf(pattern), choices, List.copyOf(hidden));
    }

    /**
     * The gates and pool choices of {@code layers} at input {@code z}, in forward order; returns their output
     * if {@code needOutput} (inside a residual branch), else {@code null}.
     */
    private static double[] trace(List<Layer> layers, double[] z, int[] shape, List<String> pattern, List<int[]> choices,
                                  boolean needOutput) {
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (layer instanceof Relu || layer instanceof LeakyRelu) {
                char[] c = new char[z.length];
                for (int u = 0; u < z.length; u++) {
                    c[u] = z[u] > 0 ? '1' : '0';
                }
                pattern.add(new String(c));
            } else if (layer instanceof MaxPool2d pool) {
                choices.add(pool.argmax(z, shape));
            }
            double[] y;
            if (layer instanceof Residual r) {
                y = null;
                for (List<Layer> branch : r.branches()) {
                    double[] yb = trace(branch, z, shape, pattern, choices, true);
                    if (y == null) {
                        y = yb.clone();
                    } else {
                        for (int u = 0; u < y.length; u++) {
                            y[u] += yb[u];
                        }
                    }
                }
            } else if (!needOutput && i == layers.size() - 1) {
                return null;
            } else {
                y = layer.forward(z, shape);
            }
            shape = layer.outputShape(shape);
            z = y;
        }
        return z;
    }
}
