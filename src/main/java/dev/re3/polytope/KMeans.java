package dev.re3.polytope;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * k-means (Lloyd's iterations) from a k-means++ start (Arthur and Vassilvitskii, 2007), on float rows.
 * Seeded; an empty cluster restarts at the point farthest from its centre. The same seed gives the same
 * clusters whatever the number of threads.
 */
final class KMeans {
    record Result(int[] assignment, double cost) {}

    private KMeans() {}

    static Result run(float[][] x, int k, long seed, int maxIterations) {
        int n = x.length;
        int p = x[0].length;
        double[][] centres = init(x, k, seed);
        int[] assignment = new int[n];
        double[] dist = new double[n];
        for (int it = 0; it < maxIterations; it++) {
            boolean changed = assign(x, centres, assignment, dist) || it == 0;
            double[][] sum = new double[k][p];
            int[] count = new int[k];
            for (int i = 0; i < n; i++) {
                count[assignment[i]]++;
                for (int j = 0; j < p; j++) {
                    sum[assignment[i]][j] += x[i][j];
                }
            }
            for (int c = 0; c < k; c++) {
                if (count[c] == 0) {
                    int far = 0;
                    for (int i = 1; i < n; i++) {
                        if (dist[i] > dist[far]) {
                            far = i;
                        }
                    }
                    for (int j = 0; j < p; j++) {
                        centres[c][j] = x[far][j];
                    }
                    dist[far] = 0;
                    changed = true;
                } else {
                    for (int j = 0; j < p; j++) {
                        centres[c][j] = sum[c][j] / count[c];
                    }
                }
            }
            if (!changed) {
                break;
            }
        }
        assign(x, centres, assignment, dist);
        double cost = 0;
        for (double d : dist) {
            cost += d;
        }
        return new Result(assignment, cost);
    }

    private static boolean assign(float[][] x, double[][] centres, int[] assignment, double[] dist) {
        boolean[] changed = new boolean[x.length];
        IntStream.range(0, x.length).parallel().forEach(i -> {
            int best = 0;
            double bd = Double.POSITIVE_INFINITY;
            for (int c = 0; c < centres.length; c++) {
                double d = squared(x[i], centres[c]);
                if (d < bd) {
                    bd = d;
                    best = c;
                }
            }
            changed[i] = assignment[i] != best;
            assignment[i] = best;
            dist[i] = bd;
        });
        for (boolean c : changed) {
            if (c) {
                return true;
            }
        }
        return false;
    }

    private static double squared(float[] a, double[] c) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double d = a[j] - c[j];
            s += d * d;
        }
        return s;
    }

    private static double[][] init(float[][] x, int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = x.length;
        double[][] centres = new double[k][];
        centres[0] = toDouble(x[r.nextInt(n)]);
        double[] near = new double[n];
        for (int i = 0; i < n; i++) {
            near[i] = squared(x[i], centres[0]);
        }
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (double d : near) {
                total += d;
            }
            int pick = c % n;
            if (total > 0) {
                double target = r.nextDouble() * total;
                double acc = 0;
                for (int i = 0; i < n; i++) {
                    acc += near[i];
                    if (acc >= target && near[i] > 0) {
                        pick = i;
                        break;
                    }
                }
            }
            centres[c] = toDouble(x[pick]);
            for (int i = 0; i < n; i++) {
                near[i] = Math.min(near[i], squared(x[i], centres[c]));
            }
        }
        return centres;
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int j = 0; j < a.length; j++) {
            d[j] = a[j];
        }
        return d;
    }
}
