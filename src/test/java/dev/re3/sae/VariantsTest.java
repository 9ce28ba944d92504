package dev.re3.sae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Encode, decode and loss of each variant on weights small enough to work out by hand. */
class VariantsTest {
    // d = 2, m = 3; s = 2, b_dec = (1, 0), b_enc = (0, -1, 0.5)
    private static final double[][] W_ENC = {{1, 0}, {0, 1}, {1, -1}};
    private static final double[][] W_DEC = {{1, 0}, {0, 1}, {0.6, 0.8}};
    private static final double[] B_ENC = {0, -1, 0.5};
    private static final double[] B_DEC = {1, 0};

    // x = (1, 1): x' = 2x - b_dec = (1, 2); h = (1, 2 - 1, 1 - 2 + 0.5) = (1, 1, -0.5)
    private static final double[] X = {1, 1};

    @Test
    void reluByHand() {
        ReluSae sae = new ReluSae(2, W_ENC, B_ENC, W_DEC, B_DEC, 0.5);
        assertArrayEquals(new double[] {1, 1, -0.5}, sae.preActivations(X), 1e-12);
        double[] f = sae.encode(X);
        assertArrayEquals(new double[] {1, 1, 0}, f, 1e-12);
        // x_hat' = f W_dec + b_dec = (1 + 1, 1) = (2, 1); x_hat = (1, 0.5)
        assertArrayEquals(new double[] {1, 0.5}, sae.decode(f), 1e-12);
        // |s x - x_hat'|^2 = |(2, 2) - (2, 1)|^2 = 1; L1 = 0.5 * (1 * 1 + 1 * 1) = 1
        assertEquals(2, sae.loss(new double[][] {X}), 1e-12);
    }

    @Test
    void topkAndBatchTopkByHand() {
        double[] x = {1.5, 1}; // x' = (2, 2), h = (2, 1, 0.5)
        TopKSae topk = new TopKSae(2, W_ENC, B_ENC, W_DEC, B_DEC, 2);
        assertArrayEquals(new double[] {2, 1, 0}, topk.encode(x), 1e-12);
        BatchTopKSae batch = new BatchTopKSae(2, W_ENC, B_ENC, W_DEC, B_DEC, 1, 0.75);
        assertArrayEquals(new double[] {2, 1, 0}, batch.encode(x), 1e-12);
        // x_hat' = (2 + 1, 1) ; s x = (3, 2): error (0, 1) -> loss 1
        assertEquals(1, topk.loss(new double[][] {x}), 1e-12);
    }

    @Test
    void jumpReluByHand() {
        JumpReluSae sae = new JumpReluSae(2, W_ENC, B_ENC, W_DEC, B_DEC, new double[] {0.5, 1.5, 0}, 0.25);
        // h = (1, 1, -0.5): only latent 0 passes its threshold
        assertArrayEquals(new double[] {1, 0, 0}, sae.encode(X), 1e-12);
        // x_hat' = (2, 0), s x = (2, 2): error 4, L0 term 0.25
        assertEquals(4.25, sae.loss(new double[][] {X}), 1e-12);
    }

    @Test
    void matchingPursuitByHand() {
        MatchingPursuitSae sae = new MatchingPursuitSae(1, W_DEC, new double[] {0, 0}, 2);
        // r = (1, 2): c = (1, 2, 2.2) -> atom 2, z_2 = 2.2, r = (1 - 1.32, 2 - 1.76) = (-0.32, 0.24)
        // c = (-0.32, 0.24, 0) -> atom 1, z_1 = 0.24, r = (-0.32, 0)
        double[] z = sae.encode(new double[] {1, 2});
        assertArrayEquals(new double[] {0, 0.24, 2.2}, z, 1e-12);
        assertArrayEquals(new double[] {1.32, 2.0}, sae.decode(z), 1e-12);
        assertEquals(0.32 * 0.32, sae.loss(new double[][] {{1, 2}}), 1e-12);
    }

    @Test
    void metricsMatchADirectRecomputation() {
        ReluSae sae = new ReluSae(2, W_ENC, B_ENC, W_DEC, B_DEC, 0.5);
        double[][] x = {{1, 1}, {0, 0.5}, {2, -1}};
        SaeMetrics metrics = SaeMetrics.of(sae, x);
        double err = 0;
        double var = 0;
        double[] mean = {1, 1.0 / 6};
        for (double[] row : x) {
            double[] y = sae.reconstruct(row);
            for (int j = 0; j < 2; j++) {
                err += (row[j] - y[j]) * (row[j] - y[j]);
                var += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
        }
        assertEquals(err / 6, metrics.mse(), 1e-12);
        assertEquals(err / var, metrics.fvu(), 1e-12);
        assertEquals(1 - err / var, metrics.explainedVariance(), 1e-12);
    }

    @Test
    void badInputSaysWhatWasExpected() {
        String empty = assertThrows(IllegalArgumentException.class, () -> Sae.topk(4, 2).fit(new double[0][])).getMessage();
        assertTrue(empty.contains("non-empty"), empty);
        String ragged = assertThrows(IllegalArgumentException.class,
                () -> Sae.topk(4, 2).fit(new double[][] {{1, 2}, {3}})).getMessage();
        assertTrue(ragged.contains("expected every row to have 2 values, given 1 in row 1"), ragged);
        String nan = assertThrows(IllegalArgumentException.class,
                () -> Sae.topk(4, 2).fit(new double[][] {{1, Double.NaN}})).getMessage();
        assertTrue(nan.contains("finite") && nan.contains("column 1"), nan);
        String k = assertThrows(IllegalArgumentException.class, () -> Sae.topk(4, 5)).getMessage();
        assertTrue(k.contains("1 <= k <= latents (4), given 5"), k);
        String lr = assertThrows(IllegalArgumentException.class, () -> Sae.relu(4, 1).optLearningRate(0)).getMessage();
        assertTrue(lr.contains("given 0.0"), lr);
    }

    @Test
    void divergenceNamesTheStep() {
        double[][] x = new Synthetic(4, 4, 64, 1, 1).x;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Sae.relu(8, 0)
                .optLearningRate(1e30).optScaleInput(false).optProgress(false).optEpochs(50).optBatchSize(16).fit(x));
        assertTrue(e.getMessage().contains("at step"), e.getMessage());
    }
}
