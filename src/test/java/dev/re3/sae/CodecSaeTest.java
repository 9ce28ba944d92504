package dev.re3.sae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** CODEC's SAE: encode, decode and loss by hand, DJL gradients against central differences, recovery. */
class CodecSaeTest {
    private static final CodecSae.Layer IDENTITY = new CodecSae.Layer(new double[][] {{1, 0}, {0, 1}},
            new double[2], new double[] {1, 1}, new double[2]);
    private static final double[][] W_ENC = {{2, 0}, {0, 1}};
    private static final double[][] W_DEC = {{1, 2}, {3, -1}};

    private static double sigmoid(double h) {
        return 1 / (1 + Math.exp(-h));
    }

    @Test
    void byHand() {
        CodecSae sae = new CodecSae(1, List.of(IDENTITY), W_ENC, new double[2], W_DEC, new double[2], 0.8, 0.1, false);
        // x = (3, 1): relu -> (3, 1), mean 2, variance 1: LayerNorm = (1, -1) q with q = 1 / sqrt(1 + 1e-5)
        double q = 1 / Math.sqrt(1 + 1e-5);
        double[] x = {3, 1};
        // h = (2q, -q); c = (sigmoid(2q) = 0.88, sigmoid(-q) = 0.27); only latent 0 passes tau = 0.8
        assertArrayEquals(new double[] {sigmoid(2 * q), sigmoid(-q)}, sae.codes(x), 1e-15);
        double c = sigmoid(2 * q);
        double[] f = sae.encode(x);
        assertArrayEquals(new double[] {c, 0}, f, 1e-15);
        assertArrayEquals(new double[] {c, 2 * c}, sae.decode(f), 1e-15);
        // |x - c (1, 2)|^2 + 0.1 * (1 + 2 + 3 + 1) / 2
        double expected = (3 - c) * (3 - c) + (1 - 2 * c) * (1 - 2 * c) + 0.1 * 7 / 2;
        assertEquals(expected, sae.loss(new double[][] {x}), 1e-14);
    }

    @Test
    void scaleAndBiasFollowTheSharedFrame() {
        // s = 2, b_dec = (1, 1): a_0 = 2 x - b_dec; x = (2, 1) gives a_0 = (3, 1) as above
        CodecSae sae = new CodecSae(2, List.of(IDENTITY), W_ENC, new double[2], W_DEC, new double[] {1, 1}, 0.8, 0, false);
        double c = sigmoid(2 / Math.sqrt(1 + 1e-5));
        double[] f = sae.encode(new double[] {2, 1});
        assertArrayEquals(new double[] {c, 0}, f, 1e-15);
        assertArrayEquals(new double[] {(c + 1) / 2, (2 * c + 1) / 2}, sae.decode(f), 1e-15);
    }

    @Test
    void badWeightsSayWhatWasExpected() {
        String neg = assertThrows(IllegalArgumentException.class, () -> new CodecSae(1, List.of(IDENTITY), W_ENC,
                new double[2], W_DEC, new double[2], 0.8, 0, true)).getMessage();
        assertTrue(neg.contains("values >= 0") && neg.contains("row 1, column 1"), neg);
        String tau = assertThrows(IllegalArgumentException.class, () -> new CodecSae(1, List.of(), W_ENC,
                new double[2], W_DEC, new double[2], 1, 0, false)).getMessage();
        assertTrue(tau.contains("(0, 1), given 1.0"), tau);
        String width = assertThrows(IllegalArgumentException.class, () -> new CodecSae(1, List.of(IDENTITY),
                new double[][] {{1, 2, 3}, {1, 2, 3}}, new double[2], W_DEC, new double[2], 0.8, 0, false)).getMessage();
        assertTrue(width.contains("every row to have 2 values, given 3"), width);
        assertThrows(IllegalArgumentException.class, () -> Sae.codec(8, 0).optCodec(0.8, 1, false));
    }

