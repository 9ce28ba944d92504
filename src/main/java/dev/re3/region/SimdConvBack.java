package dev.re3.region;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector kernels of {@link Pullback}'s convolution transpose; like {@link SimdKernel}, they use the incubating
 * Vector API and are loaded only when that module is in the boot layer. Both give every input entry its terms in
 * the order of the output units {@code (oc, row, col)}, as the scalar loop does, with a lane-wise multiply then
 * add: the same bits.
 *
 * <p>Many rows ({@link #convEntry}): for one output unit {@code (oc, row, col)} with rows
 * {@code g = G[go .. go + k)}, every tap {@code (ic, u, v)} inside the input adds {@code w[oc, ic, u, v] g[r]} to
 * {@code out[(ic, rr, cc) * k + r]}; the rows go {@code L} at a time, one vector held in a register across all taps.
 *
 * <p>One row ({@link #transposeOne}): the whole transpose as a correlation on the input's padded grid, two input
 * channels at a time.
 */
final class SimdConvBack {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int STRIP = 4 * L;

    private SimdConvBack() {}

    /**
     * The taps of one output unit for its rows {@code [0, m L)}, the largest {@code m} with {@code m L <= k};
     * returns {@code m L}, the first row left to the caller.
     *
     * @param tap      {@code [ic][u][v]} taps of the unit's output channel in {@code w}, from {@code wo}
     * @param xo       flat input index of tap {@code (0, 0, 0)} (may lie in the padding; only inside taps are used)
     * @param channel  input units per channel ({@code h * wd}); {@code wd} the input width
     */
    static int convEntry(double[] G, int go, int k, double[] tap, int wo, int in, int kh, int kw, int u0, int u1, int v0,
                         int v1, int xo, int channel, int wd, double[] out) {
        int r0 = 0;
        for (; r0 + L <= k; r0 += L) {
            DoubleVector g = DoubleVector.fromArray(S, G, go + r0);
            for (int ic = 0; ic < in; ic++) {
                for (int u = u0; u < u1; u++) {
                    int t = wo + (ic * kh + u) * kw;
                    int x = xo + ic * channel + u * wd;
                    for (int v = v0; v < v1; v++) {
                        int d = (x + v) * k + r0;
                        DoubleVector.fromArray(S, out, d).add(g.mul(tap[t + v])).intoArray(out, d);
                    }
                }
            }
        }
        return r0;
    }

    /**
     * One row through a stride-1 convolution: {@code dx[ic, rr, cc] = sum_{oc, u, v} w[oc, ic, u, v] g[oc, rr + ph - u,
     * cc + pw - v]} (terms outside {@code g} left out), computed on the input's zero-padded grid ({@code [hp][wp]},
     * {@code hp = h + 2 ph}) as a correlation: {@code g} is laid on the grid's width behind a margin of
     * {@code (kh - 1) wp + kw - 1} zeros, a strip of four vectors of grid positions is held in registers across
     * {@code oc} ascending, {@code u} and {@code v} descending (the order of the output units), and the padding is
     * dropped at the end.
     *
     * @param g      {@code [out][oh][ow]}, {@code oh = hp - kh + 1}, {@code ow = wp - kw + 1}
     * @param wt     the weights in the order the terms are added, {@code [in][out][kh * kw]} (u and v descending)
     * @return {@code [in][h][w]}
     */
    static double[] transposeOne(double[] g, int in, int h, int w, int out, int kh, int kw, int ph, int pw,
                                 double[] wt) {
        int hp = h + 2 * ph;
        int wp = w + 2 * pw;
        int grid = hp * wp;
        int oh = hp - kh + 1;
        int ow = wp - kw + 1;
        int margin = (kh - 1) * wp + kw - 1;
        int strips = (grid + STRIP - 1) / STRIP;
        int span = margin + strips * STRIP;
        double[] gp = new double[out * span];
        for (int oc = 0; oc < out; oc++) {
            for (int r = 0; r < oh; r++) {
                System.arraycopy(g, (oc * oh + r) * ow, gp, oc * span + margin + r * wp, ow);
            }
        }
        int taps = kh * kw;
        // the terms of each input channel in the order they are added, oc ascending, then u and v descending: their
        // weights, and their offsets into gp from a strip's start
        int terms = out * taps;
        int[] off = new int[terms];
        for (int oc = 0; oc < out; oc++) {
            for (int t = 0; t < taps; t++) {
                off[oc * taps + t] = oc * span + margin - (kh - 1 - t / kw) * wp - (kw - 1 - t % kw);
            }
        }
        double[] dx = new double[in * h * w];
        int size = strips * STRIP;
        double[] acc = new double[2 * size];
        int ic = 0;
        // input channels in pairs: each strip of gp is loaded once per term for both
        for (; ic + 2 <= in; ic += 2) {
            int wa = ic * terms;
            int wb = wa + terms;
            for (int p = 0; p < size; p += STRIP) {
                DoubleVector a0 = DoubleVector.zero(S);
                DoubleVector a1 = a0;
                DoubleVector a2 = a0;
                DoubleVector a3 = a0;
                DoubleVector b0 = a0;
                DoubleVector b1 = a0;
                DoubleVector b2 = a0;
                DoubleVector b3 = a0;
                for (int e = 0; e < terms; e++) {
                    double va = wt[wa + e];
                    double vb = wt[wb + e];
                    int q = off[e] + p;
                    DoubleVector g0 = DoubleVector.fromArray(S, gp, q);
                    DoubleVector g1 = DoubleVector.fromArray(S, gp, q + L);
                    DoubleVector g2 = DoubleVector.fromArray(S, gp, q + 2 * L);
                    DoubleVector g3 = DoubleVector.fromArray(S, gp, q + 3 * L);
                    a0 = a0.add(g0.mul(va));
                    a1 = a1.add(g1.mul(va));
                    a2 = a2.add(g2.mul(va));
                    a3 = a3.add(g3.mul(va));
                    b0 = b0.add(g0.mul(vb));
                    b1 = b1.add(g1.mul(vb));
                    b2 = b2.add(g2.mul(vb));
                    b3 = b3.add(g3.mul(vb));
                }
                a0.intoArray(acc, p);
                a1.intoArray(acc, p + L);
                a2.intoArray(acc, p + 2 * L);
                a3.intoArray(acc, p + 3 * L);
                b0.intoArray(acc, size + p);
                b1.intoArray(acc, size + p + L);
                b2.intoArray(acc, size + p + 2 * L);
                b3.intoArray(acc, size + p + 3 * L);
            }
            for (int r = 0; r < h; r++) {
                System.arraycopy(acc, (r + ph) * wp + pw, dx, (ic * h + r) * w, w);
                System.arraycopy(acc, size + (r + ph) * wp + pw, dx, ((ic + 1) * h + r) * w, w);
            }
        }
        for (; ic < in; ic++) {
            int wo = ic * terms;
            for (int p = 0; p < size; p += STRIP) {
                DoubleVector a0 = DoubleVector.zero(S);
                DoubleVector a1 = a0;
                DoubleVector a2 = a0;
                DoubleVector a3 = a0;
                for (int e = 0; e < terms; e++) {
                    double wv = wt[wo + e];
                    int q = off[e] + p;
                    a0 = a0.add(DoubleVector.fromArray(S, gp, q).mul(wv));
                    a1 = a1.add(DoubleVector.fromArray(S, gp, q + L).mul(wv));
                    a2 = a2.add(DoubleVector.fromArray(S, gp, q + 2 * L).mul(wv));
                    a3 = a3.add(DoubleVector.fromArray(S, gp, q + 3 * L).mul(wv));
                }
                a0.intoArray(acc, p);
                a1.intoArray(acc, p + L);
                a2.intoArray(acc, p + 2 * L);
                a3.intoArray(acc, p + 3 * L);
            }
            for (int r = 0; r < h; r++) {
                System.arraycopy(acc, (r + ph) * wp + pw, dx, (ic * h + r) * w, w);
            }
        }
        return dx;
    }
}
