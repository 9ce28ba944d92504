package dev.re3.region;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The column form of the backward product ({@link DenseWalk}), which computes only the listed columns of
 * {@code G W}, over the listed rows, from the transposed weight {@code Wt} ({@code [*, ldw]},
 * {@code Wt[j][i] = W[i][j]}):
 *
 * <pre>{@code
 * out[jj][c] = sum_{ii < m} G[c][rows[ii]] * Wt[cols[jj]][rows[ii]]     for jj < count, c < 2L
 * }</pre>
 *
 * <p>The classes are the vector lanes (two vectors of {@code L}, zero-padded; {@link #fits}): {@link #pack}
 * lays out {@code G} as {@code [m][2L]}, and {@link #multiply} keeps 8 columns times two vectors of classes
 * in registers, one broadcast of {@code Wt[j][i]} and two fused multiply-adds per column and listed row.
 * Each entry sums its terms in the order of {@code rows}, whatever the block it falls in. Uses the
 * incubating Vector API, like {@link SimdKernel}.
 */
final class SimdColumns {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private SimdColumns() {}

    /** Doubles per listed row or column: two vectors of classes. */
    static int stride() {
        return 2 * L;
    }

    /** Whether {@code classes} classes fit two vectors. */
    static boolean fits(int classes) {
        return classes <= 2 * L;
    }

    /** Packs {@code G[c][rows[ii]]} into {@code packed[ii * 2L + c]}, zero-padding the classes up to {@code 2L}. */
    static void pack(double[] g, int ldg, int classes, int[] rows, int m, double[] packed) {
        for (int ii = 0; ii < m; ii++) {
            int j = rows[ii];
            int p = ii * 2 * L;
            for (int c = 0; c < 2 * L; c++) {
                packed[p + c] = c < classes ? g[c * ldg + j] : 0.0;
            }
        }
    }

    /** Writes {@code out[jj * 2L + c]} as above, from {@code G} packed by {@link #pack}. */
    static void multiply(double[] packed, int[] rows, int m, double[] wt, int ldw, int[] cols, int count,
                         double[] out) {
        int jj = 0;
        for (; jj + 8 <= count; jj += 8) {
            eight(packed, rows, m, wt, ldw, cols, jj, out);
        }
        for (; jj < count; jj++) {
            int r = cols[jj] * ldw;
            DoubleVector lo = DoubleVector.zero(S);
            DoubleVector hi = lo;
            for (int ii = 0, p = 0; ii < m; ii++, p += 2 * L) {
                DoubleVector v = DoubleVector.broadcast(S, wt[r + rows[ii]]);
                lo = DoubleVector.fromArray(S, packed, p).fma(v, lo);
                hi = DoubleVector.fromArray(S, packed, p + L).fma(v, hi);
            }
            lo.intoArray(out, jj * 2 * L);
            hi.intoArray(out, jj * 2 * L + L);
        }
    }

    /** Columns {@code cols[jj .. jj + 7]} of {@link #multiply}. */
    private static void eight(double[] packed, int[] rows, int m, double[] wt, int ldw, int[] cols, int jj,
                                 double[] out) {
        int r0 = cols[jj] * ldw;
        int r1 = cols[jj + 1] * ldw;
        int r2 = cols[jj + 2] * ldw;
        int r3 = cols[jj + 3] * ldw;
        int r4 = cols[jj + 4] * ldw;
        int r5 = cols[jj + 5] * ldw;
        int r6 = cols[jj + 6] * ldw;
        int r7 = cols[jj + 7] * ldw;
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector a0 = z, b0 = z, a1 = z, b1 = z, a2 = z, b2 = z, a3 = z, b3 = z;
        DoubleVector a4 = z, b4 = z, a5 = z, b5 = z, a6 = z, b6 = z, a7 = z, b7 = z;
        for (int ii = 0, p = 0; ii < m; ii++, p += 2 * L) {
            int i = rows[ii];
            DoubleVector lo = DoubleVector.fromArray(S, packed, p);
            DoubleVector hi = DoubleVector.fromArray(S, packed, p + L);
            DoubleVector v;
            v = DoubleVector.broadcast(S, wt[r0 + i]);
            a0 = lo.fma(v, a0);
            b0 = hi.fma(v, b0);
            v = DoubleVector.broadcast(S, wt[r1 + i]);
            a1 = lo.fma(v, a1);
            b1 = hi.fma(v, b1);
            v = DoubleVector.broadcast(S, wt[r2 + i]);
            a2 = lo.fma(v, a2);
            b2 = hi.fma(v, b2);
            v = DoubleVector.broadcast(S, wt[r3 + i]);
            a3 = lo.fma(v, a3);
            b3 = hi.fma(v, b3);
            v = DoubleVector.broadcast(S, wt[r4 + i]);
            a4 = lo.fma(v, a4);
            b4 = hi.fma(v, b4);
            v = DoubleVector.broadcast(S, wt[r5 + i]);
            a5 = lo.fma(v, a5);
            b5 = hi.fma(v, b5);
            v = DoubleVector.broadcast(S, wt[r6 + i]);
            a6 = lo.fma(v, a6);
            b6 = hi.fma(v, b6);
            v = DoubleVector.broadcast(S, wt[r7 + i]);
            a7 = lo.fma(v, a7);
            b7 = hi.fma(v, b7);
        }
        int o = jj * 2 * L;
        a0.intoArray(out, o);
        b0.intoArray(out, o + L);
        a1.intoArray(out, o + 2 * L);
        b1.intoArray(out, o + 3 * L);
        a2.intoArray(out, o + 4 * L);
        b2.intoArray(out, o + 5 * L);
        a3.intoArray(out, o + 6 * L);
        b3.intoArray(out, o + 7 * L);
        a4.intoArray(out, o + 8 * L);
        b4.intoArray(out, o + 9 * L);
        a5.intoArray(out, o + 10 * L);
        b5.intoArray(out, o + 11 * L);
        a6.intoArray(out, o + 12 * L);
        b6.intoArray(out, o + 13 * L);
        a7.intoArray(out, o + 14 * L);
        b7.intoArray(out, o + 15 * L);
    }
}
