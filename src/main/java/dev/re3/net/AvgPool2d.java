package dev.re3.net;

/**
 * Average pooling over {@code kh x kw} windows, a linear map:
 * {@code y[u] = (1 / d_u) sum_{i in window(u), i not padding} x[i]}. Padded positions count as zeros.
 *
 * <p>The divisor {@code d_u} ({@link #divisor}) follows PyTorch's {@code AvgPool2d(count_include_pad=...)}:
 * with {@code countPadding} (the default, {@code count_include_pad=True}) it is always {@code kh kw}; without
 * it, it is the number of window positions inside the input, so windows on the border average only real
 * inputs. With no padding every window lies inside the input, the two conventions agree, and the layer
 * records {@code countPadding = true}. Every interpreter of this layer (forward, pullbacks, affine tracing,
 * exports) takes its weights from {@link #divisor}.
 */
public final class AvgPool2d implements Layer {
    private final Pool2d geometry;
    private final boolean countPadding;

    /**
     * @param kernel {@code [kh, kw]}, each at least 1
     * @param stride {@code [sh, sw]}, each at least 1
     * @param padding {@code [ph, pw]}, each at least 0 and at most half the kernel
     * @param countPadding whether padded positions count in the divisor ({@code count_include_pad})
     */
    public AvgPool2d(int[] kernel, int[] stride, int[] padding, boolean countPadding) {
        this.geometry = new Pool2d("avgpool2d", kernel, stride, padding);
        this.countPadding = countPadding || (geometry.padding()[0] == 0 && geometry.padding()[1] == 0);
    }

    /** Padded positions counted in the divisor, which is then always {@code kh kw}. */
    public AvgPool2d(int[] kernel, int[] stride, int[] padding) {
        this(kernel, stride, padding, true);
    }

    public AvgPool2d(int[] kernel, int[] stride) {
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

    /**
     * Whether padded positions count in the divisor (PyTorch's {@code count_include_pad}); always true
     * without padding, where both conventions give the same layer.
     */
    public boolean countPadding() {
        return countPadding;
    }

    @Override
    public String type() {
        return "avgpool2d";
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return geometry.outputShape(inputShape);
    }

    /** The flat input indices of one output unit's window ({@code -1} for padding). */
    public int[] window(int[] inputShape, int unit) {
        int[] o = outputShape(inputShape);
        int plane = o[1] * o[2];
        return geometry.window(inputShape, unit / plane, unit % plane / o[2], unit % o[2]);
    }

    /**
     * The divisor {@code d_u} of one output unit: {@code kh kw} when padding counts, otherwise the number
     * of non-padded positions of {@code window(inputShape, unit)} (at least 1, since the padding is at most
     * half the kernel). Each input {@code i} of the window then has weight {@code 1 / d_u}.
     */
    public double divisor(int[] inputShape, int unit) {
        return countPadding ? geometry.kernel()[0] * geometry.kernel()[1] : divisor(window(inputShape, unit));
    }

    private double divisor(int[] window) {
        if (countPadding) {
            return window.length;
        }
        int real = 0;
        for (int i : window) {
            if (i >= 0) {
                real++;
            }
        }
        return real;
    }

    @Override
    public double[] forward(double[] x, int[] s) {
        int[] o = outputShape(s);
        double[] y = new double[o[0] * o[1] * o[2]];
        for (int k = 0; k < y.length; k++) {
            int[] window = window(s, k);
            double sum = 0;
            for (int i : window) {
                if (i >= 0) {
                    sum += x[i];
                }
            }
            y[k] = sum / divisor(window);
        }
        return y;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AvgPool2d p && java.util.Arrays.equals(p.kernel(), kernel())
                && java.util.Arrays.equals(p.stride(), stride()) && java.util.Arrays.equals(p.padding(), padding())
                && p.countPadding == countPadding;
    }

    @Override
    public int hashCode() {
        return (java.util.Arrays.hashCode(kernel()) * 31 + java.util.Arrays.hashCode(stride())) * 2
                + (countPadding ? 1 : 0);
    }
}
