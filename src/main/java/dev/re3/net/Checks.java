package dev.re3.net;

import java.util.Arrays;

/** Validation helpers shared by the layer constructors: each message says what was expected and given. */
final class Checks {
    private Checks() {}

    static double[] finiteCopy(String what, double[] values) {
        if (values == null) {
            throw new IllegalArgumentException(what + ": expected an array of finite numbers, got null");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + ": expected finite numbers, got " + values[i] + " at index " + i);
            }
        }
        return values.clone();
    }

    static double[][] finiteMatrixCopy(String what, double[][] m) {
        if (m == null || m.length == 0 || m[0] == null || m[0].length == 0) {
            throw new IllegalArgumentException(what + ": expected a non-empty matrix [out][in], got "
                    + (m == null ? "null" : m.length + " rows"));
        }
        double[][] copy = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
            if (m[r] == null || m[r].length != m[0].length) {
                throw new IllegalArgumentException(what + ": expected every row to have " + m[0].length
                        + " columns, got " + (m[r] == null ? "null" : m[r].length) + " in row " + r);
            }
            copy[r] = finiteCopy(what + "[" + r + "]", m[r]);
        }
        return copy;
    }

    static int[] pair(String what, int[] values, int min) {
        if (values == null || values.length != 2) {
            throw new IllegalArgumentException(what + ": expected two integers [h, w], got "
                    + (values == null ? "null" : Arrays.toString(values)));
        }
        if (values[0] < min || values[1] < min) {
            throw new IllegalArgumentException(what + ": expected integers >= " + min + ", got " + Arrays.toString(values));
        }
        return values.clone();
    }

    static void rank(String layer, int[] shape, int rank, String meaning) {
        if (shape.length != rank) {
            throw new IllegalArgumentException(layer + " expects an input of shape " + meaning + ", got "
                    + Arrays.toString(shape));
        }
    }

    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Output length of a sliding window: {@code floor((n + 2 pad - k) / stride) + 1}. */
    static int windows(String layer, int n, int k, int stride, int pad) {
        int out = Math.floorDiv(n + 2 * pad - k, stride) + 1;
        if (out < 1) {
            throw new IllegalArgumentException(layer + ": kernel " + k + " with padding " + pad
                    + " does not fit an input of size " + n);
        }
        return out;
    }
}
