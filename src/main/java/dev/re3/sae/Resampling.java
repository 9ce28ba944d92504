package dev.re3.sae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.Random;

/**
 * Resampling of dead latents for the ReLU variant (Bricken et al. 2023; dictionary_learning
 * {@code trainers/standard.py}): inputs drawn with probability proportional to their squared reconstruction
 * error; decoder row = the centred input, normalised; encoder row = that direction times 0.2 times the mean
 * norm of the alive encoder rows; encoder bias 0; Adam moments of those rows reset to 0.
 */
final class Resampling {
    private static final int CANDIDATES = 2048;

    private Resampling() {}

    static void resample(Map<String, NDArray> p, Map<String, NDArray> mom1, Map<String, NDArray> mom2,
            long[] sinceFired, long window, float[] flat, int rows, int d, Random random) {
        int m = sinceFired.length;
        boolean[] dead = new boolean[m];
        int count = 0;
        for (int i = 0; i < m; i++) {
            dead[i] = sinceFired[i] >= Math.max(1, window);
            count += dead[i] ? 1 : 0;
        }
        if (count == 0) {
            return;
        }
        ReluSae now = current(p, m, d);
        int n = Math.min(CANDIDATES, rows);
        int[] pick = Training.permutation(rows, random);
        double[][] centred = new double[n][];
        double[] cumulative = new double[n];
        double total = 0;
        for (int r = 0; r < n; r++) {
            double[] x = new double[d];
            for (int j = 0; j < d; j++) {
                x[j] = flat[pick[r] * d + j];
            }
            double[] y = now.decodeScaled(now.activate(now.preActivations(x)));
            double e = 0;
            for (int j = 0; j < d; j++) {
                e += (x[j] - y[j]) * (x[j] - y[j]);
            }
            total += e;
            cumulative[r] = total;
            centred[r] = now.centred(x);
        }
        double aliveNorm = 0;
        int alive = 0;
        for (int i = 0; i < m; i++) {
            if (!dead[i]) {
                aliveNorm += LinearSae.norm(now.wEnc[i]);
                alive++;
            }
        }
        aliveNorm = alive == 0 ? 1 : aliveNorm / alive;
        double[][] wEnc = now.encoderWeight();
        double[][] wDec = now.decoderWeight();
        double[] bEnc = now.encoderBias();
        for (int i = 0; i < m; i++) {
            if (!dead[i]) {
                continue;
            }
            double u = random.nextDouble() * total;
            int r = 0;
            while (r < n - 1 && cumulative[r] < u) {
                r++;
            }
            double norm = Math.max(LinearSae.norm(centred[r]), 1e-12);
            for (int j = 0; j < d; j++) {
                wDec[i][j] = centred[r][j] / norm;
                wEnc[i][j] = wDec[i][j] * 0.2 * aliveNorm;
            }
            bEnc[i] = 0;
            sinceFired[i] = 0;
        }
        replace(p.get("W_enc"), Training.flatten(wEnc), new Shape(m, d));
        replace(p.get("W_dec"), Training.flatten(wDec), new Shape(m, d));
        replace(p.get("b_enc"), bEnc, new Shape(m));
        float[] keep = new float[m];
        for (int i = 0; i < m; i++) {
            keep[i] = dead[i] ? 0 : 1;
        }
        NDArray rowMask = p.get("W_enc").getManager().create(keep);
        for (String name : new String[] {"W_enc", "W_dec", "b_enc"}) {
            NDArray mask = name.startsWith("W_") ? rowMask.reshape(m, 1) : rowMask;
            NDArray typed = mask.toType(mom1.get(name).getDataType(), false);
            mom1.get(name).muli(typed);
            mom2.get(name).muli(typed);
        }
    }

    private static ReluSae current(Map<String, NDArray> p, int m, int d) {
        return new ReluSae(1, Training.unflatten(doubles(p.get("W_enc")), m, d), doubles(p.get("b_enc")),
                Training.unflatten(doubles(p.get("W_dec")), m, d), doubles(p.get("b_dec")), 0);
    }

    private static double[] doubles(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private static void replace(NDArray target, double[] values, Shape shape) {
        NDArray fresh = target.getManager().create(values, shape).toType(target.getDataType(), false);
        target.subi(target).addi(fresh);
    }
}
