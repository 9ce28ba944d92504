package dev.re3.djl;

/** Checks and small helpers for labelled rows. */
final class TrainingData {
    private TrainingData() {}

    /** Checks that there is one finite row of {@code size} values and one label in {@code [0, classes)} per example. */
    static void check(double[][] x, int[] labels, int size, int classes) {
        if (x == null || labels == null || x.length == 0) {
            throw new IllegalArgumentException("x, labels: expected at least one row and one label per row, got "
                    + (x == null ? "null" : x.length + " rows") + " and " + (labels == null ? "null" : labels.length + " labels"));
        }
        if (x.length != labels.length) {
            throw new IllegalArgumentException("x, labels: expected one label per row, got " + x.length + " rows and "
                    + labels.length + " labels");
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null || x[i].length != size) {
                throw new IllegalArgumentException("x[" + i + "]: expected " + size + " values, got "
                        + (x[i] == null ? "null" : x[i].length));
            }
            for (int j = 0; j < size; j++) {
                if (!Double.isFinite(x[i][j])) {
                    throw new IllegalArgumentException("x[" + i + "][" + j + "]: expected a finite number, got " + x[i][j]);
                }
            }
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("labels[" + i + "]: expected a class in [0, " + classes + "), got "
                        + labels[i]);
            }
        }
    }

    /** The index of the largest value, the first one on ties. */
    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The rows {@code order[from .. to)} of {@code x} as one flat float32 array. */
    static float[] rows(double[][] x, int[] order, int from, int to) {
        int size = x[0].length;
        float[] out = new float[(to - from) * size];
        for (int r = from; r < to; r++) {
            double[] row = x[order[r]];
            int base = (r - from) * size;
            for (int j = 0; j < size; j++) {
                out[base + j] = (float) row[j];
            }
        }
        return out;
    }

    /** The labels {@code order[from .. to)} as float32 class indices. */
    static float[] labels(int[] labels, int[] order, int from, int to) {
        float[] out = new float[to - from];
        for (int r = from; r < to; r++) {
            out[r - from] = labels[order[r]];
        }
        return out;
    }
}
