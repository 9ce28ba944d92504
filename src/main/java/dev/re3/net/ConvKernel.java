package dev.re3.net;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector kernel of {@link Conv2d}'s unit-stride forward pass; it uses the incubating Vector API and is loaded
 * only when that module is in the boot layer.
 *
 * <p>On the zero-padded grid {@code xp} ({@code [in][h + 2ph][w + 2pw]}), output channel {@code oc} at grid
 * position {@code q} is {@code bias[oc] + sum_t w[oc, t] xp[off_t + q]} over the taps {@code t = (ic, u, v)} in
 * order, with {@code off_t = (ic, u, v)}'s grid offset. A strip of four vectors of positions of two output channels
 * is held in registers across all taps: each tap reads four vectors of the grid for both, and the strips are
 * stored once. A lane-wise multiply
 * then add gives each term the same two roundings as the scalar loop, in the same order: the same bits.
 */
final class ConvKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int STRIP = 4 * L;

    private ConvKernel() {}

    /**
     * @param x      {@code [in][h][w]}
     * @param weight {@code [out][in][kh][kw]}, flat
     * @return {@code [out][h + 2ph - kh + 1][w + 2pw - kw + 1]}
     */
    static double[] forward(double[] x, int in, int h, int w, int out, int kh, int kw, int ph, int pw, double[] weight,
                            double[] bias) {
        int hp = h + 2 * ph;
        int wp = w + 2 * pw;
        int grid = hp * wp;
        int oh = hp - kh + 1;
        int ow = wp - kw + 1;
        int run = (oh - 1) * wp + ow;
        int strips = (run + STRIP - 1) / STRIP;
        // the grid, with room past its end for the last strip's reads
        double[] xp = new double[in * grid + strips * STRIP];
        for (int ic = 0; ic < in; ic++) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(x, (ic * h + r) * w, xp, ic * grid + (r + ph) * wp + pw, w);
            }
        }
        int taps = in * kh * kw;
        int[] off = new int[taps];
        for (int ic = 0; ic < in; ic++) {
            for (int u = 0; u < kh; u++) {
                for (int v = 0; v < kw; v++) {
                    off[(ic * kh + u) * kw + v] = ic * grid + u * wp + v;
                }
            }
        }
        int plane = oh * ow;
        double[] y = new double[out * plane];
        double[] acc = new double[2 * strips * STRIP];
        int oc = 0;
        for (; oc + 2 <= out; oc += 2) {
            pair(xp, off, weight, bias, oc, taps, acc, y, oh, ow, wp, plane);
        }
        for (; oc < out; oc++) {
            int wo = oc * taps;
            for (int q = 0; q < strips * STRIP; q += STRIP) {
                DoubleVector a0 = DoubleVector.broadcast(S, bias[oc]);
                DoubleVector a1 = a0;
                DoubleVector a2 = a0;
                DoubleVector a3 = a0;
                for (int t = 0; t < taps; t++) {
                    double wv = weight[wo + t];
                    int b = off[t] + q;
                    a0 = a0.add(DoubleVector.fromArray(S, xp, b).mul(wv));
                    a1 = a1.add(DoubleVector.fromArray(S, xp, b + L).mul(wv));
                    a2 = a2.add(DoubleVector.fromArray(S, xp, b + 2 * L).mul(wv));
                    a3 = a3.add(DoubleVector.fromArray(S, xp, b + 3 * L).mul(wv));
                }
                a0.intoArray(acc, q);
                a1.intoArray(acc, q + L);
                a2.intoArray(acc, q + 2 * L);
                a3.intoArray(acc, q + 3 * L);
            }
            for (int r = 0; r < oh; r++) {
                System.arraycopy(acc, r * wp, y, oc * plane + r * ow, ow);
            }
        }
        return y;
    }

    /**
     * Output channels {@code oc} and {@code oc + 1} together: each strip of the grid is loaded once per tap for both;
     * {@code acc2} holds the two channels' strips, one half each.
     */
    private static void pair(double[] xp, int[] off, double[] weight, double[] bias, int oc, int taps, double[] acc2,
                             double[] y, int oh, int ow, int wp, int plane) {
        int wo = oc * taps;
        int half = acc2.length / 2;
        for (int q = 0; q < half; q += STRIP) {
            DoubleVector a0 = DoubleVector.broadcast(S, bias[oc]);
            DoubleVector a1 = a0;
            DoubleVector a2 = a0;
            DoubleVector a3 = a0;
            DoubleVector b0 = DoubleVector.broadcast(S, bias[oc + 1]);
            DoubleVector b1 = b0;
            DoubleVector b2 = b0;
            DoubleVector b3 = b0;
            for (int t = 0; t < taps; t++) {
                double wa = weight[wo + t];
                double wb = weight[wo + taps + t];
                int b = off[t] + q;
                DoubleVector x0 = DoubleVector.fromArray(S, xp, b);
                DoubleVector x1 = DoubleVector.fromArray(S, xp, b + L);
                DoubleVector x2 = DoubleVector.fromArray(S, xp, b + 2 * L);
                DoubleVector x3 = DoubleVector.fromArray(S, xp, b + 3 * L);
                a0 = a0.add(x0.mul(wa));
                a1 = a1.add(x1.mul(wa));
                a2 = a2.add(x2.mul(wa));
                a3 = a3.add(x3.mul(wa));
                b0 = b0.add(x0.mul(wb));
                b1 = b1.add(x1.mul(wb));
                b2 = b2.add(x2.mul(wb));
                b3 = b3.add(x3.mul(wb));
            }
            a0.intoArray(acc2, q);
            a1.intoArray(acc2, q + L);
            a2.intoArray(acc2, q + 2 * L);
            a3.intoArray(acc2, q + 3 * L);
            b0.intoArray(acc2, half + q);
            b1.intoArray(acc2, half + q + L);
            b2.intoArray(acc2, half + q + 2 * L);
            b3.intoArray(acc2, half + q + 3 * L);
        }
        for (int r = 0; r < oh; r++) {
            System.arraycopy(acc2, r * wp, y, oc * plane + r * ow, ow);
            System.arraycopy(acc2, half + r * wp, y, (oc + 1) * plane + r * ow, ow);
        }
    }
}
