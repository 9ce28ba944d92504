package dev.re3.region;

import dev.re3.net.AvgPool2d;
import dev.re3.net.BatchNorm;
import dev.re3.net.Conv2d;
import dev.re3.net.Dense;
import dev.re3.net.Dropout;
import dev.re3.net.Flatten;
import dev.re3.net.Layer;
import dev.re3.net.LeakyRelu;
import dev.re3.net.MaxPool2d;
import dev.re3.net.Network;
import dev.re3.net.Relu;
import dev.re3.net.Residual;
import dev.re3.net.Site;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The open pullback, in plain float64 Java: any cotangents {@code G} ({@code [k][units]}) given at the logits or
 * at the output of a top-level site, carried back to the input or to the output of an earlier top-level site.
 *
 * <p>Through an affine layer {@code y = A x + t} it maps {@code G <- G A} and adds {@code G t} to the carried
 * bias {@code beta}; through a max pool it routes each cotangent to the unit its window selected; through a
 * rectifier it multiplies by the {@link RectifierRule}'s slope ({@link RectifierRule#HARD}, the forward gate, by
 * default); a {@link PoolRule} other than {@link PoolRule#HARD} shares it over the window instead. With the hard gate and {@code G} the identity at the logits, {@code G} at the input is the local map
 * {@code W} and {@code beta} its bias: {@code W x + beta = f(x)} on the region. Residual layers are pulled back
 * branch by branch and summed.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class Pullback {
    /** The logits, as the start of a pullback. */
    public static final String OUTPUT = "output";
    /** The network input, as the end of a pullback. */
    public static final String INPUT = "input";

    /** The backward factor of a rectifier unit: {@code dL/dz = slope(z, alpha) * dL/dy}. */
    @FunctionalInterface
    public interface RectifierRule {
        /** The forward gate: {@code 1} where {@code z > 0}, else {@code alpha} ({@code 0} for a ReLU). */
        RectifierRule HARD = (z, alpha) -> z > 0 ? 1.0 : alpha;

        double slope(double z, double alpha);
    }

    /**
     * The backward weights of one max-pool window: how the cotangent of the pooled unit is shared among the
     * window's inputs {@code values} (padding left out), {@code dL/dx_j = w_j * dL/dy}.
     */
    @FunctionalInterface
    public interface PoolRule {
        /** The forward choice: all of it to the first largest value. */
        PoolRule HARD = values -> {
            int best = 0;
            for (int j = 1; j < values.length; j++) {
                if (values[j] > values[best]) {
                    best = j;
                }
            }
            double[] w = new double[values.length];
            w[best] = 1;
            return w;
        };

        /** A soft choice: {@code w = softmax(values / temperature)}. */
        static PoolRule softmax(double temperature) {
            if (!(temperature > 0) || !Double.isFinite(temperature)) {
                throw new IllegalArgumentException("temperature: expected a positive finite number, got " + temperature);
            }
            return values -> {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : values) {
                    max = Math.max(max, v);
                }
                double[] w = new double[values.length];
                double sum = 0;
                for (int j = 0; j < values.length; j++) {
                    w[j] = Math.exp((values[j] - max) / temperature);
                    sum += w[j];
                }
                for (int j = 0; j < w.length; j++) {
                    w[j] /= sum;
                }
                return w;
            };
        }

        double[] weights(double[] values);
    }

    /**
     * The result for one input.
     *
     * @param cotangents {@code [k][units]} at the end site (or the input)
     * @param beta {@code [k]}: {@code G t} summed over the affine layers passed
     * @param activation the end site's output (or the input itself)
     */
    public record Result(double[][] cotangents, double[] beta, double[] activation) {
        public Result {
            cotangents = Arrays.stream(cotangents).map(double[]::clone).toArray(double[][]::new);
            beta = beta.clone();
            activation = activation.clone();
        }

        @Override
        public double[][] cotangents() {
            return Arrays.stream(cotangents).map(double[]::clone).toArray(double[][]::new);
        }

        @Override
        public double[] beta() {
            return beta.clone();
        }

        @Override
        public double[] activation() {
            return activation.clone();
        }

        /** {@code sum_u G[r][u] a[u] + beta[r]}: the start value that row {@code r} accounts for on the region. */
        public double reconstruct(int r) {
            double s = beta[r];
            for (int u = 0; u < activation.length; u++) {
                s += cotangents[r][u] * activation[u];
            }
            return s;
        }
    }

    private final Network network;
    private final RectifierRule rule;
    private final PoolRule pool;
    private final boolean guided;

    private Pullback(Network network, RectifierRule rule, PoolRule pool, boolean guided) {
        this.network = network;
        this.rule = rule;
        this.pool = pool;
        this.guided = guided;
    }

    public static Pullback of(Network network) {
        if (network == null) {
            throw new IllegalArgumentException("network: expected a Network, got null");
        }
        return new Pullback(network, RectifierRule.HARD, PoolRule.HARD, false);
    }

    /** A copy with another backward rule for every rectifier. */
    public Pullback optRectifier(RectifierRule rule) {
        if (rule == null) {
            throw new IllegalArgumentException("rectifier rule: expected a rule, got null");
        }
        return new Pullback(network, rule, pool, guided);
    }

    /** A copy with another backward rule for every max pool. */
    public Pullback optMaxPool(PoolRule rule) {
        if (rule == null) {
            throw new IllegalArgumentException("max-pool rule: expected a rule, got null");
        }
        return new Pullback(network, this.rule, rule, guided);
    }

    /**
     * A copy that also keeps only the positive part of the cotangent at every rectifier, after its rule:
     * {@code dL/dz = slope(z) * max(dL/dy, 0)} (guided backpropagation, Springenberg et al. 2015,
     * "Striving for simplicity").
     */
    public Pullback optGuided(boolean guided) {
        return new Pullback(network, rule, pool, guided);
    }

    /** The identity at the logits pulled back to the input: the local map's rows and bias. */
    public Result map(double[] x) {
        int c = network.outputSize();
        double[][] eye = new double[c][c];
        for (int i = 0; i < c; i++) {
            eye[i][i] = 1;
        }
        return pull(x, eye, OUTPUT, INPUT);
    }

    /**
     * Pulls {@code g} ({@code [k][units of from]}) back from the output of {@code from} to the output of
     * {@code to}.
     *
     * @param from {@link #OUTPUT} or a top-level site name
     * @param to {@link #INPUT} or a top-level site before {@code from}
     */
    public Result pull(double[] x, double[][] g, String from, String to) {
        network.checkInput(x);
        List<Layer> layers = network.layers();
        int end = from == null || from.equals(OUTPUT) ? layers.size() : topLevel(from) + 1;
        int start = to == null || to.equals(INPUT) ? 0 : topLevel(to) + 1;
        if (start > end) {
            throw new IllegalArgumentException("pullback: expected the end site '" + to + "' before the start site '"
                    + from + "' in forward order");
        }
        List<double[]> inputs = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        double[] v = x;
        int[] shape = network.inputShape();
        for (int i = 0; i < end; i++) {
            inputs.add(v);
            shapes.add(shape);
            v = layers.get(i).forward(v, shape);
            shape = layers.get(i).outputShape(shape);
        }
        int units = v.length;
        if (g == null || g.length == 0) {
            throw new IllegalArgumentException("cotangents: expected at least one row of " + units + " numbers, got "
                    + (g == null ? "null" : "none"));
        }
        double[][] G = new double[g.length][];
        for (int r = 0; r < g.length; r++) {
            if (g[r] == null || g[r].length != units) {
                throw new IllegalArgumentException("cotangents: expected rows of " + units + " numbers (the output of "
                        + (end == layers.size() ? "the network" : from) + "), got "
                        + (g[r] == null ? "null" : g[r].length) + " in row " + r);
            }
            G[r] = g[r].clone();
        }
        double[] beta = new double[g.length];
        for (int i = end - 1; i >= start; i--) {
            G = back(layers.get(i), inputs.get(i), shapes.get(i), G, beta);
        }
        double[] activation = start < inputs.size() ? inputs.get(start) : v;
        return new Result(G, beta, activation);
    }

    private int topLevel(String name) {
        Site site = network.site(name);
        List<Layer> layers = network.layers();
        for (int i = 0; i < layers.size(); i++) {
            if ((i + "." + layers.get(i).type()).equals(site.name())) {
                return i;
            }
        }
        throw new IllegalArgumentException("pullback: expected a top-level site, got '" + name
                + "' inside a residual branch");
    }

    /** {@code G [k][out]} at a layer's output to {@code [k][in]} at its input, adding {@code G t} to beta. */
    private double[][] back(Layer layer, double[] x, int[] s, double[][] G, double[] beta) {
        int k = G.length;
        if (layer instanceof Relu || layer instanceof LeakyRelu) {
            double alpha = layer instanceof LeakyRelu l ? l.alpha() : 0.0;
            double[] slope = new double[x.length];
            for (int u = 0; u < x.length; u++) {
                slope[u] = rule.slope(x[u], alpha);
            }
            for (double[] row : G) {
                for (int u = 0; u < row.length; u++) {
                    row[u] = (guided ? Math.max(row[u], 0.0) : row[u]) * slope[u];
                }
            }
            return G;
        }
        if (layer instanceof Flatten || layer instanceof Dropout) {
            return G;
        }
        if (layer instanceof Residual r) {
            double[][] sum = new double[k][x.length];
            for (List<Layer> branch : r.branches()) {
                List<double[]> ins = new ArrayList<>();
                List<int[]> shapes = new ArrayList<>();
                double[] v = x;
                int[] shape = s;
                for (Layer l : branch) {
                    ins.add(v);
                    shapes.add(shape);
                    v = l.forward(v, shape);
                    shape = l.outputShape(shape);
                }
                double[][] Gb = Arrays.stream(G).map(double[]::clone).toArray(double[][]::new);
                for (int j = branch.size() - 1; j >= 0; j--) {
                    Gb = back(branch.get(j), ins.get(j), shapes.get(j), Gb, beta);
                }
                for (int r0 = 0; r0 < k; r0++) {
                    for (int u = 0; u < x.length; u++) {
                        sum[r0][u] += Gb[r0][u];
                    }
                }
            }
            return sum;
        }
        if (layer instanceof MaxPool2d max) {
            double[][] out = new double[k][x.length];
            if (pool == PoolRule.HARD) {
                int[] arg = max.argmax(x, s);
                for (int r = 0; r < k; r++) {
                    for (int o = 0; o < arg.length; o++) {
                        out[r][arg[o]] += G[r][o];
                    }
                }
                return out;
            }
            int units = G[0].length;
            for (int o = 0; o < units; o++) {
                int[] window = Arrays.stream(max.window(s, o)).filter(i -> i >= 0).toArray();
                double[] values = new double[window.length];
                for (int j = 0; j < window.length; j++) {
                    values[j] = x[window[j]];
                }
                double[] w = pool.weights(values);
                if (w == null || w.length != window.length) {
                    throw new IllegalArgumentException("max-pool rule: expected " + window.length + " weights, got "
                            + (w == null ? "null" : w.length));
                }
                for (int r = 0; r < k; r++) {
                    for (int j = 0; j < window.length; j++) {
                        out[r][window[j]] += w[j] * G[r][o];
                    }
                }
            }
            return out;
        }
        // affine layers: y = A x + t with t = layer(0)
        double[] t = layer.forward(new double[x.length], s);
        for (int r = 0; r < k; r++) {
            double dot = 0;
            for (int o = 0; o < t.length; o++) {
                dot += G[r][o] * t[o];
            }
            beta[r] += dot;
        }
        double[][] out = new double[k][x.length];
        if (layer instanceof Dense d) {
            double[] w = d.weightRowMajor();
            int in = d.in();
            for (int r = 0; r < k; r++) {
                for (int o = 0; o < d.out(); o++) {
                    double go = G[r][o];
                    if (go != 0) {
                        for (int i = 0; i < in; i++) {
                            out[r][i] += go * w[o * in + i];
                        }
                    }
                }
            }
        } else if (layer instanceof BatchNorm b) {
            double[] scale = b.scale();
            int plane = x.length / scale.length;
            for (int r = 0; r < k; r++) {
                for (int u = 0; u < x.length; u++) {
                    out[r][u] = G[r][u] * scale[u / plane];
                }
            }
        } else if (layer instanceof AvgPool2d pool) {
            double div = pool.kernel()[0] * pool.kernel()[1];
            for (int o = 0; o < t.length; o++) {
                for (int i : pool.window(s, o)) {
                    if (i >= 0) {
                        for (int r = 0; r < k; r++) {
                            out[r][i] += G[r][o] / div;
                        }
                    }
                }
            }
        } else if (layer instanceof Conv2d c) {
            convBack(c, s, G, out);
        } else {
            throw new IllegalArgumentException("pullback: no rule for layer type " + layer.type());
        }
        return out;
    }

    /** The transpose of the convolution: {@code out[r][ic, rr, cc] += G[r][oc, row, col] * w[oc, ic, u, v]}. */
    private static void convBack(Conv2d conv, int[] s, double[][] G, double[][] out) {
        int[] o = conv.outputShape(s);
        int[] kernel = conv.kernel();
        int[] stride = conv.stride();
        int[] pad = conv.padding();
        double[] w = conv.weightFlat();
        int in = conv.inChannels();
        int h = s[1];
        int wd = s[2];
        for (int r = 0; r < G.length; r++) {
            double[] g = G[r];
            double[] dst = out[r];
            for (int oc = 0; oc < o[0]; oc++) {
                for (int row = 0; row < o[1]; row++) {
                    for (int col = 0; col < o[2]; col++) {
                        double go = g[(oc * o[1] + row) * o[2] + col];
                        if (go == 0) {
                            continue;
                        }
                        for (int ic = 0; ic < in; ic++) {
                            for (int u = 0; u < kernel[0]; u++) {
                                int rr = row * stride[0] + u - pad[0];
                                if (rr < 0 || rr >= h) {
                                    continue;
                                }
                                for (int v = 0; v < kernel[1]; v++) {
                                    int cc = col * stride[1] + v - pad[1];
                                    if (cc >= 0 && cc < wd) {
                                        dst[(ic * h + rr) * wd + cc] += go * w[((oc * in + ic) * kernel[0] + u) * kernel[1] + v];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Pullback of a network " + network.inputSize() + " -> " + network.outputSize()
                + (rule == RectifierRule.HARD ? " (hard gates" : " (custom rectifier rule")
                + (pool == PoolRule.HARD ? ", max-pool argmax" : ", custom max-pool rule")
                + (guided ? ", guided)" : ")");
    }
}
