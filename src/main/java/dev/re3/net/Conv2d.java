package dev.re3.net;

/**
 * A 2D convolution (cross-correlation, as in PyTorch and DJL) with zero padding:
 * {@code y[o, r, c] = b[o] + sum_{i, u, v} W[o, i, u, v] x[i, r*sh + u - ph, c*sw + v - pw]}.
 *
 * <p>Takes {@code [in, h, w]} and gives {@code [out, (h + 2 ph - kh) / sh + 1, (w + 2 pw - kw) / sw + 1]}.
 */
public final class Conv2d implements Layer {
    /** Whether the Vector API module is in the boot layer, so that {@link ConvKernel} can be loaded. */
    private static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private final int out;
    private final int in;
    private final int kh;
    private final int kw;
    private final double[] weight;
    private final double[] bias;
    private final int[] stride;
    private final int[] padding;

    /**
     * @param weight {@code [out][in][kh][kw]}, finite
     * @param bias {@code [out]}, finite
     * @param stride {@code [sh, sw]}, each at least 1
     * @param padding {@code [ph, pw]}, each at least 0
     */
    public Conv2d(double[][][][] weight, double[] bias, int[] stride, int[] padding) {
        if (weight == null || weight.length == 0 || weight[0].length == 0 || weight[0][0].length == 0
                || weight[0][0][0].length == 0) {
            throw new IllegalArgumentException("conv2d weight: expected a non-empty array [out][in][kh][kw]");
        }
        this.out = weight.length;
        this.in = weight[0].length;
        this.kh = weight[0][0].length;
        this.kw = weight[0][0][0].length;
        this.weight = new double[out * in * kh * kw];
        int k = 0;
        for (int o = 0; o < out; o++) {
            if (weight[o].length != in) {
                throw new IllegalArgumentException("conv2d weight: expected " + in + " input channels in every filter, got "
                        + weight[o].length + " in filter " + o);
            }
            for (int i = 0; i < in; i++) {
                if (weight[o][i].length != kh) {
                    throw new IllegalArgumentException("conv2d weight: expected kernel height " + kh + ", got "
                            + weight[o][i].length + " at [" + o + "][" + i + "]");
                }
                for (int u = 0; u < kh; u++) {
                    if (weight[o][i][u].length != kw) {
                        throw new IllegalArgumentException("conv2d weight: expected kernel width " + kw + ", got "
                                + weight[o][i][u].length + " at [" + o + "][" + i + "][" + u + "]");
                    }
                    for (int v = 0; v < kw; v++) {
                        this.weight[k++] = weight[o][i][u][v];
                    }
                }
            }
        }
        Checks.finiteCopy("conv2d weight", this.weight);
        this.bias = Checks.finiteCopy("conv2d bias", bias);
        if (this.bias.length != out) {
            throw new IllegalArgumentException("conv2d bias: expected " + out + " values (one per output channel), got "
                    + this.bias.length);
        }
        this.stride = Checks.pair("conv2d stride", stride, 1);
        this.padding = Checks.pair("conv2d padding", padding, 0);
    }

    public int outChannels() {
        return out;
    }

    public int inChannels() {
        return in;
    }

    /** Kernel size {@code [kh, kw]}. */
    public int[] kernel() {
        return new int[] {kh, kw};
    }

    public int[] stride() {
        return stride.clone();
    }

    public int[] padding() {
        return padding.clone();
    }

    /** One weight {@code W[o][i][u][v]}. */
    public double weight(int o, int i, int u, int v) {
        return weight[((o * in + i) * kh + u) * kw + v];
    }

    /** A copy of the weights flattened in the order {@code [out][in][kh][kw]}. */
    public double[] weightFlat() {
        return weight.clone();
    }

