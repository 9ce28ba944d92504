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
import dev.re3.net.Relu;
import dev.re3.net.Standardize;

/**
 * One backward step of {@link Pullback} for each layer type other than a residual block (the pullback walks those
 * itself): the cotangent rows at a layer's output to its input, under the pullback's rectifier and max-pool rules,
 * with the offset {@code G t} of an affine layer {@code y = A x + t} added to beta. Blocks carry rows innermost
 * ({@link CotangentBlock}); the convolution's transpose runs as vector kernels ({@link SimdConvBack}) when the
 * Vector API is present, with the same results bit for bit.
 */
final class LayerBack {
    /** Whether the Vector API module is in the boot layer, so that the Simd classes can be loaded. */
    static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private final Pullback.RectifierRule rule;
    private final Pullback.PoolRule pool;
    private final boolean guided;

    LayerBack(Pullback.RectifierRule rule, Pullback.PoolRule pool, boolean guided) {
        this.rule = rule;
        this.pool = pool;
        this.guided = guided;
    }

    /**
     * A convolution's weights in the order {@link SimdConvBack#transposeOne} adds its terms: per input channel,
     * {@code oc} ascending, then {@code u} and {@code v} descending ({@code [in][out][kh * kw]}).
     */
    static double[] termWeights(Conv2d c) {
        int in = c.inChannels();
        int out = c.outChannels();
        int kh = c.kernel()[0];
        int kw = c.kernel()[1];
        int taps = kh * kw;
        double[] weight = c.weightFlat();
        double[] wt = new double[in * out * taps];
        for (int ic = 0; ic < in; ic++) {
            for (int oc = 0; oc < out; oc++) {
                for (int t = 0; t < taps; t++) {
                    int u = kh - 1 - t / kw;
                    int v = kw - 1 - t % kw;
                    wt[(ic * out + oc) * taps + t] = weight[((oc * in + ic) * kh + u) * kw + v];
                }
            }
        }
        return wt;
    }

    /**
     * The cotangents {@code B} ({@code [out][k]}, rows innermost) at a layer's output (with its weights and bias
     * if it is dense or a convolution) to {@code [in][k]} at its
     * input, adding {@code G t} to beta for an affine layer {@code y = A x + t}. Rectifiers, flattens and dropouts
     * keep a sparse block sparse; a max pool with disjoint windows under the hard rule makes one; every other
     * layer gives a dense block.
     */
    CotangentBlock back(Layer layer, double[][] weightAndBias, double[] x, int[] s, int[] choice,
                                CotangentBlock B, double[] beta) {
        int k = B.k;
        if (layer instanceof Relu || layer instanceof LeakyRelu) {
            double alpha = layer instanceof LeakyRelu l ? l.alpha() : 0.0;
            double[] G = B.v;
            int n = B.count();
            double[] slopes = null;
            if (rule != Pullback.RectifierRule.HARD) {
                // soft rules a layer at a time
                slopes = new double[n];
                for (int j = 0; j < n; j++) {
                    slopes[j] = x[B.unit(j)];
                }
                rule.slopes(slopes, n, alpha, slopes);
            }
            for (int j = 0; j < n; j++) {
                double slope = slopes != null ? slopes[j] : rule.slope(x[B.unit(j)], alpha);
                if (guided) {
                    for (int r = j * k, e = r + k; r < e; r++) {
                        G[r] = Math.max(G[r], 0.0) * slope;
                    }
                } else if (slope != 1) {
                    for (int r = j * k, e = r + k; r < e; r++) {
                        G[r] *= slope;
                    }
                }
            }
            return B;
        }
        if (layer instanceof Flatten || layer instanceof Dropout) {
            return B;
        }
        if (layer instanceof MaxPool2d max && pool == Pullback.PoolRule.HARD && disjoint(max)) {
            // each window's cotangent goes to the one unit it chose; disjoint windows choose distinct units, so the
            // entries stay where they are and only their units change
            int[] arg = choice != null ? choice : max.argmax(x, s);
            int n = B.count();
            int[] units = new int[n];
            for (int j = 0; j < n; j++) {
                units[j] = arg[B.unit(j)];
            }
            return CotangentBlock.sparse(x.length, units, B.v, k);
        }
        if (layer instanceof Dense d) {
            double[] out = new double[x.length * k];
            double[] w = weightAndBias[0];
            double[] bias = weightAndBias[1];
            int in = d.in();
            double[] G = B.v;
            int n = B.count();
            for (int j = 0; j < n; j++) {
                int o = B.unit(j);
                addBias(beta, G, j * k, bias[o], k);
                if (allZero(G, j * k, k)) {
                    continue;
                }
                // rows in groups of four held in locals, as in convBack
                int r0 = 0;
                for (; r0 + 4 <= k; r0 += 4) {
                    double g0 = G[j * k + r0];
                    double g1 = G[j * k + r0 + 1];
                    double g2 = G[j * k + r0 + 2];
                    double g3 = G[j * k + r0 + 3];
                    for (int i = 0, wo = o * in; i < in; i++) {
                        double a = w[wo + i];
                        int q = i * k + r0;
                        out[q] += a * g0;
                        out[q + 1] += a * g1;
                        out[q + 2] += a * g2;
                        out[q + 3] += a * g3;
                    }
                }
                for (; r0 < k; r0++) {
                    double g = G[j * k + r0];
                    for (int i = 0, wo = o * in; i < in; i++) {
                        out[i * k + r0] += w[wo + i] * g;
                    }
                }
            }
            return CotangentBlock.dense(out, k);
        }
        if (layer instanceof Conv2d c) {
            if (VECTOR_API && k == 1 && c.stride()[0] == 1 && c.stride()[1] == 1) {
                // one row: the whole transpose as a vector correlation (faster than skipping the zero entries of a
                // sparse row), then the offsets entry by entry
                double[] out = SimdConvBack.transposeOne(B.toDense(), c.inChannels(), s[1], s[2], c.outChannels(),
                        c.kernel()[0], c.kernel()[1], c.padding()[0], c.padding()[1], weightAndBias[2]);
                double[] bias = weightAndBias[1];
                int plane = B.size / c.outChannels();
                for (int j = 0, n = B.count(); j < n; j++) {
                    if (B.v[j] != 0) {
                        addBias(beta, B.v, j, bias[B.unit(j) / plane], 1);
                    }
                }
                return CotangentBlock.dense(out, k);
            }
            double[] out = new double[x.length * k];
            convBack(c, weightAndBias, s, B, out, beta);
            return CotangentBlock.dense(out, k);
        }
        return CotangentBlock.dense(backDense(layer, x, s, choice, B.toDense(), k, beta), k);
    }

