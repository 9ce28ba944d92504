package dev.re3.net;

/**
 * Average pooling over {@code kh x kw} windows, a linear map. Padded positions count as zeros and the
 * divisor is always {@code kh kw} (PyTorch's {@code count_include_pad=True}).
 */
public final class AvgPool2d implements Layer {
    private final Pool2d geometry;

    public AvgPool2d(int[] kernel, int[] stride, int[] padding) {
        this.geometry = new Pool2d("avgpool2d", kernel, stride, padding);
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

    @Override
    public double[] forward(double[] x, int[] s) {
        int[] o = outputShape(s);
        double[] y = new double[o[0] * o[1] * o[2]];
        double div = geometry.kernel()[0] * geometry.kernel()[1];
        for (int k = 0; k < y.length; k++) {
            double sum = 0;
            for (int i : window(s, k)) {
                if (i >= 0) {
                    sum += x[i];
                }
            }
            y[k] = sum / div;
        }
        return y;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AvgPool2d p && java.util.Arrays.equals(p.kernel(), kernel())
                && java.util.Arrays.equals(p.stride(), stride()) && java.util.Arrays.equals(p.padding(), padding());
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(kernel()) * 31 + java.util.Arrays.hashCode(stride());
    }
}
