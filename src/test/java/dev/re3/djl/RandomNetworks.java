package dev.re3.djl;

import dev.re3.net.AvgPool2d;
import dev.re3.net.BatchNorm;
import dev.re3.net.Conv2d;
import dev.re3.net.Dense;
import dev.re3.net.Dropout;
import dev.re3.net.Flatten;
import dev.re3.net.Layer;
import dev.re3.net.LeakyRelu;
import dev.re3.net.MaxPool2d;
import dev.re3.net.Network;
import dev.re3.net.Relu;
import dev.re3.net.Residual;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random networks of every layer type, shared by the tests of this package. */
final class RandomNetworks {
    private RandomNetworks() {}

    static double[] vector(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    static Dense dense(Random r, int in, int out) {
        double[][] w = new double[out][];
        for (int o = 0; o < out; o++) {
            w[o] = vector(r, in);
            for (int i = 0; i < in; i++) {
                w[o][i] /= Math.sqrt(in);
            }
        }
        return new Dense(w, vector(r, out));
    }

    static Conv2d conv(Random r, int in, int out, int k, int stride, int pad) {
        double[][][][] w = new double[out][in][k][k];
        for (double[][][] a : w) {
            for (double[][] b : a) {
                for (double[] c : b) {
                    for (int i = 0; i < k; i++) {
                        c[i] = r.nextGaussian() / k;
                    }
                }
            }
        }
        return new Conv2d(w, vector(r, out), new int[] {stride, stride}, new int[] {pad, pad});
    }

    static BatchNorm batchNorm(Random r, int channels) {
        double[] var = new double[channels];
        for (int i = 0; i < channels; i++) {
            var[i] = 0.5 + r.nextDouble();
        }
        return new BatchNorm(vector(r, channels), vector(r, channels), vector(r, channels), var, 1e-5);
    }

    /** An MLP {@code sizes[0] -> ... -> sizes[last]} with ReLU, or leaky ReLU of slope {@code alpha} when non-zero. */
    static Network mlp(long seed, double alpha, boolean softmax, int... sizes) {
        Random r = new Random(seed);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            layers.add(dense(r, sizes[i], sizes[i + 1]));
            if (i + 2 < sizes.length) {
                layers.add(alpha == 0 ? new Relu() : new LeakyRelu(alpha));
            }
        }
        return new Network(new int[] {sizes[0]}, null, null, layers, softmax);
    }

    /** A CNN on {@code [2, 8, 8]} with conv, batchnorm, max and average pooling, dropout and flatten. */
    static Network cnn(long seed) {
        Random r = new Random(seed);
        List<Layer> layers = List.of(
                conv(r, 2, 3, 3, 1, 1), batchNorm(r, 3), new Relu(),
                new MaxPool2d(new int[] {2, 2}, new int[] {2, 2}),
                conv(r, 3, 4, 2, 1, 0), new LeakyRelu(0.3),
                new AvgPool2d(new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}),
                new Dropout(0.25), new Flatten(), dense(r, 4 * 4 * 4, 6), batchNorm(r, 6), new Relu(), dense(r, 6, 3));
        return new Network(new int[] {2, 8, 8}, null, List.of("a", "b", "c"), layers, true);
    }

    /** Residual blocks: a skip connection around dense-relu-dense, and a three-branch sum. */
    static Network residual(long seed) {
        Random r = new Random(seed);
        Residual skip = Residual.of(List.of(), List.of(dense(r, 5, 7), new Relu(), dense(r, 7, 5)));
        Residual three = Residual.of(List.of(dense(r, 5, 5)), List.of(), List.of(new LeakyRelu(0.1), dense(r, 5, 5)));
        List<Layer> layers = List.of(dense(r, 4, 5), new Relu(), skip, new Relu(), three, new Relu(), dense(r, 5, 2));
        return new Network(new int[] {4}, List.of("p", "q", "r", "s"), null, layers, false);
    }
}
