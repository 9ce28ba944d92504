package dev.re3.io;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A rectangular array of finite numbers read from nested JSON arrays.
 *
 * @param shape the size of each axis
 * @param data the values in row-major order
 */
record Tensor(int[] shape, double[] data) {

    /**
     * Reads nested arrays with {@code shape.length == rank} axes, checking that every level is a
     * non-empty array, that arrays at one depth have one length, and that the leaves are finite numbers.
     *
     * @param path the key, used in messages as {@code key[i][j]}
     * @param meaning the axes, e.g. {@code "[out][in]"}
     */
    static Tensor read(JsonNode node, String path, int rank, String meaning) {
        int[] shape = new int[rank];
        measure(node, path, 0, shape, meaning);
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        double[] data = new double[n];
        fill(node, path, 0, rank, data, new int[1]);
        return new Tensor(shape, data);
    }

    private static void measure(JsonNode node, String path, int depth, int[] shape, String meaning) {
        if (!node.isArray() || node.size() == 0) {
            throw new ModelFormatException(path + ": expected a non-empty array"
                    + (depth == 0 ? " " + meaning : "") + ", got " + Fields.describe(node));
        }
        if (shape[depth] == 0) {
            shape[depth] = node.size();
        } else if (node.size() != shape[depth]) {
            String first = path.substring(0, path.indexOf('[')) + "[0]".repeat(depth);
            throw new ModelFormatException(path + ": expected " + shape[depth]
                    + (depth == shape.length - 1 ? " number" : " array") + (shape[depth] == 1 ? "" : "s") + " like " + first
                    + " (" + meaning + " must be rectangular), got " + node.size());
        }
        if (depth + 1 < shape.length) {
            for (int i = 0; i < node.size(); i++) {
                measure(node.get(i), path + "[" + i + "]", depth + 1, shape, meaning);
            }
        }
    }

    private static void fill(JsonNode node, String path, int depth, int rank, double[] data, int[] next) {
        for (int i = 0; i < node.size(); i++) {
            JsonNode v = node.get(i);
            if (depth + 1 < rank) {
                fill(v, path + "[" + i + "]", depth + 1, rank, data, next);
            } else if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
                throw new ModelFormatException(path + "[" + i + "]: expected a finite number, got " + Fields.describe(v));
            } else {
                data[next[0]++] = v.doubleValue();
            }
        }
    }

    /** The values of a one-axis tensor. */
    double[] vector() {
        return data.clone();
    }

    /** The values of a two-axis tensor as rows. */
    double[][] matrix() {
        double[][] m = new double[shape[0]][shape[1]];
        for (int r = 0; r < shape[0]; r++) {
            System.arraycopy(data, r * shape[1], m[r], 0, shape[1]);
        }
        return m;
    }

    /** The values of a four-axis tensor. */
    double[][][][] array4() {
        double[][][][] a = new double[shape[0]][shape[1]][shape[2]][shape[3]];
        int k = 0;
        for (double[][][] x : a) {
            for (double[][] y : x) {
                for (double[] z : y) {
                    for (int i = 0; i < z.length; i++) {
                        z[i] = data[k++];
                    }
                }
            }
        }
        return a;
    }
}
