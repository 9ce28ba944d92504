package dev.re3.attribution;

import dev.re3.net.Layer;
import dev.re3.net.LeakyRelu;
import dev.re3.net.MaxPool2d;
import dev.re3.net.Network;
import dev.re3.net.Relu;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * An independent backward pass for tests: each layer's Jacobian written out as a dense matrix and multiplied
 * from the logit down. Affine layers' Jacobians come from their forward map on unit vectors
 * ({@code J e_i = layer(e_i) - layer(0)}), rectifiers give diagonal gates, a max pool's rows are the softmax
 * weights over its window, with the window worked out here from kernel, stride and padding. Top-level layers
 * only (no residuals).
 */
final class SoftReference {
    private SoftReference() {}

    /**
     * The cotangent of logit {@code target} at the input.
     *
     * @param gate the rectifier gate as a function of {@code z}, or null for the hard gate
     * @param poolT the max-pool softmax temperature, or 0 for the argmax
     * @param guided keep only the positive part of the cotangent at each rectifier
     */
    static double[] pullback(Network net, double[] x, int target, DoubleUnaryOperator gate, double poolT,
            boolean guided) {
        return pullback(net, x, target, gate, poolT, guided, false);
    }

    /**
     * @param detached share a max pool's cotangent by the softmax weights; otherwise by the gradient of
     *     {@code sum_i v_i softmax(v / T)_i}, here by central differences of that function
     */
    static double[] pullback(Network net, double[] x, int target, DoubleUnaryOperator gate, double poolT,
            boolean guided, boolean detached) {
        List<Layer> layers = net.layers();
        double[][] inputs = new double[layers.size()][];
        int[][] shapes = new int[layers.size()][];
        double[] v = x.clone();
        int[] shape = net.inputShape();
        for (int l = 0; l < layers.size(); l++) {
            inputs[l] = v;
            shapes[l] = shape;
            v = layers.get(l).forward(v, shape);
            shape = layers.get(l).outputShape(shape);
        }
        double[] g = new double[v.length];
        g[target] = 1;
        for (int l = layers.size() - 1; l >= 0; l--) {
            Layer layer = layers.get(l);
            double[] in = inputs[l];
            if (layer instanceof Relu || layer instanceof LeakyRelu) {
                double alpha = layer instanceof LeakyRelu lr ? lr.alpha() : 0;
                for (int u = 0; u < g.length; u++) {
                    double z = in[u];
                    double slope = gate == null ? (z > 0 ? 1 : alpha) : alpha + (1 - alpha) * gate.applyAsDouble(z);
                    g[u] = (guided ? Math.max(0, g[u]) : g[u]) * slope;
                }
            } else if (layer instanceof MaxPool2d pool) {
                g = maxPoolBack(pool, in, shapes[l], g, poolT, detached);
            } else {
                double[][] jac = jacobian(layer, in.length, shapes[l]);
                double[] next = new double[in.length];
                for (int o = 0; o < g.length; o++) {
                    for (int i = 0; i < in.length; i++) {
                        next[i] += g[o] * jac[o][i];
                    }
                }
                g = next;
            }
        }
        return g;
    }

    static double[][] jacobian(Layer layer, int n, int[] shape) {
        double[] zero = layer.forward(new double[n], shape);
        double[][] jac = new double[zero.length][n];
        for (int i = 0; i < n; i++) {
            double[] e = new double[n];
            e[i] = 1;
            double[] y = layer.forward(e, shape);
            for (int o = 0; o < y.length; o++) {
                jac[o][i] = y[o] - zero[o];
            }
        }
        return jac;
    }

    static double[] maxPoolBack(MaxPool2d pool, double[] x, int[] s, double[] g, double t, boolean detached) {
        int c = s[0];
        int h = s[1];
        int w = s[2];
        int kh = pool.kernel()[0];
        int kw = pool.kernel()[1];
        int sh = pool.stride()[0];
        int sw = pool.stride()[1];
        int ph = pool.padding()[0];
        int pw = pool.padding()[1];
        int oh = (h + 2 * ph - kh) / sh + 1;
        int ow = (w + 2 * pw - kw) / sw + 1;
        double[] out = new double[x.length];
        for (int ch = 0; ch < c; ch++) {
            for (int r = 0; r < oh; r++) {
                for (int q = 0; q < ow; q++) {
                    double go = g[(ch * oh + r) * ow + q];
                    int best = -1;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int u = 0; u < kh; u++) {
                        for (int v = 0; v < kw; v++) {
                            int rr = r * sh - ph + u;
                            int cc = q * sw - pw + v;
                            if (rr >= 0 && rr < h && cc >= 0 && cc < w && x[(ch * h + rr) * w + cc] > max) {
                                max = x[(ch * h + rr) * w + cc];
                                best = (ch * h + rr) * w + cc;
                            }
                        }
                    }
                    if (t == 0) {
                        out[best] += go;
                        continue;
                    }
                    if (!detached) {
                        // the window's values, and the gradient of soft(v) = sum v_i softmax(v / t)_i by
                        // central differences (step 1e-6 t; soft is smooth, error O(step^2))
                        java.util.List<Integer> idx = new java.util.ArrayList<>();
                        for (int u = 0; u < kh; u++) {
                            for (int v = 0; v < kw; v++) {
                                int rr = r * sh - ph + u;
                                int cc = q * sw - pw + v;
                                if (rr >= 0 && rr < h && cc >= 0 && cc < w) {
                                    idx.add((ch * h + rr) * w + cc);
                                }
                            }
                        }
                        double[] vals = new double[idx.size()];
                        for (int j = 0; j < vals.length; j++) {
                            vals[j] = x[idx.get(j)];
                        }
                        double step = 1e-5 * t;
                        for (int j = 0; j < vals.length; j++) {
                            double[] up = vals.clone();
                            double[] down = vals.clone();
                            up[j] += step;
                            down[j] -= step;
                            out[idx.get(j)] += go * (soft(up, t) - soft(down, t)) / (2 * step);
                        }
                        continue;
                    }
                    double sum = 0;
                    for (int pass = 0; pass < 2; pass++) {
                        for (int u = 0; u < kh; u++) {
                            for (int v = 0; v < kw; v++) {
                                int rr = r * sh - ph + u;
                                int cc = q * sw - pw + v;
                                if (rr >= 0 && rr < h && cc >= 0 && cc < w) {
                                    int i = (ch * h + rr) * w + cc;
                                    double e = Math.exp((x[i] - max) / t);
                                    if (pass == 0) {
                                        sum += e;
                                    } else {
                                        out[i] += go * e / sum;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    static double soft(double[] v, double t) {
        double max = Double.NEGATIVE_INFINITY;
        for (double a : v) {
            max = Math.max(max, a);
        }
        double num = 0;
        double den = 0;
        for (double a : v) {
            double e = Math.exp((a - max) / t);
            num += a * e;
            den += e;
        }
        return num / den;
    }
}
