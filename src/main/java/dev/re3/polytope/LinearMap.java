package dev.re3.polytope;

import dev.re3.net.AvgPool2d;
import dev.re3.net.BatchNorm;
import dev.re3.net.Conv2d;
import dev.re3.net.Dense;
import dev.re3.net.Standardize;

/**
 * An affine layer {@code y = A x + t} applied to affine forms, stored by input unit (the transpose of
 * {@code A}) so that an input unit whose form is zero costs nothing and a changed input unit can be
 * added or taken away on its own.
 *
 * <p>A form of {@code n} units over {@code k} parameters has {@code cols = k + 1} columns and is stored
 * column after column: {@code f[j * n + i]} is the coefficient of parameter {@code j} in unit {@code i},
 * and column {@code k} holds the constants. The map sends column {@code j} to {@code A f_j} and adds
 * {@code t} to the constants only.
 *
 * <p>Dense layers keep {@code A^T} dense ({@code [in][out]}); convolutions, batch norm and average
 * pooling keep it sparse, row {@code i} listing the outputs that input {@code i} feeds and with which
 * weight.
 */
final class LinearMap {
    final int in;
    final int out;
    private final double[] bias;
    private final double[] dense;
    private final int[] ptr;
    private final int[] idx;
    private final double[] w;

    private LinearMap(int in, int out, double[] bias, double[] dense, int[] ptr, int[] idx, double[] w) {
        this.in = in;
        this.out = out;
        this.bias = bias;
        this.dense = dense;
        this.ptr = ptr;
        this.idx = idx;
        this.w = w;
    }

