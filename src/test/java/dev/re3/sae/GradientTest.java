package dev.re3.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** DJL autograd gradients of the training losses (float64) against central differences of the float64 Java loss. */
class GradientTest {
    private static final int D = 3;
    private static final int M = 4;

    private static double[][] random(int r, int c, Random g) {
        double[][] a = new double[r][c];
        for (double[] row : a) {
            for (int j = 0; j < c; j++) {
                row[j] = g.nextGaussian();
            }
        }
        return a;
    }

    private static void check(Objective objective, double coefficient, Function<Map<String, double[][]>, SparseAutoencoder> build) {
        Random g = new Random(7);
        Map<String, double[][]> w = new LinkedHashMap<>();
        w.put("W_enc", random(M, D, g));
        w.put("b_enc", random(1, M, g));
        w.put("W_dec", random(M, D, g));
        w.put("b_dec", random(1, D, g));
        double[][] x = random(5, D, g);
        Objective.State state = new Objective.State();
        state.coefficient = coefficient;
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> p = new LinkedHashMap<>();
            for (Map.Entry<String, double[][]> e : w.entrySet()) {
                double[][] v = e.getValue();
                NDArray a = manager.create(Training.flatten(v), v.length == 1 ? new Shape(v[0].length) : new Shape(v.length, v[0].length));
                a.setRequiresGradient(true);
                p.put(e.getKey(), a);
            }
            NDArray xs = manager.create(Training.flatten(x), new Shape(x.length, D));
            double djlLoss;
            try (GradientCollector c = manager.getEngine().newGradientCollector()) {
                NDArray loss = objective.forward(p, xs, state).loss();
                c.backward(loss);
                djlLoss = loss.getDouble();
            }
            assertEquals(build.apply(w).loss(x), djlLoss, 1e-10, "loss");
            for (Map.Entry<String, double[][]> e : w.entrySet()) {
                double[] grad = p.get(e.getKey()).getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
                double[][] v = e.getValue();
                int idx = 0;
                for (double[] row : v) {
                    for (int j = 0; j < row.length; j++) {
                        double keep = row[j];
                        double h = 1e-6;
                        row[j] = keep + h;
                        double up = build.apply(w).loss(x);
                        row[j] = keep - h;
                        double down = build.apply(w).loss(x);
                        row[j] = keep;
                        assertEquals((up - down) / (2 * h), grad[idx++], 1e-5, e.getKey() + " " + idx);
                    }
                }
            }
        }
    }

    @Test
    void reluL1Gradient() {
        check(ReluSae.objective(), 0.3, w -> new ReluSae(1, w.get("W_enc"), w.get("b_enc")[0], w.get("W_dec"), w.get("b_dec")[0], 0.3));
    }

    @Test
    void topkGradient() {
        check(TopKSae.objective(2), 0, w -> new TopKSae(1, w.get("W_enc"), w.get("b_enc")[0], w.get("W_dec"), w.get("b_dec")[0], 2));
    }
}
