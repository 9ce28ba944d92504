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

    @Test
    void sameSeedSameCodecSaeWithOtherTrainingInBetween() {
        double[][] x = new Synthetic(8, 12, 400, 2, 4).x;
        SparseAutoencoder first = Sae.codec(16, 1e-3).optSeed(5).optEpochs(2).optBatchSize(64).optProgress(false).fit(x).sae();
        Sae.topk(40, 3).optSeed(1).optEpochs(2).optProgress(false).fit(new Synthetic(13, 20, 300, 3, 8).x);
        SparseAutoencoder second = Sae.codec(16, 1e-3).optSeed(5).optEpochs(2).optBatchSize(64).optProgress(false).fit(x).sae();
        for (int i = 0; i < 16; i++) {
            assertArrayEquals(first.decoderRow(i), second.decoderRow(i), 0, "row " + i);
        }
    }
}
