package dev.re3.net;

/**
 * Max pooling over {@code kh x kw} windows; piecewise linear, because each output copies one input.
 *
 * <p>Convention: the first maximum in row-major window order is selected (as PyTorch's CPU kernel
 * does), and padded positions never win. Which input each window selects is part of the region.
 */
public final class MaxPool2d implements Layer {
    private final Pool2d geometry;

    public MaxPool2d(int[] kernel, int[] stride, int[] padding) {
        this.geometry = new Pool2d("maxpool2d", kernel, stride, padding);
    }

    public MaxPool2d(int[] kernel, int[] stride) {
        this(kernel, stride, new int[] {0, 0});
    }

    public int[] kernel() {
        return geometry.kernel().clone();
    }

    public int[] stride() {
        return geometry.stride().clone();
    }

    public int[] padding() {
        return geometry.padding().clone();
    }

    @Override
    public String type() {
        return "maxpool2d";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return geometry.outputShape(inputShape);
    }

    /**
     * For each output unit, the flat input index its window selects.
     *
     * @return {@code [outputSize]} indices into the input
     */
    public int[] argmax(double[] x, int[] s) {
        int[] o = outputShape(s);
        int[] arg = new int[o[0] * o[1] * o[2]];
        int kh = geometry.kernel()[0];
        int kw = geometry.kernel()[1];
        int sh = geometry.stride()[0];
        int sw = geometry.stride()[1];
        int ph = geometry.padding()[0];
        int pw = geometry.padding()[1];
        if (ph == 0 && pw == 0) {
            return argmaxInside(x, s, o, arg);
        }
        int k = 0;
        for (int ch = 0; ch < o[0]; ch++) {
            for (int r = 0; r < o[1]; r++) {
                for (int c = 0; c < o[2]; c++) {
                    // the window in row-major order, padded positions left out (no allocation per window)
                    int best = -1;
                    for (int u = 0; u < kh; u++) {
                        int rr = r * sh + u - ph;
                        if (rr < 0 || rr >= s[1]) {
                            continue;
                        }
                        for (int v = 0; v < kw; v++) {
                            int cc = c * sw + v - pw;
                            if (cc >= 0 && cc < s[2]) {
                                int i = (ch * s[1] + rr) * s[2] + cc;
                                if (best < 0 || x[i] > x[best]) {
                                    best = i;
                                }
                            }
                        }
                    }
                    arg[k++] = best;
                }
            }
        }
        return arg;
    }

    /**
     * {@link #argmax} without padding, where every window lies inside the input: the same comparisons in the same
     * order, without the bounds checks, and unrolled for the common 2x2 window.
     */
    private int[] argmaxInside(double[] x, int[] s, int[] o, int[] arg) {
        int kh = geometry.kernel()[0];
        int kw = geometry.kernel()[1];
        int sh = geometry.stride()[0];
        int sw = geometry.stride()[1];
        int h = s[1];
        int w = s[2];
        int k = 0;
        for (int ch = 0; ch < o[0]; ch++) {
            for (int r = 0; r < o[1]; r++) {
                int row = (ch * h + r * sh) * w;
                for (int c = 0; c < o[2]; c++) {
                    int i0 = row + c * sw;
                    int best = i0;
                    if (kh == 2 && kw == 2) {
                        // the running maximum in a local, so that each step can be a conditional move
                        double m = x[i0];
                        double v = x[i0 + 1];
                        best = v > m ? i0 + 1 : best;
                        m = v > m ? v : m;
                        v = x[i0 + w];
                        best = v > m ? i0 + w : best;
                        m = v > m ? v : m;
                        v = x[i0 + w + 1];
                        best = v > m ? i0 + w + 1 : best;
                    } else {
                        for (int u = 0; u < kh; u++) {
                            for (int v = 0; v < kw; v++) {
                                int i = i0 + u * w + v;
                                if (x[i] > x[best]) {
                                    best = i;
                                }
                            }
                        }
                    }
                    arg[k++] = best;
                }
            }
        }
        return arg;
    }

    /**
     * The flat input indices of one output unit's window inside the input, in row-major order (padding left out),
     * written to {@code into} from {@code at} (room for {@code kh * kw}); returns how many.
     */
    public int window(int[] inputShape, int unit, int[] into, int at) {
        int[] o = outputShape(inputShape);
        int plane = o[1] * o[2];
        int channel = unit / plane;
        int r = unit % plane / o[2];
        int c = unit % o[2];
        int[] k = geometry.kernel();
        int[] st = geometry.stride();
        int[] pad = geometry.padding();
        int n = 0;
        for (int u = 0; u < k[0]; u++) {
            int rr = r * st[0] + u - pad[0];
            if (rr < 0 || rr >= inputShape[1]) {
                continue;
            }
            for (int v = 0; v < k[1]; v++) {
                int cc = c * st[1] + v - pad[1];
                if (cc >= 0 && cc < inputShape[2]) {
                    into[at + n++] = (channel * inputShape[1] + rr) * inputShape[2] + cc;
                }
            }
        }
        return n;
    }

    /**
     * Every window's flat input indices at once, for a pool without padding (every window inside the input):
     * output unit {@code o}'s window in row-major order at {@code [o * kh * kw, (o + 1) * kh * kw)}.
     *
     * @throws IllegalArgumentException if the pool has padding
     */
    public int[] windows(int[] inputShape) {
        int[] pad = geometry.padding();
        if (pad[0] != 0 || pad[1] != 0) {
            throw new IllegalArgumentException("windows: expected a max pool without padding, got padding "
                    + java.util.Arrays.toString(pad));
        }
        int[] o = outputShape(inputShape);
        int[] k = geometry.kernel();
        int[] st = geometry.stride();
        int h = inputShape[1];
        int w = inputShape[2];
        int[] idx = new int[o[0] * o[1] * o[2] * k[0] * k[1]];
        int at = 0;
        for (int ch = 0; ch < o[0]; ch++) {
            for (int r = 0; r < o[1]; r++) {
                for (int c = 0; c < o[2]; c++) {
                    int i0 = (ch * h + r * st[0]) * w + c * st[1];
                    for (int u = 0; u < k[0]; u++) {
                        for (int v = 0; v < k[1]; v++) {
                            idx[at++] = i0 + u * w + v;
                        }
                    }
                }
            }
        }
        return idx;
    }

    /** The flat input indices of one output unit's window ({@code -1} for padding). */
    public int[] window(int[] inputShape, int unit) {
        int[] o = outputShape(inputShape);
        int plane = o[1] * o[2];
        return geometry.window(inputShape, unit / plane, unit % plane / o[2], unit % o[2]);
    }

    @Override
    public double[] forward(double[] x, int[] s) {
        int[] arg = argmax(x, s);
        double[] y = new double[arg.length];
        for (int k = 0; k < y.length; k++) {
            y[k] = x[arg[k]];
        }
        return y;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaxPool2d p && java.util.Arrays.equals(p.kernel(), kernel())
                && java.util.Arrays.equals(p.stride(), stride()) && java.util.Arrays.equals(p.padding(), padding());
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(kernel()) * 31 + java.util.Arrays.hashCode(stride());
    }
}
