package dev.re3.sae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Seeded training is repeatable, and unit-norm variants end with unit decoder rows. */
class TrainingTest {
    private static final double[][] X = new Synthetic(8, 10, 600, 2, 9).x;

    private static FittedSae fit() {
        return Sae.topk(16, 2).optSeed(4).optEpochs(3).optBatchSize(64).optProgress(false).fit(X);
    }

    @Test
    void sameSeedSameSae() {
        SparseAutoencoder a = fit().sae();
        SparseAutoencoder b = fit().sae();
        for (int i = 0; i < a.latents(); i++) {
            assertArrayEquals(a.decoderRow(i), b.decoderRow(i), 0);
        }
    }

    @Test
    void decoderStaysAtUnitNorm() {
        SparseAutoencoder sae = fit().sae();
        for (int i = 0; i < sae.latents(); i++) {
            assertEquals(1, LinearSae.norm(sae.decoderRow(i)), 1e-5, "row " + i);
        }
    }

    @Test
    void metricsEqualARecomputationFromTheWeights() {
        FittedSae fitted = Sae.topk(16, 2).optSeed(4).optEpochs(2).optHeldOut(0).optProgress(false).fit(X);
        assertEquals(SaeMetrics.of(fitted.sae(), X).fvu(), fitted.metrics().fvu(), 1e-12);
    }
}