    static LinearMap dense(Dense d) {
        int in = d.in();
        int out = d.out();
        double[] t = new double[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                t[i * out + o] = d.weight(o, i);
            }
        }
        return new LinearMap(in, out, d.bias(), t, null, null, null);
    }

    /** {@code y[o, r, c] = b[o] + sum W[o, i, u, v] x[i, r sh + u - ph, c sw + v - pw]}, transposed. */
    static LinearMap conv(Conv2d conv, int[] s, int[] o) {
        int[] k = conv.kernel();
        int[] st = conv.stride();
        int[] p = conv.padding();
        int in = s[0] * s[1] * s[2];
        int out = o[0] * o[1] * o[2];
        Sparse b = new Sparse(in);
        for (int ic = 0; ic < s[0]; ic++) {
            for (int rr = 0; rr < s[1]; rr++) {
                for (int cc = 0; cc < s[2]; cc++) {
                    for (int oc = 0; oc < o[0]; oc++) {
                        for (int u = 0; u < k[0]; u++) {
                            int num = rr + p[0] - u;
                            if (num < 0 || num % st[0] != 0 || num / st[0] >= o[1]) {
                                continue;
                            }
                            for (int v = 0; v < k[1]; v++) {
                                int numc = cc + p[1] - v;
                                if (numc < 0 || numc % st[1] != 0 || numc / st[1] >= o[2]) {
                                    continue;
                                }
                                double wt = conv.weight(oc, ic, u, v);
                                if (wt != 0) {
                                    b.add(((oc * o[1]) + num / st[0]) * o[2] + numc / st[1], wt);
                                }
                            }
                        }
                    }
                    b.next();
                }
            }
        }
        double[] bias = new double[out];
        double[] cb = conv.bias();
        for (int u = 0; u < out; u++) {
            bias[u] = cb[u / (o[1] * o[2])];
        }
        return b.build(out, bias);
    }

    /** {@code y = s x + t} per channel, channels on the first axis. */
    static LinearMap batchNorm(BatchNorm bn, int units) {
        double[] scale = bn.scale();
        double[] shift = bn.shift();
        int per = units / bn.channels();
        Sparse b = new Sparse(units);
        double[] bias = new double[units];
        for (int u = 0; u < units; u++) {
            b.add(u, scale[u / per]);
            b.next();
            bias[u] = shift[u / per];
        }
        return b.build(units, bias);
    }

    /** {@code y_u = x_u / scale_u - mean_u / scale_u}, element by element. */
    static LinearMap standardize(Standardize st) {
        int units = st.size();
        Sparse b = new Sparse(units);
        for (int u = 0; u < units; u++) {
            b.add(u, 1 / st.scale(u));
            b.next();
        }
        return b.build(units, st.shift());
    }

    /** The window mean, padding counted as zeros, each window divided by {@link AvgPool2d#divisor}. */
    static LinearMap avgPool(AvgPool2d pool, int[] s, int[] o) {
        int in = s[0] * s[1] * s[2];
        int out = o[0] * o[1] * o[2];
        double[] inv = new double[out];
        for (int u = 0; u < out; u++) {
            inv[u] = 1.0 / pool.divisor(s, u);
        }
        java.util.List<java.util.List<Integer>> feeds = new java.util.ArrayList<>();
        for (int i = 0; i < in; i++) {
            feeds.add(new java.util.ArrayList<>());
        }
        for (int u = 0; u < out; u++) {
            for (int i : pool.window(s, u)) {
                if (i >= 0) {
                    feeds.get(i).add(u);
                }
            }
        }
        Sparse b = new Sparse(in);
        for (int i = 0; i < in; i++) {
            for (int u : feeds.get(i)) {
                b.add(u, inv[u]);
            }
            b.next();
        }
        return b.build(out, new double[out]);
    }

    /** {@code A f + t} (constants column only), skipping input units whose form is zero. */
    double[] apply(double[] f, int cols) {
        double[] y = new double[out * cols];
        System.arraycopy(bias, 0, y, (cols - 1) * out, out);
        for (int i = 0; i < in; i++) {
            boolean zero = true;
            for (int j = 0; j < cols && zero; j++) {
                zero = f[j * in + i] == 0;
            }
            if (!zero) {
                addInput(i, f, 1.0, cols, y);
            }
        }
        return y;
    }

    /**
     * {@code A f + t} from an earlier result {@code y0 = A f0 + t}: adds {@code A (f - f0)} over the input
     * units that changed.
     *
     * @return the new forms, or null if more than {@code maxChanged} input units changed
     */
    double[] update(double[] f0, double[] y0, double[] f, int cols, int maxChanged) {
        int[] changed = new int[maxChanged];
        int m = 0;
        for (int i = 0; i < in; i++) {
            boolean same = true;
            for (int j = 0; j < cols && same; j++) {
                same = f[j * in + i] == f0[j * in + i];
            }
            if (!same) {
                if (m == maxChanged) {
                    return null;
                }
                changed[m++] = i;
            }
        }
        double[] y = y0.clone();
        double[] delta = new double[cols];
        for (int c = 0; c < m; c++) {
            int i = changed[c];
            for (int j = 0; j < cols; j++) {
                delta[j] = f[j * in + i] - f0[j * in + i];
            }
            addColumn(i, delta, 0, cols, y);
        }
        return y;
    }

    /** {@code y += scale * A[:, i] f_i} for every column of the form. */
    private void addInput(int i, double[] f, double scale, int cols, double[] y) {
        double[] v = new double[cols];
        for (int j = 0; j < cols; j++) {
            v[j] = scale * f[j * in + i];
        }
        addColumn(i, v, 0, cols, y);
    }

    /** Sets {@code stamps[o] = t} for every output {@code o} that input unit {@code i} feeds. */
    void stamp(int i, long[] stamps, long t) {
        if (dense != null) {
            java.util.Arrays.fill(stamps, t);
        } else {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                stamps[idx[p]] = t;
            }
        }
    }

    /** {@code y_j += v[off + j] A[:, i]} for {@code j < cols}. */
    void addColumn(int i, double[] v, int off, int cols, double[] y) {
        if (dense != null) {
            int base = i * out;
            for (int j = 0; j < cols; j++) {
                double a = v[off + j];
                if (a != 0) {
                    int row = j * out;
                    for (int o = 0; o < out; o++) {
                        y[row + o] += a * dense[base + o];
                    }
                }
            }
        } else {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                int o = idx[p];
                double wt = w[p];
                for (int j = 0; j < cols; j++) {
                    y[j * out + o] += wt * v[off + j];
                }
            }
        }
    }

    /** Builds the sparse transpose row by row (one row per input unit). */
    private static final class Sparse {
        private final int[] ptr;
        private int[] idx = new int[64];
        private double[] w = new double[64];
        private int size;
        private int row;

        Sparse(int rows) {
            ptr = new int[rows + 1];
        }

        void add(int o, double wt) {
            if (size == idx.length) {
                idx = java.util.Arrays.copyOf(idx, size * 2);
                w = java.util.Arrays.copyOf(w, size * 2);
            }
            idx[size] = o;
            w[size++] = wt;
        }

        void next() {
            ptr[++row] = size;
        }

        LinearMap build(int out, double[] bias) {
            return new LinearMap(ptr.length - 1, out, bias, null, ptr, java.util.Arrays.copyOf(idx, size),
                    java.util.Arrays.copyOf(w, size));
        }
    }
}
