package dev.re3.sae;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Training on data from a known sparse dictionary finds that dictionary. */
class RecoveryTest {
    private static final Synthetic DATA = new Synthetic(16, 24, 4000, 3, 5);

    private static void check(SaeTrainer trainer, double cosine, double explained) {
        FittedSae fitted = trainer.optSeed(3).optProgress(false).fit(DATA.x);
        double c = DATA.meanMaxCosine(fitted.sae());
        System.out.println(fitted + ", mean max cosine " + c);
        assertTrue(c > cosine, "mean max cosine " + c + " for " + fitted);
        assertTrue(fitted.metrics().explainedVariance() > explained, fitted.toString());
    }

    @Test
    void topkRecoversTheDictionary() {
        check(Sae.topk(48, 3).optEpochs(40).optBatchSize(256).optLearningRate(3e-3), 0.9, 0.9);
    }

    @Test
    void batchTopkRecoversTheDictionary() {
        check(Sae.batchTopk(48, 3).optEpochs(40).optBatchSize(256).optLearningRate(3e-3), 0.9, 0.85);
    }

    @Test
    void jumpReluRecoversTheDictionary() {
        // an L0 coefficient strong enough to bring L0 near the true 3 (0.05 left it at 13 and the cosine at 0.68);
        // threshold started at 1 in the scaled space, bandwidth 0.1. Measured: cosine 0.93, L0 3.4, FVU 0.096
        check(Sae.jumpRelu(48, 0.5).optJumpRelu(0.1, 1.0).optEpochs(40).optBatchSize(256).optLearningRate(3e-3), 0.9, 0.85);
    }

    @Test
    void matchingPursuitRecoversTheDictionary() {
        check(Sae.matchingPursuit(48, 3).optEpochs(40).optBatchSize(256).optLearningRate(3e-3), 0.9, 0.9);
    }
}
