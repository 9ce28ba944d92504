package dev.re3.sae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.Re3;
import dev.re3.data.Dataset;
import dev.re3.net.Network;
import org.junit.jupiter.api.Test;

/** Splicing an SAE into a network: a perfect SAE changes nothing; the metrics equal a recomputation by hand. */
class SpliceTest {
    private static final double[][] W1 = {{1, -1}, {0.5, 2}, {-1, 1}};
    private static final double[] B1 = {0.1, -0.5, 0.2};
    private static final double[][] W2 = {{1, 0, -1}, {-0.5, 1, 2}};
    private static final double[] B2 = {0.3, -0.1};
    private static final Network NET = Network.builder(2).dense(W1, B1).relu().dense(W2, B2).build();
    private static final double[][] X = {{1, 0}, {0, 1}, {-1, 0.5}, {2, 1}, {0.3, -0.7}, {-0.2, -1}};
    private static final int[] Y = {0, 1, 1, 0, 1, 0};
    private static final Dataset DATA = Dataset.of(X, Y);
    private static final double[][] I3 = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};

    private static double[] hidden(double[] x) {
        double[] a = new double[3];
        for (int i = 0; i < 3; i++) {
            a[i] = Math.max(0, B1[i] + W1[i][0] * x[0] + W1[i][1] * x[1]);
        }
        return a;
    }

    private static double[] logits(double[] a) {
        double[] z = B2.clone();
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 3; i++) {
                z[c] += W2[c][i] * a[i];
            }
        }
        return z;
    }

    private static double[] probabilities(double[] z) {
        double e0 = Math.exp(z[0]);
        double e1 = Math.exp(z[1]);
        return new double[] {e0 / (e0 + e1), e1 / (e0 + e1)};
    }

    @Test
    void activationsAreTheHiddenLayer() {
        double[][] a = Re3.of(NET).activations(DATA).at("1.relu");
        for (int n = 0; n < X.length; n++) {
            assertArrayEquals(hidden(X[n]), a[n], 1e-15);
        }
    }

    @Test
    void aPerfectSaeLeavesTheLogitsAlone() {
        SparseAutoencoder identity = new ReluSae(1, I3, new double[3], I3, new double[3], 0);
        SpliceResult r = SiteActivations.of(NET, DATA).splice("1.relu", identity);
        assertEquals(0, r.logitMse(), 0);
        assertEquals(0, r.kl(), 0);
        assertEquals(r.lossClean(), r.lossSpliced(), 0);
        assertEquals(1, r.fractionRecovered(), 1e-15);
        assertEquals(r.accuracyClean(), r.accuracySpliced(), 0);
        assertEquals(0, r.reconstruction().fvu(), 0);
    }

    @Test
    void metricsEqualARecomputationByHand() {
        // TopK with k = 1 keeps only the largest hidden unit: a lossy SAE
        SparseAutoencoder top1 = new TopKSae(1, I3, new double[3], I3, new double[3], 1);
        SpliceResult r = Re3.of(NET).activations(DATA).splice("1.relu", top1);
        double se = 0;
        double kl = 0;
        double lc = 0;
        double ls = 0;
        double lz = 0;
        int ac = 0;
        int as = 0;
        for (int n = 0; n < X.length; n++) {
            double[] a = hidden(X[n]);
            double[] kept = new double[3];
            int best = a[0] >= a[1] && a[0] >= a[2] ? 0 : a[1] >= a[2] ? 1 : 2;
            kept[best] = a[best];
            double[] z = logits(a);
            double[] zs = logits(kept);
            double[] z0 = logits(new double[3]);
            double[] p = probabilities(z);
            double[] ps = probabilities(zs);
            for (int c = 0; c < 2; c++) {
                se += (zs[c] - z[c]) * (zs[c] - z[c]);
                kl += p[c] * Math.log(p[c] / ps[c]);
            }
            lc -= Math.log(p[Y[n]]);
            ls -= Math.log(ps[Y[n]]);
            lz -= Math.log(probabilities(z0)[Y[n]]);
            ac += (z[1] > z[0] ? 1 : 0) == Y[n] ? 1 : 0;
            as += (zs[1] > zs[0] ? 1 : 0) == Y[n] ? 1 : 0;
        }
        int n = X.length;
        assertEquals(se / (2 * n), r.logitMse(), 1e-14);
        assertEquals(kl / n, r.kl(), 1e-14);
        assertEquals(lc / n, r.lossClean(), 1e-14);
        assertEquals(ls / n, r.lossSpliced(), 1e-14);
        assertEquals(lz / n, r.lossZero(), 1e-14);
        assertEquals((lz - ls) / (lz - lc), r.fractionRecovered(), 1e-12);
        assertEquals(ac / (double) n, r.accuracyClean(), 0);
        assertEquals(as / (double) n, r.accuracySpliced(), 0);
        assertTrue(r.kl() > 0, r.toString());
        assertEquals(11, r.toTable().rowCount());
    }

    @Test
    void badSitesAndSizesSayWhatWasExpected() {
        SiteActivations acts = SiteActivations.of(NET, DATA);
        String site = assertThrows(IllegalArgumentException.class, () -> acts.at("7.relu")).getMessage();
        assertTrue(site.contains("no site named '7.relu'") && site.contains("1.relu"), site);
        SparseAutoencoder wide = new TopKSae(1, new double[][] {{1, 0}, {0, 1}}, new double[2],
                new double[][] {{1, 0}, {0, 1}}, new double[2], 1);
        String size = assertThrows(IllegalArgumentException.class, () -> acts.splice("1.relu", wide)).getMessage();
        assertTrue(size.contains("input size 3") && size.contains("given an SAE of input size 2"), size);
    }
}
