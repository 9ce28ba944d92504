package dev.re3.sae;

/** Validation with messages that say what was expected and what was given. */
final class Checks {
    private Checks() {}

    /** Checks a non-empty rectangular finite matrix; {@code rows} or {@code cols} of -1 accept any size. Returns the column count. */
    static int matrix(String what, double[][] a, int rows, int cols) {
        if (a == null || a.length == 0) {
            throw new IllegalArgumentException(what + ": expected a non-empty matrix, given "
                    + (a == null ? "null" : "0 rows"));
        }
        if (rows >= 0 && a.length != rows) {
            throw new IllegalArgumentException(what + ": expected " + rows + " rows, given " + a.length);
        }
        int c = cols >= 0 ? cols : (a[0] == null ? 0 : a[0].length);
        if (c == 0) {
            throw new IllegalArgumentException(what + ": expected rows of at least one value, given an empty row 0");
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] == null || a[i].length != c) {
                throw new IllegalArgumentException(what + ": expected every row to have " + c + " values, given "
                        + (a[i] == null ? "null" : a[i].length) + " in row " + i);
            }
            for (int j = 0; j < c; j++) {
                if (!Double.isFinite(a[i][j])) {
                    throw new IllegalArgumentException(what + ": expected finite values, given " + a[i][j]
                            + " at row " + i + ", column " + j);
                }
            }
        }
        return c;
    }

    static void rows(String what, double[][] a, int cols) {
        matrix(what, a, -1, cols);
    }

    static void vector(String what, double[] v, int n) {
        if (v == null || v.length != n) {
            throw new IllegalArgumentException(what + ": expected " + n + " values, given "
                    + (v == null ? "null" : v.length));
        }
        for (int j = 0; j < n; j++) {
            if (!Double.isFinite(v[j])) {
                throw new IllegalArgumentException(what + ": expected finite values, given " + v[j] + " at index " + j);
            }
        }
    }

    static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    static double[][] toDoubles(float[][] a) {
        if (a == null || a.length == 0) {
            throw new IllegalArgumentException("data: expected a non-empty matrix, given " + (a == null ? "null" : "0 rows"));
        }
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            if (a[i] == null) {
                throw new IllegalArgumentException("data: expected rows of values, given null in row " + i);
            }
            c[i] = new double[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                c[i][j] = a[i][j];
            }
        }
        return c;
    }

    static void positive(String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + ": expected a finite positive number, given " + v);
        }
    }

    static void nonNegative(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + ": expected a finite number >= 0, given " + v);
        }
    }
}
