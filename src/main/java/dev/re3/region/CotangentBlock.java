package dev.re3.region;

/**
 * {@code k} cotangent rows over the units of one layer boundary, rows innermost, as {@link Pullback} carries them.
 *
 * <p>Dense: unit {@code u}, row {@code r} at {@code v[u * k + r]}, for every unit. Sparse: only the listed units,
 * distinct, entry {@code j} (unit {@code units[j]}) at {@code v[j * k + r]}; every other unit's rows are zero. A max
 * pool with disjoint windows, pulled back by its argmax, gives a sparse block (one unit per window), so the
 * rectifier and the convolution below it touch only the chosen units instead of zeroing and sweeping the whole
 * pre-pool plane (four times as many units for a 2x2 pool).
 *
 * <p>Mutable, owned by one pullback at a time.
 */
final class CotangentBlock {
    /** The number of rows. */
    final int k;
    /** The number of units at the boundary. */
    final int size;
    /** The rows, rows innermost, per unit (dense) or per entry (sparse). */
    final double[] v;
    private final int[] units;

    private CotangentBlock(int k, int size, double[] v, int[] units) {
        this.k = k;
        this.size = size;
        this.v = v;
        this.units = units;
    }

    /** Every unit's rows, {@code v[u * k + r]}. */
    static CotangentBlock dense(double[] v, int k) {
        return new CotangentBlock(k, v.length / k, v, null);
    }

    /** Only {@code units} (distinct) of {@code size}, entry {@code j} at {@code v[j * k + r]}. */
    static CotangentBlock sparse(int size, int[] units, double[] v, int k) {
        return new CotangentBlock(k, size, v, units);
    }

    boolean isSparse() {
        return units != null;
    }

    /** The number of entries: every unit when dense, the listed ones when sparse. */
    int count() {
        return units == null ? size : units.length;
    }

    /** The unit of entry {@code j}. */
    int unit(int j) {
        return units == null ? j : units[j];
    }

    /** The same rows as a dense {@code [size][k]} block, rows innermost (this block's own array when dense). */
    double[] toDense() {
        if (units == null) {
            return v;
        }
        double[] d = new double[size * k];
        for (int j = 0; j < units.length; j++) {
            System.arraycopy(v, j * k, d, units[j] * k, k);
        }
        return d;
    }

    /** A copy that can be changed without changing this block. */
    CotangentBlock copy() {
        return new CotangentBlock(k, size, v.clone(), units);
    }

    /** The rows as {@code [k][size]}. */
    double[][] rows() {
        double[][] rows = new double[k][size];
        int n = count();
        for (int j = 0; j < n; j++) {
            int u = unit(j);
            for (int r = 0; r < k; r++) {
                rows[r][u] = v[j * k + r];
            }
        }
        return rows;
    }
}