    /** Whether no two windows of a max pool share an input (stride at least the kernel in both directions). */
    private static boolean disjoint(MaxPool2d max) {
        int[] kernel = max.kernel();
        int[] stride = max.stride();
        return stride[0] >= kernel[0] && stride[1] >= kernel[1];
    }

    /** {@link #back} for the layers that take and give dense blocks {@code G} ({@code [units][k]}). */
    private double[] backDense(Layer layer, double[] x, int[] s, int[] choice, double[] G, int k, double[] beta) {
        double[] out = new double[x.length * k];
        if (layer instanceof MaxPool2d max) {
            if (pool == Pullback.PoolRule.HARD) {
                int[] arg = choice != null ? choice : max.argmax(x, s);
                for (int o = 0; o < arg.length; o++) {
                    addScaled(out, arg[o] * k, G, o * k, 1.0, k);
                }
                return out;
            }
            int units = G.length / k;
            int area = max.kernel()[0] * max.kernel()[1];
            if (max.padding()[0] == 0 && max.padding()[1] == 0) {
                // every window lies inside: the rule takes the whole layer's windows at once
                int[] idx = max.windows(s);
                double[] values = new double[units * area];
                for (int j = 0; j < values.length; j++) {
                    values[j] = x[idx[j]];
                }
                double[] w = new double[values.length];
                pool.weights(values, units, area, w);
                for (int o = 0, j = 0; o < units; o++) {
                    for (int e = j + area; j < e; j++) {
                        if (k == 1) {
                            out[idx[j]] += w[j] * G[o];
                        } else {
                            addScaled(out, idx[j] * k, G, o * k, w[j], k);
                        }
                    }
                }
                return out;
            }
            // padded windows hold different numbers of inputs: the rule takes them one by one
            int[] window = new int[area];
            for (int o = 0; o < units; o++) {
                int n = max.window(s, o, window, 0);
                double[] values = new double[n];
                for (int j = 0; j < n; j++) {
                    values[j] = x[window[j]];
                }
                double[] w = pool.weights(values);
                if (w == null || w.length != n) {
                    throw new IllegalArgumentException("max-pool rule: expected " + n + " weights, got "
                            + (w == null ? "null" : w.length));
                }
                for (int j = 0; j < n; j++) {
                    addScaled(out, window[j] * k, G, o * k, w[j], k);
                }
            }
            return out;
        }
        if (layer instanceof BatchNorm b) {
            double[] t = layer.forward(new double[x.length], s);
            double[] scale = b.scale();
            int plane = x.length / scale.length;
            for (int u = 0; u < x.length; u++) {
                addBias(beta, G, u * k, t[u], k);
                addScaled(out, u * k, G, u * k, scale[u / plane], k);
            }
        } else if (layer instanceof Standardize st) {
            for (int u = 0; u < x.length; u++) {
                addBias(beta, G, u * k, -st.mean(u) / st.scale(u), k);
                addScaled(out, u * k, G, u * k, 1 / st.scale(u), k);
            }
        } else if (layer instanceof AvgPool2d avg) {
            double[] t = layer.forward(new double[x.length], s);
            for (int o = 0; o < t.length; o++) {
                addBias(beta, G, o * k, t[o], k);
                double weight = 1 / avg.divisor(s, o);
                for (int i : avg.window(s, o)) {
                    if (i >= 0) {
                        addScaled(out, i * k, G, o * k, weight, k);
                    }
                }
            }
        } else {
            throw new IllegalArgumentException("pullback: no rule for layer type " + layer.type());
        }
        return out;
    }

