package dev.re3.region;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector kernels of the dense fast path; with {@link SimdColumns}, the only classes that use the
 * incubating Vector API ({@code jdk.incubator.vector}): load them only when that module is in the boot layer.
 *
 * <p>The backward product in row form reads only the listed rows of {@code W}:
 *
 * <pre>{@code
 * out[c][k] = sum_{jj < m} G[c][rows[jj]] * W[rows[jj]][k]     for c < classes, from <= k < to
 * }</pre>
 *
 * <p>with {@code G} of shape {@code [classes, *]}, {@code W} of shape {@code [*, ldw]} and {@code out} of
 * shape {@code [classes, ldo]}, all row-major. {@link #pack} first copies the listed columns of {@code G}
 * class block by class block ({@code [blocks][m][10 or 4]}); {@link #multiply} then keeps a block of
 * 10 classes (4 when few are left) times two vectors of columns in registers, one fused multiply-add
 * per class and vector and listed row; tail columns take one vector, then scalars. Every output entry
 * sums its terms in the order of {@code rows} with fused multiply-adds, so results do not depend on the
 * column range.
 *
 * <p>For the last product, {@link #multiply} also writes the contributions {@code out[c][k] * x[k]} of each
 * block of columns while it is in cache, and adds them to per-class vectors of partial sums ({@code fit},
 * {@code [classes][L]}, summed by {@link #sumFit}) for the reconstruction check. A vector of {@code L}
 * features that are all zero has zero contributions: they are not written (the target holds zeros).
 *
 * <p>The forward product ({@link #forward}) runs over the nonzero inputs only, found by {@link #nonzeros}.
 *
 * <p>Given the weights also as floats ({@link DensePlan.Affine#wf()}, exactly the same values), the main
 * loops load those and widen them to float64 in registers: half the bytes to read, the same results.
 */
final class SimdKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Floats with as many lanes as {@link #S}. */
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(L * Float.SIZE));
    private static final int WIDE = 10;
    private static final int NARROW = 4;

    private SimdKernel() {}

    /** Doubles per vector. */
    static int lanes() {
        return L;
    }

    private static int block(int left) {
        return left > 6 ? WIDE : NARROW;
    }

    /** Length of the packed form of {@code classes} rows times {@code m} listed columns. */
    static int packedLength(int classes, int m) {
        int n = 0;
        for (int c0 = 0; c0 < classes; c0 += Math.min(block(classes - c0), classes - c0)) {
            n += block(classes - c0) * m;
        }
        return n;
    }

    /** Packs {@code G[c][rows[jj]]} into {@code packed[off ...]}, zero-padding the last class block. */
    static void pack(double[] g, int ldg, int classes, int[] rows, int m, double[] packed, int off) {
        int p = off;
        for (int c0 = 0; c0 < classes; ) {
            int block = block(classes - c0);
            int valid = Math.min(block, classes - c0);
            for (int jj = 0; jj < m; jj++) {
                int j = rows[jj];
                for (int c = 0; c < block; c++) {
                    packed[p++] = c < valid ? g[(c0 + c) * ldg + j] : 0.0;
                }
            }
            c0 += valid;
        }
    }

    /**
     * Writes {@code out[outOff + c * ldo + k]} for {@code c < classes} and {@code from <= k < to} as above,
     * from {@code G} packed by {@link #pack} at {@code packed[off ...]}.
     */
    static void multiply(double[] packed, int off, int classes, int[] rows, int m, double[] w, float[] wf, int ldw,
                         int from, int to, double[] out, int outOff, int ldo) {
        multiply(packed, off, classes, rows, m, w, wf, ldw, from, to, out, outOff, ldo, null, 0, null, 0, null);
    }

    /**
     * {@link #multiply} that also writes {@code con[conOff + c * ldo + k] = out[outOff + c * ldo + k] * x[xOff + k]}
     * and adds these products to {@code fit[c * L + lane]} (a vector of partial sums per class, see
     * {@link #sumFit}), when {@code con} is not null.
     */
    static void multiply(double[] packed, int off, int classes, int[] rows, int m, double[] w, float[] wf, int ldw,
                         int from, int to, double[] out, int outOff, int ldo, double[] x, int xOff, double[] con,
                         int conOff, double[] fit) {
        int end = to - (to - from) % (2 * L);
        for (int c0 = 0; c0 < classes; ) {
            int block = block(classes - c0);
            int valid = Math.min(block, classes - c0);
            int o = outOff + c0 * ldo;
            for (int k = from; k < end; k += 2 * L) {
                if (block == WIDE && wf != null) {
                    wide(packed, off, rows, m, wf, ldw, k, out, o, ldo, valid);
                } else if (block == WIDE) {
                    wide(packed, off, rows, m, w, ldw, k, out, o, ldo, valid);
                } else {
                    narrow(packed, off, rows, m, w, ldw, k, out, o, ldo, valid);
                }
                if (con != null) {
                    contribute(out, o, ldo, valid, k, 2 * L, x, xOff, con, conOff + c0 * ldo, fit, c0);
                }
            }
            tail(packed, off, block, rows, m, w, ldw, end, to, out, o, ldo, valid);
            if (con != null && end < to) {
                contribute(out, o, ldo, valid, end, to - end, x, xOff, con, conOff + c0 * ldo, fit, c0);
            }
            off += block * m;
            c0 += valid;
        }
    }

    /**
     * Contributions of columns {@code [k, k + len)} of {@code valid} rows starting at class {@code c0}: whole
     * vectors, then scalars into lane 0 of the class's partial sums.
     */
    private static void contribute(double[] out, int o, int ldo, int valid, int k, int len, double[] x, int xOff,
                                   double[] con, int co, double[] fit, int c0) {
        int i = k;
        for (; i + L <= k + len; i += L) {
            DoubleVector xv = DoubleVector.fromArray(S, x, xOff + i);
            if (xv.compare(VectorOperators.EQ, 0.0).allTrue()) {
                continue;
            }
            for (int c = 0; c < valid; c++) {
                DoubleVector p = DoubleVector.fromArray(S, out, o + c * ldo + i).mul(xv);
                p.intoArray(con, co + c * ldo + i);
                int f = (c0 + c) * L;
                DoubleVector.fromArray(S, fit, f).add(p).intoArray(fit, f);
            }
        }
        for (; i < k + len; i++) {
            for (int c = 0; c < valid; c++) {
                double p = out[o + c * ldo + i] * x[xOff + i];
                con[co + c * ldo + i] = p;
                fit[(c0 + c) * L] += p;
            }
        }
    }

    /**
     * Lists the indices {@code i < n} with {@code v[i] != 0} into {@code idx}, in increasing order, skipping
     * whole vectors of zeros; returns their number.
     */
    static int nonzeros(double[] v, int n, int[] idx) {
        int count = 0;
        int i = 0;
        for (; i + L <= n; i += L) {
            if (DoubleVector.fromArray(S, v, i).compare(VectorOperators.NE, 0.0).anyTrue()) {
                for (int k = i; k < i + L; k++) {
                    idx[count] = k;
                    count += v[k] != 0 ? 1 : 0;
                }
            }
        }
        for (; i < n; i++) {
            idx[count] = i;
            count += v[i] != 0 ? 1 : 0;
        }
        return count;
    }

    /** {@code sum_lane fit[c * L + lane]} in lane order: the class's sum of contributions. */
    static double sumFit(double[] fit, int c) {
        double s = 0;
        for (int lane = 0; lane < L; lane++) {
            s += fit[c * L + lane];
        }
        return s;
    }

    /**
     * The forward product over the listed inputs,
     * {@code y[o] = bias[o] + sum_{k < count} v[idx[k]] Wt[idx[k]][o]} for {@code from <= o < to}, with
     * {@code Wt} of shape {@code [*, ldw]} (the transposed weight); eight vectors of outputs stay in registers.
     */
    static void forward(double[] wt, float[] wtf, int ldw, double[] v, int[] idx, int count, double[] bias, double[] y,
                        int from, int to) {
        int o = wtf != null ? forward(wtf, ldw, v, idx, count, bias, y, from, to) : from;
        for (; o + 8 * L <= to; o += 8 * L) {
            DoubleVector a0 = DoubleVector.fromArray(S, bias, o);
            DoubleVector a1 = DoubleVector.fromArray(S, bias, o + L);
            DoubleVector a2 = DoubleVector.fromArray(S, bias, o + 2 * L);
            DoubleVector a3 = DoubleVector.fromArray(S, bias, o + 3 * L);
            DoubleVector a4 = DoubleVector.fromArray(S, bias, o + 4 * L);
            DoubleVector a5 = DoubleVector.fromArray(S, bias, o + 5 * L);
            DoubleVector a6 = DoubleVector.fromArray(S, bias, o + 6 * L);
            DoubleVector a7 = DoubleVector.fromArray(S, bias, o + 7 * L);
            for (int k = 0; k < count; k++) {
                int r = idx[k] * ldw + o;
                DoubleVector x = DoubleVector.broadcast(S, v[idx[k]]);
                a0 = DoubleVector.fromArray(S, wt, r).fma(x, a0);
                a1 = DoubleVector.fromArray(S, wt, r + L).fma(x, a1);
                a2 = DoubleVector.fromArray(S, wt, r + 2 * L).fma(x, a2);
                a3 = DoubleVector.fromArray(S, wt, r + 3 * L).fma(x, a3);
                a4 = DoubleVector.fromArray(S, wt, r + 4 * L).fma(x, a4);
                a5 = DoubleVector.fromArray(S, wt, r + 5 * L).fma(x, a5);
                a6 = DoubleVector.fromArray(S, wt, r + 6 * L).fma(x, a6);
                a7 = DoubleVector.fromArray(S, wt, r + 7 * L).fma(x, a7);
            }
            a0.intoArray(y, o);
            a1.intoArray(y, o + L);
            a2.intoArray(y, o + 2 * L);
            a3.intoArray(y, o + 3 * L);
            a4.intoArray(y, o + 4 * L);
            a5.intoArray(y, o + 5 * L);
            a6.intoArray(y, o + 6 * L);
            a7.intoArray(y, o + 7 * L);
        }
        for (; o + L <= to; o += L) {
            DoubleVector a0 = DoubleVector.fromArray(S, bias, o);
            for (int k = 0; k < count; k++) {
                a0 = DoubleVector.fromArray(S, wt, idx[k] * ldw + o).fma(DoubleVector.broadcast(S, v[idx[k]]), a0);
            }
            a0.intoArray(y, o);
        }
        for (; o < to; o++) {
            double s = bias[o];
            for (int k = 0; k < count; k++) {
                s = Math.fma(v[idx[k]], wt[idx[k] * ldw + o], s);
            }
            y[o] = s;
        }
    }

    /** The blocks of eight vectors of {@link #forward} from float weights; returns where they stop. */
    private static int forward(float[] wt, int ldw, double[] v, int[] idx, int count, double[] bias, double[] y, int from,
                               int to) {
        int o = from;
        for (; o + 8 * L <= to; o += 8 * L) {
            DoubleVector a0 = DoubleVector.fromArray(S, bias, o);
            DoubleVector a1 = DoubleVector.fromArray(S, bias, o + L);
            DoubleVector a2 = DoubleVector.fromArray(S, bias, o + 2 * L);
            DoubleVector a3 = DoubleVector.fromArray(S, bias, o + 3 * L);
            DoubleVector a4 = DoubleVector.fromArray(S, bias, o + 4 * L);
            DoubleVector a5 = DoubleVector.fromArray(S, bias, o + 5 * L);
            DoubleVector a6 = DoubleVector.fromArray(S, bias, o + 6 * L);
            DoubleVector a7 = DoubleVector.fromArray(S, bias, o + 7 * L);
            for (int k = 0; k < count; k++) {
                int r = idx[k] * ldw + o;
                DoubleVector x = DoubleVector.broadcast(S, v[idx[k]]);
                a0 = widen(wt, r).fma(x, a0);
                a1 = widen(wt, r + L).fma(x, a1);
                a2 = widen(wt, r + 2 * L).fma(x, a2);
                a3 = widen(wt, r + 3 * L).fma(x, a3);
                a4 = widen(wt, r + 4 * L).fma(x, a4);
                a5 = widen(wt, r + 5 * L).fma(x, a5);
                a6 = widen(wt, r + 6 * L).fma(x, a6);
                a7 = widen(wt, r + 7 * L).fma(x, a7);
            }
            a0.intoArray(y, o);
            a1.intoArray(y, o + L);
            a2.intoArray(y, o + 2 * L);
            a3.intoArray(y, o + 3 * L);
            a4.intoArray(y, o + 4 * L);
            a5.intoArray(y, o + 5 * L);
            a6.intoArray(y, o + 6 * L);
            a7.intoArray(y, o + 7 * L);
        }
        return o;
    }

    /** {@code L} floats from {@code w[at]}, widened to doubles (exactly). */
    private static DoubleVector widen(float[] w, int at) {
        return (DoubleVector) FloatVector.fromArray(F, w, at).convertShape(VectorOperators.F2D, S, 0);
    }

    /** Columns {@code [k, k + 2L)} for a block of 10 classes. */
    private static void wide(double[] a, int off, int[] rows, int m, double[] w, int ldw, int k, double[] out, int o,
                             int ldo, int valid) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c0a = z, c0b = z, c1a = z, c1b = z, c2a = z, c2b = z, c3a = z, c3b = z, c4a = z, c4b = z;
        DoubleVector c5a = z, c5b = z, c6a = z, c6b = z, c7a = z, c7b = z, c8a = z, c8b = z, c9a = z, c9b = z;
        for (int jj = 0, p = off; jj < m; jj++, p += WIDE) {
            int r = rows[jj] * ldw + k;
            DoubleVector wa = DoubleVector.fromArray(S, w, r);
            DoubleVector wb = DoubleVector.fromArray(S, w, r + L);
            DoubleVector v;
            v = DoubleVector.broadcast(S, a[p]);
            c0a = wa.fma(v, c0a);
            c0b = wb.fma(v, c0b);
            v = DoubleVector.broadcast(S, a[p + 1]);
            c1a = wa.fma(v, c1a);
            c1b = wb.fma(v, c1b);
            v = DoubleVector.broadcast(S, a[p + 2]);
            c2a = wa.fma(v, c2a);
            c2b = wb.fma(v, c2b);
            v = DoubleVector.broadcast(S, a[p + 3]);
            c3a = wa.fma(v, c3a);
            c3b = wb.fma(v, c3b);
            v = DoubleVector.broadcast(S, a[p + 4]);
            c4a = wa.fma(v, c4a);
            c4b = wb.fma(v, c4b);
            v = DoubleVector.broadcast(S, a[p + 5]);
            c5a = wa.fma(v, c5a);
            c5b = wb.fma(v, c5b);
            v = DoubleVector.broadcast(S, a[p + 6]);
            c6a = wa.fma(v, c6a);
            c6b = wb.fma(v, c6b);
            v = DoubleVector.broadcast(S, a[p + 7]);
            c7a = wa.fma(v, c7a);
            c7b = wb.fma(v, c7b);
            v = DoubleVector.broadcast(S, a[p + 8]);
            c8a = wa.fma(v, c8a);
            c8b = wb.fma(v, c8b);
            v = DoubleVector.broadcast(S, a[p + 9]);
            c9a = wa.fma(v, c9a);
            c9b = wb.fma(v, c9b);
        }
        int at = o + k;
        if (valid == WIDE) {
            c0a.intoArray(out, at);
            c0b.intoArray(out, at + L);
            c1a.intoArray(out, at + ldo);
            c1b.intoArray(out, at + ldo + L);
            c2a.intoArray(out, at + 2 * ldo);
            c2b.intoArray(out, at + 2 * ldo + L);
            c3a.intoArray(out, at + 3 * ldo);
            c3b.intoArray(out, at + 3 * ldo + L);
            c4a.intoArray(out, at + 4 * ldo);
            c4b.intoArray(out, at + 4 * ldo + L);
            c5a.intoArray(out, at + 5 * ldo);
            c5b.intoArray(out, at + 5 * ldo + L);
            c6a.intoArray(out, at + 6 * ldo);
            c6b.intoArray(out, at + 6 * ldo + L);
            c7a.intoArray(out, at + 7 * ldo);
            c7b.intoArray(out, at + 7 * ldo + L);
            c8a.intoArray(out, at + 8 * ldo);
            c8b.intoArray(out, at + 8 * ldo + L);
            c9a.intoArray(out, at + 9 * ldo);
            c9b.intoArray(out, at + 9 * ldo + L);
            return;
        }
        store(c0a, c0b, out, at, 0, valid);
        store(c1a, c1b, out, at + ldo, 1, valid);
        store(c2a, c2b, out, at + 2 * ldo, 2, valid);
        store(c3a, c3b, out, at + 3 * ldo, 3, valid);
        store(c4a, c4b, out, at + 4 * ldo, 4, valid);
        store(c5a, c5b, out, at + 5 * ldo, 5, valid);
        store(c6a, c6b, out, at + 6 * ldo, 6, valid);
        store(c7a, c7b, out, at + 7 * ldo, 7, valid);
        store(c8a, c8b, out, at + 8 * ldo, 8, valid);
        store(c9a, c9b, out, at + 9 * ldo, 9, valid);
    }

    /** {@link #wide(double[], int, int[], int, double[], int, int, double[], int, int, int)} from float weights. */
    private static void wide(double[] a, int off, int[] rows, int m, float[] w, int ldw, int k, double[] out, int o,
                             int ldo, int valid) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c0a = z, c0b = z, c1a = z, c1b = z, c2a = z, c2b = z, c3a = z, c3b = z, c4a = z, c4b = z;
        DoubleVector c5a = z, c5b = z, c6a = z, c6b = z, c7a = z, c7b = z, c8a = z, c8b = z, c9a = z, c9b = z;
        for (int jj = 0, p = off; jj < m; jj++, p += WIDE) {
            int r = rows[jj] * ldw + k;
            DoubleVector wa = widen(w, r);
            DoubleVector wb = widen(w, r + L);
            DoubleVector v;
            v = DoubleVector.broadcast(S, a[p]);
            c0a = wa.fma(v, c0a);
            c0b = wb.fma(v, c0b);
            v = DoubleVector.broadcast(S, a[p + 1]);
            c1a = wa.fma(v, c1a);
            c1b = wb.fma(v, c1b);
            v = DoubleVector.broadcast(S, a[p + 2]);
            c2a = wa.fma(v, c2a);
            c2b = wb.fma(v, c2b);
            v = DoubleVector.broadcast(S, a[p + 3]);
            c3a = wa.fma(v, c3a);
            c3b = wb.fma(v, c3b);
            v = DoubleVector.broadcast(S, a[p + 4]);
            c4a = wa.fma(v, c4a);
            c4b = wb.fma(v, c4b);
            v = DoubleVector.broadcast(S, a[p + 5]);
            c5a = wa.fma(v, c5a);
            c5b = wb.fma(v, c5b);
            v = DoubleVector.broadcast(S, a[p + 6]);
            c6a = wa.fma(v, c6a);
            c6b = wb.fma(v, c6b);
            v = DoubleVector.broadcast(S, a[p + 7]);
            c7a = wa.fma(v, c7a);
            c7b = wb.fma(v, c7b);
            v = DoubleVector.broadcast(S, a[p + 8]);
            c8a = wa.fma(v, c8a);
            c8b = wb.fma(v, c8b);
            v = DoubleVector.broadcast(S, a[p + 9]);
            c9a = wa.fma(v, c9a);
            c9b = wb.fma(v, c9b);
        }
        int at = o + k;
        if (valid == WIDE) {
            c0a.intoArray(out, at);
            c0b.intoArray(out, at + L);
            c1a.intoArray(out, at + ldo);
            c1b.intoArray(out, at + ldo + L);
            c2a.intoArray(out, at + 2 * ldo);
            c2b.intoArray(out, at + 2 * ldo + L);
            c3a.intoArray(out, at + 3 * ldo);
            c3b.intoArray(out, at + 3 * ldo + L);
            c4a.intoArray(out, at + 4 * ldo);
            c4b.intoArray(out, at + 4 * ldo + L);
            c5a.intoArray(out, at + 5 * ldo);
            c5b.intoArray(out, at + 5 * ldo + L);
            c6a.intoArray(out, at + 6 * ldo);
            c6b.intoArray(out, at + 6 * ldo + L);
            c7a.intoArray(out, at + 7 * ldo);
            c7b.intoArray(out, at + 7 * ldo + L);
            c8a.intoArray(out, at + 8 * ldo);
            c8b.intoArray(out, at + 8 * ldo + L);
            c9a.intoArray(out, at + 9 * ldo);
            c9b.intoArray(out, at + 9 * ldo + L);
            return;
        }
        store(c0a, c0b, out, at, 0, valid);
        store(c1a, c1b, out, at + ldo, 1, valid);
        store(c2a, c2b, out, at + 2 * ldo, 2, valid);
        store(c3a, c3b, out, at + 3 * ldo, 3, valid);
        store(c4a, c4b, out, at + 4 * ldo, 4, valid);
        store(c5a, c5b, out, at + 5 * ldo, 5, valid);
        store(c6a, c6b, out, at + 6 * ldo, 6, valid);
        store(c7a, c7b, out, at + 7 * ldo, 7, valid);
        store(c8a, c8b, out, at + 8 * ldo, 8, valid);
        store(c9a, c9b, out, at + 9 * ldo, 9, valid);
    }

    /** Columns {@code [k, k + 2L)} for a block of 4 classes. */
    private static void narrow(double[] a, int off, int[] rows, int m, double[] w, int ldw, int k, double[] out, int o,
                               int ldo, int valid) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c0a = z, c0b = z, c1a = z, c1b = z, c2a = z, c2b = z, c3a = z, c3b = z;
        for (int jj = 0, p = off; jj < m; jj++, p += NARROW) {
            int r = rows[jj] * ldw + k;
            DoubleVector wa = DoubleVector.fromArray(S, w, r);
            DoubleVector wb = DoubleVector.fromArray(S, w, r + L);
            DoubleVector v;
            v = DoubleVector.broadcast(S, a[p]);
            c0a = wa.fma(v, c0a);
            c0b = wb.fma(v, c0b);
            v = DoubleVector.broadcast(S, a[p + 1]);
            c1a = wa.fma(v, c1a);
            c1b = wb.fma(v, c1b);
            v = DoubleVector.broadcast(S, a[p + 2]);
            c2a = wa.fma(v, c2a);
            c2b = wb.fma(v, c2b);
            v = DoubleVector.broadcast(S, a[p + 3]);
            c3a = wa.fma(v, c3a);
            c3b = wb.fma(v, c3b);
        }
        int at = o + k;
        store(c0a, c0b, out, at, 0, valid);
        store(c1a, c1b, out, at + ldo, 1, valid);
        store(c2a, c2b, out, at + 2 * ldo, 2, valid);
        store(c3a, c3b, out, at + 3 * ldo, 3, valid);
    }

    private static void store(DoubleVector lo, DoubleVector hi, double[] out, int at, int c, int valid) {
        if (c < valid) {
            lo.intoArray(out, at);
            hi.intoArray(out, at + L);
        }
    }

    /** Columns {@code [from, to)}, fewer than {@code 2L}: one vector at a time, then one column at a time. */
    private static void tail(double[] a, int off, int block, int[] rows, int m, double[] w, int ldw, int from, int to,
                             double[] out, int o, int ldo, int valid) {
        int k = from;
        for (; k + L <= to; k += L) {
            for (int c = 0; c < valid; c++) {
                DoubleVector acc = DoubleVector.zero(S);
                for (int jj = 0; jj < m; jj++) {
                    DoubleVector v = DoubleVector.broadcast(S, a[off + jj * block + c]);
                    acc = DoubleVector.fromArray(S, w, rows[jj] * ldw + k).fma(v, acc);
                }
                acc.intoArray(out, o + c * ldo + k);
            }
        }
        for (; k < to; k++) {
            for (int c = 0; c < valid; c++) {
                double s = 0;
                for (int jj = 0; jj < m; jj++) {
                    s = Math.fma(a[off + jj * block + c], w[rows[jj] * ldw + k], s);
                }
                out[o + c * ldo + k] = s;
            }
        }
    }
}
