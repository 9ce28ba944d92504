package dev.re3.polytope;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * k-medoids by alternation (Park and Jun, 2009) from a k-medoids++ start: assign every point to its
 * nearest medoid (the earlier medoid on ties), then make each cluster's medoid the member with the least
 * sum of distances to the other members; repeat until the medoids stay. Seeded; the same seed gives the
 * same clusters whatever the number of threads.
 */
final class KMedoids {
    /** A distance between points {@code i} and {@code j}. */
    interface Metric {
        double d(int i, int j);
    }

    record Result(int[] assignment, int[] medoids, double cost) {}

    private KMedoids() {}

    static Result run(int n, int k, Metric m, long seed, int maxIterations) {
        int[] medoids = init(n, k, m, seed);
        int[] assignment = new int[n];
        for (int it = 0; it < maxIterations; it++) {
            assign(n, medoids, m, assignment);
            int[] next = medoids.clone();
            IntStream.range(0, k).parallel().forEach(c -> {
                int[] members = IntStream.range(0, n).filter(i -> assignment[i] == c).toArray();
                double best = Double.POSITIVE_INFINITY;
                for (int a : members) {
                    double s = 0;
                    for (int b : members) {
                        s += m.d(a, b);
                        if (s >= best) {
                            break;
                        }
                    }
                    if (s < best) {
                        best = s;
                        next[c] = a;
                    }
                }
            });
            if (Arrays.equals(next, medoids)) {
                break;
            }
            medoids = next;
        }
        double cost = assign(n, medoids, m, assignment);
        return new Result(assignment, medoids, cost);
    }

    /** Assigns each point to its nearest medoid; returns the sum of distances. */
    private static double assign(int n, int[] medoids, Metric m, int[] assignment) {
        double[] dist = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            int best = 0;
            double bd = Double.POSITIVE_INFINITY;
            for (int c = 0; c < medoids.length; c++) {
                double d = m.d(i, medoids[c]);
                if (d < bd) {
                    bd = d;
                    best = c;
                }
            }
            assignment[i] = best;
            dist[i] = bd;
        });
        double s = 0;
        for (double d : dist) {
            s += d;
        }
        return s;
    }

    /** k-medoids++: the first medoid uniformly, each next one with probability proportional to {@code D^2}. */
    private static int[] init(int n, int k, Metric m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] medoids = new int[k];
        medoids[0] = r.nextInt(n);
        double[] near = new double[n];
        for (int i = 0; i < n; i++) {
            near[i] = m.d(i, medoids[0]);
        }
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (double d : near) {
                total += d * d;
            }
            int pick = -1;
            if (total > 0) {
                double target = r.nextDouble() * total;
                double acc = 0;
                for (int i = 0; i < n; i++) {
                    acc += near[i] * near[i];
                    if (acc >= target && near[i] > 0) {
                        pick = i;
                        break;
                    }
                }
            }
            if (pick < 0) {
                pick = c % n;
            }
            medoids[c] = pick;
            for (int i = 0; i < n; i++) {
                near[i] = Math.min(near[i], m.d(i, pick));
            }
        }
        return medoids;
    }
}
