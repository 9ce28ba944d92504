package dev.re3.sae;

import java.util.Random;

/** Weiszfeld's iteration for the geometric median {@code argmin_b sum_i |s x_i - b|}. */
final class GeometricMedian {
    private GeometricMedian() {}

    /** The geometric median of up to {@code limit} rows (drawn with {@code random}) of {@code s x}, from {@code start}. */
    static double[] of(double[][] x, double scale, double[] start, int limit, Random random) {
        int d = start.length;
        int[] rows = Training.permutation(x.length, random);
        int n = Math.min(limit, x.length);
        double[] b = start.clone();
        for (int iteration = 0; iteration < 100; iteration++) {
            double[] next = new double[d];
            double weights = 0;
            for (int r = 0; r < n; r++) {
                double[] row = x[rows[r]];
                double dist = 0;
                for (int j = 0; j < d; j++) {
                    double e = scale * row[j] - b[j];
                    dist += e * e;
                }
                double w = 1 / Math.max(Math.sqrt(dist), 1e-12);
                weights += w;
                for (int j = 0; j < d; j++) {
                    next[j] += w * scale * row[j];
                }
            }
            double move = 0;
            for (int j = 0; j < d; j++) {
                next[j] /= weights;
                move += (next[j] - b[j]) * (next[j] - b[j]);
            }
            b = next;
            if (Math.sqrt(move) < 1e-7) {
                break;
            }
        }
        return b;
    }
}
