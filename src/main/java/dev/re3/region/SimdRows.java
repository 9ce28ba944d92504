package dev.re3.region;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector kernel of {@link Pullback}'s convolution transpose for many cotangent rows; like {@link SimdKernel},
 * it uses the incubating Vector API and is loaded only when that module is in the boot layer.
 *
 * <p>For one output unit {@code (oc, row, col)} with rows {@code g = G[go .. go + k)}, every tap {@code (ic, u, v)}
 * inside the input adds {@code w[oc, ic, u, v] g[r]} to {@code out[(ic, rr, cc) * k + r]}. Here the rows go
 * {@code L} at a time (one vector held in a register across all taps), a lane-wise multiply then add: the same
 * two roundings per term as the scalar loop, so the results are the same bit for bit.
 */
final class SimdRows {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private SimdRows() {}

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
}
