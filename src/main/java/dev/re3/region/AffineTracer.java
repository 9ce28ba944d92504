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
import dev.re3.net.Standardize;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Forward-mode linearisation of a network at one input, in plain Java float64.
 *
 * <p>Every intermediate unit {@code u} is carried as an affine form of the input,
 * {@code z_u(x') = a_u . x' + c_u}, exact on the region of {@code x}: dense and conv layers combine
 * forms linearly, a ReLU multiplies the form by its gate (1, 0 or alpha) chosen from the value at
 * {@code x}, a max pool copies the selected form. The output forms are the local map {@code (W, b)};
 * the forms met before each gate are the region's bounding inequalities ({@link HalfSpaces}).
 *
 * <p>Cost: {@code (d + 1)} times a forward pass, so it suits single inputs; the batched reverse mode is
 * {@link Linearizer}. The two are independent computations of the same map.
 */
public final class AffineTracer {
    private final Network network;
    private final int d;
    private final int width;
    private final List<double[]> rows = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private final List<String> patterns = new ArrayList<>();
    private final List<int[]> poolChoices = new ArrayList<>();

    private AffineTracer(Network network) {
        this.network = network;
        this.d = network.inputSize();
        this.width = d + 1;
    }

    /** The result of tracing one input. */
    public record Trace(double[][] weight, double[] bias, double[] logits, List<String> patterns, String regionId,
                        HalfSpaces halfSpaces) {}

    /**
     * Traces the network at {@code x}.
     *
     * @param x the input, {@code [inputSize]}, finite
     */
    public static Trace trace(Network network, double[] x) {
        network.checkInput(x);
        AffineTracer t = new AffineTracer(network);
        double[] form = new double[t.d * t.width];
        for (int i = 0; i < t.d; i++) {
            form[i * t.width + i] = 1.0;
        }
        State out = t.run(network.layers(), "", new State(x.clone(), form, network.inputShape()));
        int classes = out.values.length;
        double[][] w = new double[classes][t.d];
        double[] b = new double[classes];
        for (int c = 0; c < classes; c++) {
            System.arraycopy(out.form, c * t.width, w[c], 0, t.d);
            b[c] = out.form[c * t.width + t.d];
        }
        double[][] a = new double[t.rows.size()][];
        double[] cc = new double[t.rows.size()];
        for (int k = 0; k < a.length; k++) {
            double[] row = t.rows.get(k);
            a[k] = java.util.Arrays.copyOf(row, t.d);
            cc[k] = row[t.d];
        }
        return new Trace(w, b, out.values, List.copyOf(t.patterns), RegionCode.id(t.patterns, t.poolChoices),
                new HalfSpaces(a, cc, t.labels));
    }

    /** Values at {@code x}, their affine forms {@code [units][d + 1]} (flat), and the shape. */
    private record State(double[] values, double[] form, int[] shape) {}

    private State run(List<Layer> layers, String prefix, State s) {
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            s = step(layer, prefix + i + "." + layer.type(), s);
        }
        return s;
    }

    private State step(Layer layer, String site, State s) {
        int[] outShape = layer.outputShape(s.shape);
        double[] values = layer.forward(s.values, s.shape);
        double[] form;
        if (layer instanceof Dense dense) {
            form = dense(dense, s.form);
        } else if (layer instanceof Conv2d conv) {
            form = conv(conv, s.form, s.shape, outShape);
        } else if (layer instanceof BatchNorm bn) {
            form = batchNorm(bn, s.form, s.values.length);
        } else if (layer instanceof Standardize st) {
            form = standardize(st, s.form);
        } else if (layer instanceof Relu || layer instanceof LeakyRelu) {
            double alpha = layer instanceof LeakyRelu l ? l.alpha() : 0.0;
            form = gate(site, alpha, s.values, s.form);
        } else if (layer instanceof MaxPool2d pool) {
            form = maxPool(site, pool, s, outShape);
        } else if (layer instanceof AvgPool2d pool) {
            form = avgPool(pool, s, outShape);
        } else if (layer instanceof Flatten || layer instanceof Dropout) {
            form = s.form;
        } else if (layer instanceof Residual r) {
            form = new double[values.length * width];
            for (int b = 0; b < r.branches().size(); b++) {
                State branch = run(r.branches().get(b), site + "." + b + ".", s);
                for (int k = 0; k < form.length; k++) {
                    form[k] += branch.form[k];
                }
            }
        } else {
            throw new IllegalArgumentException("cannot trace layer " + site + " of type " + layer.getClass().getName());
        }
        return new State(values, form, outShape);
    }

    private double[] dense(Dense dense, double[] in) {
        DMatrixRMaj w = DMatrixRMaj.wrap(dense.out(), dense.in(), dense.weightRowMajor());
        DMatrixRMaj f = DMatrixRMaj.wrap(dense.in(), width, in);
        DMatrixRMaj out = new DMatrixRMaj(dense.out(), width);
        CommonOps_DDRM.mult(w, f, out);
        double[] form = out.data;
        for (int o = 0; o < dense.out(); o++) {
            form[o * width + d] += dense.bias(o);
        }
        return form;
    }

    private double[] conv(Conv2d conv, double[] in, int[] s, int[] o) {
        int[] k = conv.kernel();
        int[] st = conv.stride();
        int[] p = conv.padding();
        double[] w = conv.weightFlat();
        double[] bias = conv.bias();
        double[] form = new double[o[0] * o[1] * o[2] * width];
        for (int oc = 0; oc < o[0]; oc++) {
            for (int r = 0; r < o[1]; r++) {
                for (int c = 0; c < o[2]; c++) {
                    int base = ((oc * o[1] + r) * o[2] + c) * width;
                    form[base + d] = bias[oc];
                    for (int ic = 0; ic < s[0]; ic++) {
                        for (int u = 0; u < k[0]; u++) {
                            int rr = r * st[0] + u - p[0];
                            if (rr < 0 || rr >= s[1]) {
                                continue;
                            }
                            for (int v = 0; v < k[1]; v++) {
                                int cc = c * st[1] + v - p[1];
                                if (cc < 0 || cc >= s[2]) {
                                    continue;
                                }
                                double wt = w[((oc * s[0] + ic) * k[0] + u) * k[1] + v];
                                if (wt != 0) {
                                    axpy(wt, in, ((ic * s[1] + rr) * s[2] + cc) * width, form, base);
                                }
                            }
                        }
                    }
                }
            }
        }
        return form;
    }

    /** {@code ((form of x_u) - mean_u) / scale_u}, element by element. */
    private double[] standardize(Standardize st, double[] in) {
        double[] form = new double[in.length];
        for (int u = 0; u < st.size(); u++) {
            for (int j = 0; j < width; j++) {
                form[u * width + j] = in[u * width + j] / st.scale(u);
            }
            form[u * width + d] -= st.mean(u) / st.scale(u);
        }
        return form;
    }

    private double[] batchNorm(BatchNorm bn, double[] in, int units) {
        double[] scale = bn.scale();
        double[] shift = bn.shift();
        int per = units / bn.channels();
        double[] form = new double[in.length];
        for (int u = 0; u < units; u++) {
            int ch = u / per;
            for (int j = 0; j < width; j++) {
                form[u * width + j] = in[u * width + j] * scale[ch];
            }
            form[u * width + d] += shift[ch];
        }
        return form;
    }

    private double[] gate(String site, double alpha, double[] z, double[] in) {
        patterns.add(RegionCode.pattern(z));
        double[] form = new double[in.length];
        for (int u = 0; u < z.length; u++) {
            boolean on = z[u] > 0;
            double[] row = new double[width];
            for (int j = 0; j < width; j++) {
                double v = in[u * width + j];
                row[j] = on ? v : -v;
                form[u * width + j] = on ? v : alpha * v;
            }
            rows.add(row);
            labels.add(site + "/" + u);
        }
        return form;
    }

    private double[] maxPool(String site, MaxPool2d pool, State s, int[] o) {
        int[] arg = pool.argmax(s.values, s.shape);
        poolChoices.add(arg);
        double[] form = new double[arg.length * width];
        for (int u = 0; u < arg.length; u++) {
            int sel = arg[u];
            System.arraycopy(s.form, sel * width, form, u * width, width);
            for (int other : pool.window(s.shape, u)) {
                if (other >= 0 && other != sel) {
                    double[] row = new double[width];
                    for (int j = 0; j < width; j++) {
                        row[j] = s.form[sel * width + j] - s.form[other * width + j];
                    }
                    rows.add(row);
                    labels.add(site + "/" + u + ">" + other);
                }
            }
        }
        return form;
    }

    private double[] avgPool(AvgPool2d pool, State s, int[] o) {
        int units = o[0] * o[1] * o[2];
        double[] form = new double[units * width];
        for (int u = 0; u < units; u++) {
            double inv = 1.0 / pool.divisor(s.shape, u);
            for (int i : pool.window(s.shape, u)) {
                if (i >= 0) {
                    axpy(inv, s.form, i * width, form, u * width);
                }
            }
        }
        return form;
    }

    private void axpy(double a, double[] x, int xOff, double[] y, int yOff) {
        for (int j = 0; j < width; j++) {
            y[yOff + j] += a * x[xOff + j];
        }
    }
}
