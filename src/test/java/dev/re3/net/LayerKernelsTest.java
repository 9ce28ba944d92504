package dev.re3.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The convolution and max-pool kernels against direct loops written from their definitions: bit for bit, since
 * the kernels promise the same operations in the same order (bias, then input channel, kernel row, kernel column;
 * the first largest value of each window in row-major order).
 */
class LayerKernelsTest {
    private static final Random RANDOM = new Random(11);

    /** {@code y[oc, r, c] = bias[oc] + sum_{ic, u, v} w[oc, ic, u, v] x[ic, r s + u - p, c s + v - p]}, padding 0. */
    private static double[] direct(double[][][][] w, double[] b, int[] st, int[] pad, double[] x, int[] s) {
        int oh = (s[1] + 2 * pad[0] - w[0][0].length) / st[0] + 1;
        int ow = (s[2] + 2 * pad[1] - w[0][0][0].length) / st[1] + 1;
        double[] y = new double[w.length * oh * ow];
        for (int oc = 0; oc < w.length; oc++) {
            for (int r = 0; r < oh; r++) {
                for (int c = 0; c < ow; c++) {
                    double acc = b[oc];
                    for (int ic = 0; ic < w[oc].length; ic++) {
                        for (int u = 0; u < w[oc][ic].length; u++) {
                            for (int v = 0; v < w[oc][ic][u].length; v++) {
                                double wv = w[oc][ic][u][v];
                                int rr = r * st[0] + u - pad[0];
                                int cc = c * st[1] + v - pad[1];
                                boolean inside = rr >= 0 && rr < s[1] && cc >= 0 && cc < s[2];
                                acc += wv * (inside ? x[(ic * s[1] + rr) * s[2] + cc] : 0.0);
                            }
                        }
                    }
                    y[(oc * oh + r) * ow + c] = acc;
                }
            }
        }
        return y;
    }

    private static double[] random(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = RANDOM.nextInt(5) == 0 ? 0.0 : RANDOM.nextGaussian();
        }
        return v;
    }

    @Test
    void convolutionEqualsTheDirectLoopBitForBit() {
        int[][] geometries = {
            // in, out, kh, kw, sh, sw, ph, pw, h, w
            {1, 8, 3, 3, 1, 1, 1, 1, 28, 28}, {8, 16, 3, 3, 1, 1, 1, 1, 14, 14}, {3, 4, 3, 3, 1, 1, 0, 0, 7, 9},
            {2, 3, 1, 3, 1, 1, 0, 2, 5, 4}, {2, 2, 2, 2, 2, 2, 0, 0, 6, 6}, {3, 2, 3, 3, 2, 1, 1, 1, 7, 8},
            {2, 2, 5, 5, 1, 1, 2, 2, 3, 3}, {1, 1, 3, 3, 1, 1, 3, 3, 2, 2},
        };
        for (int[] g : geometries) {
            double[][][][] w = new double[g[1]][g[0]][g[2]][g[3]];
            for (double[][][] a : w) {
                for (double[][] b : a) {
                    for (int u = 0; u < b.length; u++) {
                        b[u] = random(b[u].length);
                    }
                }
            }
            double[] bias = random(g[1]);
            int[] st = {g[4], g[5]};
            int[] pad = {g[6], g[7]};
            Conv2d conv = new Conv2d(w, bias, st, pad);
            int[] shape = {g[0], g[8], g[9]};
            double[] x = random(g[0] * g[8] * g[9]);
            double[] expected = direct(w, bias, st, pad, x, shape);
            assertArrayEquals(expected, conv.forward(x, shape), 0.0, () -> java.util.Arrays.toString(g));
            if (st[0] == 1 && st[1] == 1) {
                // the plain-Java kernel taken when the Vector API module is absent
                int[] o = conv.outputShape(shape);
                assertArrayEquals(expected, conv.forwardUnitStride(x, g[8], g[9], o[1], o[2]), 0.0,
                        () -> "without the Vector API " + java.util.Arrays.toString(g));
            }
        }
    }

    @Test
    void maxPoolChoosesTheFirstLargestOfEachWindowAndListsItsInputs() {
        int[][] geometries = {
            // kh, kw, sh, sw, ph, pw, c, h, w
            {2, 2, 2, 2, 0, 0, 3, 8, 6}, {2, 2, 2, 2, 0, 0, 2, 7, 5}, {3, 3, 2, 2, 1, 1, 2, 7, 7}, {3, 2, 1, 1, 0, 0, 1, 5, 4},
        };
        for (int[] g : geometries) {
            MaxPool2d pool = new MaxPool2d(new int[] {g[0], g[1]}, new int[] {g[2], g[3]}, new int[] {g[4], g[5]});
            int[] s = {g[6], g[7], g[8]};
            double[] x = new double[g[6] * g[7] * g[8]];
            for (int i = 0; i < x.length; i++) {
                x[i] = RANDOM.nextInt(4); // many ties
            }
            int[] o = pool.outputShape(s);
            int[] expected = new int[o[0] * o[1] * o[2]];
            int k = 0;
            for (int ch = 0; ch < o[0]; ch++) {
                for (int r = 0; r < o[1]; r++) {
                    for (int c = 0; c < o[2]; c++) {
                        int best = -1;
                        for (int u = 0; u < g[0]; u++) {
                            for (int v = 0; v < g[1]; v++) {
                                int rr = r * g[2] + u - g[4];
                                int cc = c * g[3] + v - g[5];
                                if (rr >= 0 && rr < s[1] && cc >= 0 && cc < s[2]) {
                                    int i = (ch * s[1] + rr) * s[2] + cc;
                                    if (best < 0 || x[i] > x[best]) {
                                        best = i;
                                    }
                                }
                            }
                        }
                        expected[k++] = best;
                    }
                }
            }
            assertArrayEquals(expected, pool.argmax(x, s), java.util.Arrays.toString(g));
            int area = g[0] * g[1];
            if (g[4] == 0 && g[5] == 0) {
                int[] all = pool.windows(s);
                for (int unit = 0; unit < expected.length; unit++) {
                    assertArrayEquals(pool.window(s, unit), java.util.Arrays.copyOfRange(all, unit * area, (unit + 1) * area),
                            "windows " + unit + " of " + java.util.Arrays.toString(g));
                }
            } else {
                int[] shape = s;
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> pool.windows(shape));
            }
            int[] into = new int[area];
            for (int unit = 0; unit < expected.length; unit++) {
                int n = pool.window(s, unit, into, 0);
                assertArrayEquals(java.util.Arrays.stream(pool.window(s, unit)).filter(i -> i >= 0).toArray(),
                        java.util.Arrays.copyOf(into, n), "window " + unit + " of " + java.util.Arrays.toString(g));
            }
        }
    }
}