    private static void gradientCheck(boolean nonNegative) {
        int d = 3;
        int m = 5;
        Random g = new Random(nonNegative ? 12 : 11);
        Map<String, Shape> shapes = new LinkedHashMap<>();
        Map<String, double[]> w = CodecSae.initial(d, m, 2, g, shapes);
        for (double[] v : w.values()) {
            for (int i = 0; i < v.length; i++) {
                v[i] += 0.3 * g.nextGaussian(); // gains and shifts away from 1 and 0 too
            }
        }
        double[][] x = new double[6][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = 2 * g.nextGaussian();
            }
        }
        double tau = 0.5;
        double l1 = 0.2;
        Objective objective = CodecSae.objective(2, tau, 0.05, nonNegative);
        Objective.State state = new Objective.State();
        state.coefficient = l1; // no random: no dropout
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> p = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> e : w.entrySet()) {
                NDArray a = manager.create(e.getValue(), shapes.get(e.getKey()));
                a.setRequiresGradient(true);
                p.put(e.getKey(), a);
            }
            NDArray xs = manager.create(Training.flatten(x), new Shape(x.length, d));
            double djlLoss;
            double fired;
            try (GradientCollector c = manager.getEngine().newGradientCollector()) {
                Objective.Pass pass = objective.forward(p, xs, state);
                c.backward(pass.loss());
                djlLoss = pass.loss().getDouble();
                fired = pass.codes().gt(0).toType(DataType.FLOAT64, false).sum().getDouble();
            }
            assertTrue(fired > 3 && fired < x.length * m - 3, "latents firing: " + fired);
            assertEquals(CodecSae.of(w, 1, d, m, 2, tau, l1, nonNegative).loss(x), djlLoss, 1e-12, "loss");
            for (Map.Entry<String, double[]> e : w.entrySet()) {
                double[] grad = p.get(e.getKey()).getGradient().toDoubleArray();
                double[] v = e.getValue();
                for (int i = 0; i < v.length; i++) {
                    double keep = v[i];
                    double h = 1e-6;
                    v[i] = keep + h;
                    double up = CodecSae.of(w, 1, d, m, 2, tau, l1, nonNegative).loss(x);
                    v[i] = keep - h;
                    double down = CodecSae.of(w, 1, d, m, 2, tau, l1, nonNegative).loss(x);
                    v[i] = keep;
                    assertEquals((up - down) / (2 * h), grad[i], 1e-5, e.getKey() + " " + i);
                }
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        gradientCheck(false);
    }

    @Test
    void nonNegativeGradientMatchesFiniteDifferences() {
        gradientCheck(true);
    }

    /**
     * CODEC's loss plus the AuxK term by hand in float64 for dead latents {@code dead}, with the residual
     * {@code e} (n x d) held fixed as the detached residual is.
     */
    private static double lossWithAuxK(CodecSae sae, double[][] x, boolean[] dead, double[][] e) {
        int d = sae.inputSize();
        int kAux = 0;
        for (boolean b : dead) {
            kAux += b ? 1 : 0;
        }
        kAux = Math.min(d / 2, kAux);
        double[][] dict = sae.decoderWeight();
        double[] mean = new double[d];
        for (double[] row : e) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / e.length;
            }
        }
        double num = 0;
        double var = 0;
        for (int r = 0; r < x.length; r++) {
            double[] c = sae.codes(x[r]);
            double[] aux = new double[d];
            boolean[] taken = new boolean[c.length];
            for (int t = 0; t < kAux; t++) {
                int best = -1;
                for (int i = 0; i < c.length; i++) {
                    if (dead[i] && !taken[i] && (best < 0 || c[i] > c[best])) {
                        best = i;
                    }
                }
                taken[best] = true;
                for (int j = 0; j < d; j++) {
                    aux[j] += c[best] * dict[best][j];
                }
            }
            for (int j = 0; j < d; j++) {
                num += (e[r][j] - aux[j]) * (e[r][j] - aux[j]) / x.length;
                var += (e[r][j] - mean[j]) * (e[r][j] - mean[j]) / x.length;
            }
        }
        return sae.loss(x) + num / var / 32;
    }

    private static void auxKGradientCheck(boolean nonNegative) {
        int d = 4;
        int m = 6;
        Random g = new Random(nonNegative ? 22 : 21);
        Map<String, Shape> shapes = new LinkedHashMap<>();
        Map<String, double[]> w = CodecSae.initial(d, m, 2, g, shapes);
        for (double[] v : w.values()) {
            for (int i = 0; i < v.length; i++) {
                v[i] += 0.3 * g.nextGaussian();
            }
        }
        double[][] x = new double[7][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = 2 * g.nextGaussian();
            }
        }
        double tau = 0.5;
        double l1 = 0.2;
        boolean[] dead = {true, false, true, true, false, true}; // four dead, k_aux = d / 2 = 2 of them per row
        Objective.State state = new Objective.State();
        state.coefficient = l1;
        state.dead = dead;
        state.deadCount = 4;
        CodecSae start = CodecSae.of(w, 1, d, m, 2, tau, l1, nonNegative);
        double[][] e = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            double[] y = start.decode(start.encode(x[r]));
            e[r] = new double[d];
            for (int j = 0; j < d; j++) {
                e[r][j] = x[r][j] - y[j];
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> p = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> en : w.entrySet()) {
                NDArray a = manager.create(en.getValue(), shapes.get(en.getKey()));
                a.setRequiresGradient(true);
                p.put(en.getKey(), a);
            }
            NDArray xs = manager.create(Training.flatten(x), new Shape(x.length, d));
            double djlLoss;
            try (GradientCollector c = manager.getEngine().newGradientCollector()) {
                Objective.Pass pass = CodecSae.objective(2, tau, 0, nonNegative, true).forward(p, xs, state);
                c.backward(pass.loss());
                djlLoss = pass.loss().getDouble();
            }
            double published = start.loss(x);
            double expected = lossWithAuxK(start, x, dead, e);
            assertTrue(expected - published > 1e-3, "AuxK term " + (expected - published));
            assertEquals(expected, djlLoss, 1e-12, "loss");
            int moved = 0;
            for (Map.Entry<String, double[]> en : w.entrySet()) {
                double[] grad = p.get(en.getKey()).getGradient().toDoubleArray();
                double[] v = en.getValue();
                for (int i = 0; i < v.length; i++) {
                    double keep = v[i];
                    double h = 1e-6;
                    v[i] = keep + h;
                    double up = lossWithAuxK(CodecSae.of(w, 1, d, m, 2, tau, l1, nonNegative), x, dead, e);
                    v[i] = keep - h;
                    double down = lossWithAuxK(CodecSae.of(w, 1, d, m, 2, tau, l1, nonNegative), x, dead, e);
                    v[i] = keep;
                    assertEquals((up - down) / (2 * h), grad[i], 1e-5, en.getKey() + " " + i);
                }
            }
            // the dead latents' encoder rows get gradient (none from the published loss, whose mask they fail)
            double[] gEnc = p.get("W_enc").getGradient().toDoubleArray();
            for (int i = 0; i < m; i++) {
                double sq = 0;
                for (int j = 0; j < d; j++) {
                    sq += gEnc[i * d + j] * gEnc[i * d + j];
                }
                moved += dead[i] && sq > 1e-8 ? 1 : 0;
            }
            assertTrue(moved >= 3, "dead encoder rows with gradient: " + moved);
        }
    }

    @Test
    void auxKGradientMatchesFiniteDifferences() {
        auxKGradientCheck(false);
    }

    @Test
    void nonNegativeAuxKGradientMatchesFiniteDifferences() {
        auxKGradientCheck(true);
    }

    private static double[][] oneHot(int n, int d, long seed) {
        double[][] x = new double[n][d];
        Random random = new Random(seed);
        for (double[] row : x) {
            row[random.nextInt(d)] = 1 + random.nextDouble();
        }
        return x;
    }

    private static FittedSae oneHotFit(boolean auxK, int epochs) {
        return Sae.codec(24, 5e-5).optSeed(4).optEpochs(epochs).optBatchSize(64).optDeadSteps(20).optCodecAuxK(auxK)
                .optProgress(false).fit(oneHot(600, 8, 2));
    }

    @Test
    void auxKRevivesDeadLatents() {
        // 600 rows, each one of 8 coordinates at 1 to 2; 24 latents, 40 epochs of 9 steps
        FittedSae published = oneHotFit(false, 40);
        FittedSae revived = oneHotFit(true, 40);
        System.out.println(published + "\n" + revived);
        SaeMetrics a = published.metrics();
        SaeMetrics b = revived.metrics();
        // measured: dead 0.750, FVU 0.919 without; dead 0.375, FVU 0.453 with
        assertTrue(a.deadFraction() >= 0.65, published.toString());
        assertTrue(b.deadFraction() <= 0.5 && b.deadFraction() <= a.deadFraction() - 0.2, revived.toString());
        assertTrue(b.fvu() <= 0.6 && b.fvu() <= a.fvu() - 0.2, revived + " against " + published);
        assertEquals(false, published.settings().get("auxK"));
        assertEquals(true, revived.settings().get("auxK"));
    }

    @Test
    void auxKTrainingIsReproducible() {
        CodecSae first = (CodecSae) oneHotFit(true, 6).sae();
        CodecSae second = (CodecSae) oneHotFit(true, 6).sae();
        CodecSae without = (CodecSae) oneHotFit(false, 6).sae();
        assertArrayEquals(first.encoderWeight(), second.encoderWeight());
        assertArrayEquals(first.decoderWeight(), second.decoderWeight());
        for (int l = 0; l < first.hidden().size(); l++) {
            assertArrayEquals(first.hidden().get(l).weight(), second.hidden().get(l).weight());
            assertArrayEquals(first.hidden().get(l).gain(), second.hidden().get(l).gain());
        }
        // 54 steps with latents dead after 20: the term was on, so the weights moved away from the published run's
        assertTrue(!java.util.Arrays.deepEquals(first.decoderWeight(), without.decoderWeight()));
    }

    @Test
    void recoversTheDictionary() {
        Synthetic data = new Synthetic(16, 24, 4000, 3, 5);
        FittedSae fitted = Sae.codec(48, 5e-5).optSeed(3).optEpochs(40).optBatchSize(128).optLearningRate(3e-3)
                .optProgress(false).fit(data.x);
        double c = data.meanMaxCosine(fitted.sae());
        System.out.println(fitted + ", mean max cosine " + c);
        assertTrue(c > 0.9, "mean max cosine " + c + " for " + fitted);
        // codes lie in [tau, 1], so a feature's amplitude (0.5 to 1.5 here) is only partly reconstructed
        assertTrue(fitted.metrics().explainedVariance() > 0.5, fitted.toString());
    }

    @Test
    void nonNegativeTrainingKeepsTheDictionaryNonNegative() {
        double[][] x = new Synthetic(8, 10, 600, 2, 9).x;
        CodecSae sae = (CodecSae) Sae.codec(16, 1e-3).optCodec(0.7, 0, true).optSeed(2).optEpochs(3).optBatchSize(64)
                .optProgress(false).fit(x).sae();
        for (int i = 0; i < sae.latents(); i++) {
            for (double v : sae.decoderRow(i)) {
                assertTrue(v >= 0, "row " + i + ": " + v);
            }
        }
    }
}
