package dev.re3.nmf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.sae.SaeMetrics;
import dev.re3.sae.TopKSae;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureComparisonTest {
    static final int CLASSES = 4;
    static final int UNITS = 12;

    /** Part {@code c}: positive values on units 3c..3c+2 only (disjoint supports). */
    static double[][] parts(Random r) {
        double[][] p = new double[CLASSES][UNITS];
        for (int c = 0; c < CLASSES; c++) {
            for (int j = 0; j < 3; j++) {
                p[c][3 * c + j] = 0.5 + r.nextDouble();
            }
        }
        return p;
    }

    /** Row i of class c = i % 4: a p_c plus mix * b p_{c+1}, a in [0.5, 1.5), b in [0, 1). */
    static double[][] rows(double[][] p, int n, double mix, int[] labels, Random r) {
        double[][] x = new double[n][UNITS];
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES;
            labels[i] = c;
            double a = 0.5 + r.nextDouble();
            double b = mix * r.nextDouble();
            for (int j = 0; j < UNITS; j++) {
                x[i][j] = a * p[c][j] + b * p[(c + 1) % CLASSES][j];
            }
        }
        return x;
    }

    /** The TopK SAE with k = 1 whose encoder and decoder rows are the unit parts: it codes a p_c exactly. */
    static TopKSae partsSae(double[][] p) {
        double[][] unit = new double[CLASSES][];
        for (int c = 0; c < CLASSES; c++) {
            double norm = Math.sqrt(java.util.Arrays.stream(p[c]).map(v -> v * v).sum());
            unit[c] = java.util.Arrays.stream(p[c]).map(v -> v / norm).toArray();
        }
        return new TopKSae(1, unit, new double[CLASSES], unit, new double[UNITS], 1);
    }

    @Test
    void onPartsDataSemiNmfAndTheSaeArePureAndExactWithOneTermPerRow() {
        Random r = new Random(3);
        double[][] p = parts(r);
        int[] labels = new int[80];
        double[][] x = rows(p, 80, 0, labels, r);
        SemiNmfResult nmf = SemiNmf.of(CLASSES).optInit(SemiNmf.Init.SVD).optIterations(500).optTolerance(0).fit(x);
        FeatureComparison cmp = FeatureComparison.of(x, labels, nmf, partsSae(p), 10);
        FeatureComparison.Method semi = cmp.method("semi-NMF");
        FeatureComparison.Method sae = cmp.method("topk SAE");
        FeatureComparison.Method pca = cmp.method("PCA");
        // each row is one part: one semi-NMF term and the SAE's single latent reconstruct it, every component's top
        // inputs are one class (from the SVD start; the factorisation is not unique, and from a k-means start the
        // reconstruction is as exact but each row keeps off-class coefficients near 0.05 that a mixed F cancels)
        assertArrayEquals(new double[] {1, 1, 1, 1}, semi.purity(), 1e-12);
        assertTrue(semi.curve()[1] < 1e-4, "semi-NMF FVU with one term: " + semi.curve()[1]);
        assertTrue(semi.relativeError() < 1e-6, "semi-NMF relative error: " + semi.relativeError());
        assertArrayEquals(new double[] {1, 1, 1, 1}, sae.purity(), 1e-12);
        assertEquals(1, sae.l0(), 0);
        assertEquals(0, sae.fvu(), 1e-24);
        assertEquals(2, sae.curve().length);
        // centred, the rows span 4 dimensions: PCA with 4 components reconstructs them, but not with one term per row
        assertEquals(0, pca.fvu(), 1e-20);
        assertEquals(CLASSES, pca.l0(), 0);
        assertTrue(pca.curve()[1] > 0.1, "PCA FVU with one term: " + pca.curve()[1]);
        assertTrue(pca.meanPurity() < 1, "PCA purity: " + pca.meanPurity());
        // j = 0 is the offset alone: the mean for PCA, so FVU 1; zero for semi-NMF, so |x|^2 / |x - mean|^2
        assertEquals(1, pca.curve()[0], 1e-12);
        assertEquals(3, cmp.toTable().rowCount());
        assertTrue(cmp.plot().toJson().contains("terms kept per row"));
        assertTrue(cmp.toString().contains("semi-NMF"), cmp.toString());
    }

    @Test
    void pcaOnTheCornersOfABoxGivesTheHandWorkedErrorsAndPurities() {
        // the 8 corners of [-3, 3] x [-2, 2] x [-1, 1]: mean 0, covariance diag(9, 4, 1), total variance 14
        double[][] x = new double[8][3];
        int[] labels = new int[8];
        for (int i = 0; i < 8; i++) {
            x[i] = new double[] {(i & 1) == 0 ? -3 : 3, (i & 2) == 0 ? -2 : 2, (i & 4) == 0 ? -1 : 1};
            labels[i] = x[i][0] > 0 ? 1 : 0;
        }
        SemiNmfResult nmf = SemiNmf.of(2).optSeed(0).fit(x);
        FeatureComparison.Method pca = FeatureComparison.of(x, labels, nmf, null, 4).method("PCA");
        // two components keep the axes of variance 9 and 4; one term per row keeps the first (|c| = 3 > 2)
        assertArrayEquals(new double[] {1, 5.0 / 14, 1.0 / 14}, pca.curve(), 1e-12);
        assertEquals(1.0 / 14, pca.fvu(), 1e-12);
        assertEquals(1.0 / 14, pca.relativeError(), 1e-12);
        assertEquals(2, pca.l0(), 0);
        assertEquals(1, pca.nonzeroFraction(), 0);
        // the first axis' top four rows are one side of the box, one label; the second axis' split 2:2
        assertArrayEquals(new double[] {1, 0.5}, pca.purity(), 1e-12);
        assertEquals(0.75, pca.meanPurity(), 1e-12);
    }

    @Test
    void theSaeFiguresAreThoseOfSaeMetrics() {
        Random r = new Random(5);
        double[][] p = parts(r);
        int[] labels = new int[60];
        double[][] x = rows(p, 60, 0.6, labels, r);
        TopKSae sae = partsSae(p);
        SemiNmfResult nmf = SemiNmf.of(CLASSES).optSeed(2).fit(x);
        FeatureComparison.Method m = FeatureComparison.of(x, labels, nmf, sae, 5).method("topk SAE");
        SaeMetrics metrics = SaeMetrics.of(sae, x);
        assertTrue(metrics.fvu() > 0.01, "the mixed rows are not one part each: " + metrics.fvu());
        assertEquals(metrics.fvu(), m.fvu(), 1e-12 * metrics.fvu());
        assertEquals(metrics.l0(), m.l0(), 0);
        assertEquals(metrics.fvu(), m.curve()[m.curve().length - 1], 1e-12 * metrics.fvu());
        // the semi-NMF's relative error is its own loss over |A|^2
        assertEquals(nmf.relativeError(), FeatureComparison.of(x, labels, nmf, null, 5).method("semi-NMF").relativeError(),
                1e-9 * nmf.relativeError());
    }

    @Test
    void badInputSaysWhatWasExpected() {
        Random r = new Random(1);
        double[][] p = parts(r);
        int[] labels = new int[20];
        double[][] x = rows(p, 20, 0, labels, r);
        SemiNmfResult nmf = SemiNmf.of(2).fit(x);
        String m = assertThrows(IllegalArgumentException.class, () -> FeatureComparison.of(x, new int[3], nmf, null, 5))
                .getMessage();
        assertTrue(m.contains("one per row (20), got 3"), m);
        SemiNmfResult other = SemiNmf.of(2).fit(java.util.Arrays.copyOf(x, 10));
        m = assertThrows(IllegalArgumentException.class, () -> FeatureComparison.of(x, labels, other, null, 5)).getMessage();
        assertTrue(m.contains("these 20 rows of 12 values, got one of 10 rows"), m);
        TopKSae small = new TopKSae(1, new double[][] {{1, 0}}, new double[1], new double[][] {{1, 0}}, new double[2], 1);
        m = assertThrows(IllegalArgumentException.class, () -> FeatureComparison.of(x, labels, nmf, small, 5)).getMessage();
        assertTrue(m.contains("input size 12, got 2"), m);
        m = assertThrows(IllegalArgumentException.class, () -> FeatureComparison.of(x, labels, nmf, null, 0)).getMessage();
        assertTrue(m.contains("topInputs: expected 1 or more, got 0"), m);
    }
}