    /** A copy of the weights {@code [out][in][kh][kw]}. */
    public double[][][][] weight() {
        double[][][][] w = new double[out][in][kh][kw];
        int k = 0;
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int u = 0; u < kh; u++) {
                    for (int v = 0; v < kw; v++) {
                        w[o][i][u][v] = weight[k++];
                    }
                }
            }
        }
        return w;
    }

    public double[] bias() {
        return bias.clone();
    }

    @Override
    public String type() {
        return "conv2d";
    }

    @Override
    public int[] outputShape(int[] s) {
        Checks.rank("conv2d", s, 3, "[channels, height, width]");
        if (s[0] != in) {
            throw new IllegalArgumentException("conv2d expects " + in + " input channels, got " + s[0]);
        }
        return new int[] {out, Checks.windows("conv2d", s[1], kh, stride[0], padding[0]),
            Checks.windows("conv2d", s[2], kw, stride[1], padding[1])};
    }

    @Override
    public double[] forward(double[] x, int[] s) {
        int[] o = outputShape(s);
        int h = s[1];
        int w = s[2];
        int oh = o[1];
        int ow = o[2];
        int plane = oh * ow;
        int sw = stride[1];
        if (stride[0] == 1 && sw == 1) {
            return VECTOR_API ? ConvKernel.forward(x, in, h, w, out, kh, kw, padding[0], padding[1], weight, bias)
                    : forwardUnitStride(x, h, w, oh, ow);
        }
        double[] y = new double[out * plane];
        // the inputs each weight meets, gathered once per tap (ic, u, v) as a plane laid out like the output (zero
        // where the window is in the padding), so that every weight is one multiply-add over a whole output plane.
        // Each plane is an array of its own and indexed like the output row it is added to, which lets the JIT
        // vectorise the loop. Each output sums bias, then ic, u, v in order, as a direct loop would.
        int taps = in * kh * kw;
        double[][] cols = new double[taps][plane];
        for (int ic = 0; ic < in; ic++) {
            for (int u = 0; u < kh; u++) {
                for (int v = 0; v < kw; v++) {
                    double[] col = cols[(ic * kh + u) * kw + v];
                    int c0 = firstInside(v - padding[1], stride[1]);
                    int c1 = lastInside(v - padding[1], stride[1], w, ow);
                    for (int r = 0; r < oh; r++) {
                        int rr = r * stride[0] + u - padding[0];
                        if (rr < 0 || rr >= h || c1 < c0) {
                            continue;
                        }
                        int xo = (ic * h + rr) * w + v - padding[1];
                        if (sw == 1) {
                            System.arraycopy(x, xo + c0, col, r * ow + c0, c1 - c0 + 1);
                        } else {
                            for (int c = c0; c <= c1; c++) {
                                col[r * ow + c] = x[xo + c * sw];
                            }
                        }
                    }
                }
            }
        }
        double[] acc = new double[plane];
        for (int oc = 0; oc < out; oc++) {
            java.util.Arrays.fill(acc, bias[oc]);
            for (int t = 0; t < taps; t++) {
                double wv = weight[oc * taps + t];
                double[] col = cols[t];
                for (int q = 0; q < plane; q++) {
                    acc[q] += wv * col[q];
                }
            }
            System.arraycopy(acc, 0, y, oc * plane, plane);
        }
        return y;
    }

    /**
     * {@link #forward} for stride 1 without the Vector API ({@link ConvKernel} with it): the input is copied once into a zero-padded grid {@code [in][h + 2ph][w + 2pw]},
     * and each output plane is computed on that grid's width, so that every tap {@code (ic, u, v)} is one
     * multiply-add over a contiguous run, {@code acc[q] += w * xp[ic, u, v + q]} (the columns past the output's
     * width are computed and dropped). Each output sums bias, then ic, u, v in order, padding as zeros, the same
     * operations in the same order as the general path.
     */
    double[] forwardUnitStride(double[] x, int h, int w, int oh, int ow) {
        int ph = padding[0];
        int pw = padding[1];
        int hp = h + 2 * ph;
        int wp = w + 2 * pw;
        int grid = hp * wp;
        double[] xp = new double[in * grid];
        for (int ic = 0; ic < in; ic++) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(x, (ic * h + r) * w, xp, ic * grid + (r + ph) * wp + pw, w);
            }
        }
        int run = (oh - 1) * wp + ow;
        int plane = oh * ow;
        int taps = in * kh * kw;
        double[] y = new double[out * plane];
        double[] acc = new double[run];
        for (int oc = 0; oc < out; oc++) {
            java.util.Arrays.fill(acc, bias[oc]);
            for (int ic = 0; ic < in; ic++) {
                for (int u = 0; u < kh; u++) {
                    for (int v = 0; v < kw; v++) {
                        double wv = weight[oc * taps + (ic * kh + u) * kw + v];
                        int base = ic * grid + u * wp + v;
                        for (int q = 0; q < run; q++) {
                            acc[q] += wv * xp[base + q];
                        }
                    }
                }
            }
            for (int r = 0; r < oh; r++) {
                System.arraycopy(acc, r * wp, y, oc * plane + r * ow, ow);
            }
        }
        return y;
    }

    /** The first output column {@code c} with {@code c * stride + shift >= 0}. */
    static int firstInside(int shift, int stride) {
        return shift >= 0 ? 0 : (-shift + stride - 1) / stride;
    }

    /** The last output column {@code c < outWidth} with {@code c * stride + shift < width}. */
    static int lastInside(int shift, int stride, int width, int outWidth) {
        int last = width - 1 - shift;
        return last < 0 ? -1 : Math.min(outWidth - 1, last / stride);
    }

    @Override
    public String toString() {
        return "Conv2d(" + in + " -> " + out + ", kernel " + kh + "x" + kw + ", stride " + stride[0] + "x" + stride[1]
                + ", padding " + padding[0] + "x" + padding[1] + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Conv2d c && c.out == out && c.in == in && c.kh == kh && c.kw == kw
                && java.util.Arrays.equals(c.weight, weight) && java.util.Arrays.equals(c.bias, bias)
                && java.util.Arrays.equals(c.stride, stride) && java.util.Arrays.equals(c.padding, padding);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(weight) + java.util.Arrays.hashCode(bias);
    }
}