    /** {@code dst[d .. d+k) += a * src[s .. s+k)}. */
    private static void addScaled(double[] dst, int d, double[] src, int s, double a, int k) {
        if (a == 0) {
            return;
        }
        for (int r = 0; r < k; r++) {
            dst[d + r] += a * src[s + r];
        }
    }

    /** {@code beta[r] += t * G[s + r]}, the offset term of one output unit. */
    private static void addBias(double[] beta, double[] G, int s, double t, int k) {
        if (t == 0) {
            return;
        }
        for (int r = 0; r < k; r++) {
            beta[r] += G[s + r] * t;
        }
    }

    private static boolean allZero(double[] G, int s, int k) {
        for (int r = 0; r < k; r++) {
            if (G[s + r] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The transpose of the convolution, {@code out[ic, rr, cc][r] += G[oc, row, col][r] * w[oc, ic, u, v]}, and
     * its offset {@code beta[r] += G[oc, row, col][r] * bias[oc]}. Output units whose cotangents are all zero
     * (closed gates, pool windows not chosen) are skipped.
     */
    private static void convBack(Conv2d conv, double[][] weightAndBias, int[] s, CotangentBlock B, double[] out,
                                 double[] beta) {
        int k = B.k;
        double[] G = B.v;
        int[] o = conv.outputShape(s);
        int kh = conv.kernel()[0];
        int kw = conv.kernel()[1];
        int[] stride = conv.stride();
        int[] pad = conv.padding();
        double[] w = weightAndBias[0];
        double[] bias = weightAndBias[1];
        int in = conv.inChannels();
        int h = s[1];
        int wd = s[2];
        int plane = o[1] * o[2];
        int n = B.count();
        for (int j = 0; j < n; j++) {
            int go = j * k;
            if (allZero(G, go, k)) {
                continue;
            }
            int unit = B.unit(j);
            int oc = unit / plane;
            int row = unit % plane / o[2];
            int col = unit % o[2];
            addBias(beta, G, go, bias[oc], k);
            int u0 = Math.max(0, pad[0] - row * stride[0]);
            int u1 = Math.min(kh, h + pad[0] - row * stride[0]);
            int v0 = Math.max(0, pad[1] - col * stride[1]);
            int v1 = Math.min(kw, wd + pad[1] - col * stride[1]);
            // rows a vector at a time (SimdConvBack), in groups of four, then two, held in locals, then one: each entry of
            // out still receives its terms in the order of the output units, as one row at a time would give them
            int r0 = VECTOR_API && k >= 4 ? SimdConvBack.convEntry(G, go, k, w, oc * in * kh * kw, in, kh, kw, u0, u1, v0, v1,
                    (row * stride[0] - pad[0]) * wd + col * stride[1] - pad[1], h * wd, wd, out) : 0;
            for (; r0 + 4 <= k; r0 += 4) {
                double g0 = G[go + r0];
                double g1 = G[go + r0 + 1];
                double g2 = G[go + r0 + 2];
                double g3 = G[go + r0 + 3];
                for (int ic = 0; ic < in; ic++) {
                    for (int u = u0; u < u1; u++) {
                        int wo = ((oc * in + ic) * kh + u) * kw;
                        int xo = (ic * h + row * stride[0] + u - pad[0]) * wd + col * stride[1] - pad[1];
                        for (int v = v0; v < v1; v++) {
                            double a = w[wo + v];
                            int d = (xo + v) * k + r0;
                            out[d] += a * g0;
                            out[d + 1] += a * g1;
                            out[d + 2] += a * g2;
                            out[d + 3] += a * g3;
                        }
                    }
                }
            }
            for (; r0 + 2 <= k; r0 += 2) {
                double g0 = G[go + r0];
                double g1 = G[go + r0 + 1];
                for (int ic = 0; ic < in; ic++) {
                    for (int u = u0; u < u1; u++) {
                        int wo = ((oc * in + ic) * kh + u) * kw;
                        int xo = (ic * h + row * stride[0] + u - pad[0]) * wd + col * stride[1] - pad[1];
                        for (int v = v0; v < v1; v++) {
                            double a = w[wo + v];
                            int d = (xo + v) * k + r0;
                            out[d] += a * g0;
                            out[d + 1] += a * g1;
                        }
                    }
                }
            }
            if (r0 < k) {
                double g = G[go + r0];
                for (int ic = 0; ic < in; ic++) {
                    for (int u = u0; u < u1; u++) {
                        int wo = ((oc * in + ic) * kh + u) * kw;
                        int xo = (ic * h + row * stride[0] + u - pad[0]) * wd + col * stride[1] - pad[1];
                        for (int v = v0; v < v1; v++) {
                            out[(xo + v) * k + r0] += w[wo + v] * g;
                        }
                    }
                }
            }
        }
    }
}
