package dev.re3.nmf;

import java.util.Random;
import org.ejml.simple.SimpleMatrix;

/** Lloyd's k-means of the columns of {@code A} ({@code [d][n]}), seeded with k-means++; 50 rounds at most. */
final class Kmeans {
    private Kmeans() {}

    static int[] cluster(SimpleMatrix a, int k, Random r) {
        int d = a.numRows();
        int n = a.numCols();
        double[][] centre = new double[k][d];
        double[] dist = new double[n];
        java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
        int pick = r.nextInt(n);
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < d; i++) {
                centre[c][i] = a.get(i, pick);
            }
            double total = 0;
            for (int j = 0; j < n; j++) {
                dist[j] = Math.min(dist[j], sq(a, j, centre[c]));
                total += dist[j];
            }
            double u = r.nextDouble() * total;
            pick = 0;
            for (int j = 0; j < n; j++) {
                u -= dist[j];
                if (u <= 0) {
                    pick = j;
                    break;
                }
            }
        }
        int[] label = new int[n];
        for (int round = 0; round < 50; round++) {
            boolean changed = false;
            for (int j = 0; j < n; j++) {
                int best = 0;
                double bd = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double s = sq(a, j, centre[c]);
                    if (s < bd) {
                        bd = s;
                        best = c;
                    }
                }
                changed |= label[j] != best || round == 0;
                label[j] = best;
            }
            if (!changed) {
                break;
            }
            double[][] sum = new double[k][d];
            int[] count = new int[k];
            for (int j = 0; j < n; j++) {
                count[label[j]]++;
                for (int i = 0; i < d; i++) {
                    sum[label[j]][i] += a.get(i, j);
                }
            }
            for (int c = 0; c < k; c++) {
                if (count[c] > 0) {
                    for (int i = 0; i < d; i++) {
                        centre[c][i] = sum[c][i] / count[c];
                    }
                }
            }
        }
        return label;
    }

    private static double sq(SimpleMatrix a, int j, double[] c) {
        double s = 0;
        for (int i = 0; i < c.length; i++) {
            double v = a.get(i, j) - c[i];
            s += v * v;
        }
        return s;
    }
}
