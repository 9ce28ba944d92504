package dev.re3.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Random;

/** Helpers for tests that build DJL blocks by hand. */
final class DjlFixtures {
    private DjlFixtures() {}

    /** Gives every parameter seeded random values (running variances in {@code [0.5, 1.5)}). */
    static void randomize(Block block, long seed) {
        Random r = new Random(seed);
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            double[] v = new double[(int) a.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = p.getKey().endsWith("runningVar") ? 0.5 + r.nextDouble() : 0.5 * r.nextGaussian();
            }
            if (a.getDataType() == DataType.FLOAT64) {
                a.set(DoubleBuffer.wrap(v));
            } else {
                float[] f = new float[v.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) v[i];
                }
                a.set(FloatBuffer.wrap(f));
            }
        }
    }

    /** The block's outputs for inputs {@code xs} (rows, flat row-major), one flat row per input. */
    static double[][] forward(Block block, int[] inputShape, double[][] xs, DataType dataType) {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = xs[0].length;
            double[] flat = new double[xs.length * n];
            for (int i = 0; i < xs.length; i++) {
                System.arraycopy(xs[i], 0, flat, i * n, n);
            }
            NDArray x = m.create(flat, new Shape(Probe.batched(xs.length, inputShape))).toType(dataType, false);
            NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            double[] out = Probe.doubles(y);
            int k = out.length / xs.length;
            double[][] rows = new double[xs.length][k];
            for (int i = 0; i < xs.length; i++) {
                System.arraycopy(out, i * k, rows[i], 0, k);
            }
            return rows;
        }
    }

    /** Seeded standard normal inputs. */
    static double[][] inputs(int count, int size, long seed) {
        Random r = new Random(seed);
        double[][] xs = new double[count][size];
        for (double[] x : xs) {
            for (int i = 0; i < size; i++) {
                x[i] = r.nextGaussian();
            }
        }
        return xs;
    }
}
