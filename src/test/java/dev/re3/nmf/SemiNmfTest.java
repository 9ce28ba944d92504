package dev.re3.nmf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SemiNmfTest {
    /** Rows x_i = sum_k G0[i][k] F0[:, k] with G0 >= 0 and F0 of mixed sign: an exact rank-3 semi-NMF. */
    static double[][] exact(Random r, int n, int d, int k, int[] labels) {
        double[][] f0 = new double[d][k];
        for (double[] row : f0) {
            for (int c = 0; c < k; c++) {
                row[c] = r.nextGaussian();
            }
        }
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            labels[i] = i % k;
            for (int c = 0; c < k; c++) {
                double g = (c == labels[i] ? 2 : 0) + 0.1 * r.nextDouble();
                for (int j = 0; j < d; j++) {
                    x[i][j] += g * f0[j][c];
                }
            }
        }
        return x;
    }

    @Test
    void lossDecreasesMonotonicallyAndCoefficientsStayNonnegative() {
        int[] labels = new int[60];
        double[][] x = exact(new Random(1), 60, 8, 3, labels);
        for (SemiNmf.Init init : SemiNmf.Init.values()) {
            SemiNmfResult r = SemiNmf.of(3).optInit(init).optSeed(4).optIterations(300).optTolerance(0).fit(x);
            double[] loss = r.losses();
            assertEquals(300, loss.length);
            for (int i = 1; i < loss.length; i++) {
                assertTrue(loss[i] <= loss[i - 1] * (1 + 1e-9) + 1e-9, init + " iteration " + i + ": " + loss[i - 1] + " -> " + loss[i]);
            }
            for (double[] row : r.coefficients()) {
                for (double v : row) {
                    assertTrue(v >= 0 && Double.isFinite(v));
                }
            }
            assertTrue(r.relativeError() < 0.02, init + ": " + r.relativeError());
            // the loss is the squared distance of the reconstruction, worked out again here
            double s = 0;
            for (int i = 0; i < x.length; i++) {
                double[] y = r.reconstruct(i);
                for (int j = 0; j < y.length; j++) {
                    s += (x[i][j] - y[j]) * (x[i][j] - y[j]);
                }
            }
            assertEquals(loss[loss.length - 1], s, 1e-9 * Math.max(1, s));
        }
    }

    @Test
    void componentsFindTheClassesAndRunsAreSeeded() {
        int[] labels = new int[60];
        double[][] x = exact(new Random(2), 60, 8, 3, labels);
        SemiNmfResult a = SemiNmf.of(3).optInit(SemiNmf.Init.KMEANS).optSeed(9).fit(x);
        SemiNmfResult b = SemiNmf.of(3).optInit(SemiNmf.Init.KMEANS).optSeed(9).fit(x);
        assertArrayEquals(a.losses(), b.losses());
        var table = a.topInputsTable(10, labels, List.of("a", "b", "c"));
        for (int k = 0; k < 3; k++) {
            assertEquals(1.0, table.doubleColumn("purity").get(k), 1e-12);
        }
        assertTrue(a.toString().contains("3 components of 60 inputs"), a.toString());
        assertEquals(a.losses().length, a.toTable().rowCount());
    }

    @Test
    void componentImagesAreTheMeansOfTheTopInputs() {
        int[] labels = new int[60];
        double[][] x = exact(new Random(2), 60, 8, 3, labels);
        SemiNmfResult a = SemiNmf.of(3).optInit(SemiNmf.Init.KMEANS).optSeed(9).fit(x);
        double[][] images = new double[60][6];
        for (int i = 0; i < 60; i++) {
            images[i][i % 6] = 1;
        }
        int[] top = a.topInputs(1, 4);
        double[] want = new double[6];
        for (int i : top) {
            want[i % 6] += 0.25;
        }
        assertArrayEquals(want, a.topInputsMean(1, 4, images), 1e-15);
        String json = a.topInputImages(10, images, labels, 2, 3).toJson();
        assertTrue(json.contains("\"heatmap\"") && json.contains("(1.00)"), json);
        String m = assertThrows(IllegalArgumentException.class, () -> a.topInputImages(10, images, labels, 2, 2)).getMessage();
        assertTrue(m.contains("the input length (6), got 2 x 2"), m);
    }

    @Test
    void sparsityKeepsTheTopEntriesOfEachFeature() {
        int[] labels = new int[40];
        double[][] x = exact(new Random(3), 40, 20, 2, labels);
        SemiNmfResult r = SemiNmf.of(2).optSparsity(0.1).optIterations(20).fit(x);
        double[][] f = r.features();
        for (int c = 0; c < 2; c++) {
            int nonzero = 0;
            for (double[] row : f) {
                nonzero += row[c] != 0 ? 1 : 0;
            }
            assertTrue(nonzero <= 2, "component " + c + ": " + nonzero);
        }
    }

    @Test
    void badInputGetsClearErrors() {
        double[][] x = {{1, 2}, {3, 4}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SemiNmf.of(3).fit(x));
        assertTrue(e.getMessage().contains("at most the number of rows (2), got 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SemiNmf.of(1).fit(new double[][] {{1, Double.NaN}}));
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SemiNmf.of(0));
        assertThrows(IllegalArgumentException.class, () -> SemiNmf.of(1).optSparsity(-0.1));
    }
}
