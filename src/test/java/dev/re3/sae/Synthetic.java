package dev.re3.sae;

import java.util.Random;

/** Data built from a known sparse dictionary: x = sum over a few random features of a_i F_i. */
final class Synthetic {
    final double[][] features;
    final double[][] x;

    Synthetic(int d, int features, int n, int active, long seed) {
        Random random = new Random(seed);
        this.features = new double[features][d];
        for (double[] f : this.features) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                f[j] = random.nextGaussian();
                norm += f[j] * f[j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                f[j] /= norm;
            }
        }
        this.x = new double[n][d];
        for (double[] row : x) {
            for (int t = 0; t < active; t++) {
                double[] f = this.features[random.nextInt(features)];
                double a = 0.5 + random.nextDouble();
                for (int j = 0; j < d; j++) {
                    row[j] += a * f[j];
                }
            }
        }
    }

    /** Mean over true features of the largest cosine with any decoder row. */
    double meanMaxCosine(SparseAutoencoder sae) {
        double total = 0;
        for (double[] f : features) {
            double best = -1;
            for (int i = 0; i < sae.latents(); i++) {
                double[] w = sae.decoderRow(i);
                double dot = 0;
                double norm = 0;
                for (int j = 0; j < w.length; j++) {
                    dot += w[j] * f[j];
                    norm += w[j] * w[j];
                }
                if (norm > 0) {
                    best = Math.max(best, dot / Math.sqrt(norm));
                }
            }
            total += best;
        }
        return total / features.length;
    }
}
