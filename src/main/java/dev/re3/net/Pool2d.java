package dev.re3.net;

/** The window geometry shared by {@link MaxPool2d} and {@link AvgPool2d}. */
record Pool2d(String type, int[] kernel, int[] stride, int[] padding) {
    Pool2d {
        kernel = Checks.pair(type + " kernel", kernel, 1);
        stride = Checks.pair(type + " stride", stride, 1);
        padding = Checks.pair(type + " padding", padding, 0);
        if (padding[0] * 2 > kernel[0] || padding[1] * 2 > kernel[1]) {
            throw new IllegalArgumentException(type + " padding: expected at most half the kernel "
                    + java.util.Arrays.toString(kernel) + ", got " + java.util.Arrays.toString(padding));
        }
    }

    int[] outputShape(int[] s) {
        Checks.rank(type, s, 3, "[channels, height, width]");
        return new int[] {s[0], Checks.windows(type, s[1], kernel[0], stride[0], padding[0]),
            Checks.windows(type, s[2], kernel[1], stride[1], padding[1])};
    }

    /**
     * The flat input indices of one output window, in row-major window order; {@code -1} marks a
     * padded position.
     */
    int[] window(int[] s, int channel, int r, int c) {
        int[] idx = new int[kernel[0] * kernel[1]];
        int k = 0;
        for (int u = 0; u < kernel[0]; u++) {
            int rr = r * stride[0] + u - padding[0];
            for (int v = 0; v < kernel[1]; v++) {
                int cc = c * stride[1] + v - padding[1];
                idx[k++] = rr < 0 || rr >= s[1] || cc < 0 || cc >= s[2] ? -1 : (channel * s[1] + rr) * s[2] + cc;
            }
        }
        return idx;
    }
}
