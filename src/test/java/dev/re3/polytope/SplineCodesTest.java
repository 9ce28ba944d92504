package dev.re3.polytope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import dev.re3.region.AffineTracer;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Spline codes against traced patterns; distances by hand; clusterings on data with known clusters. */
class SplineCodesTest {
    @Test
    void distancesByHand() {
        SplineCode a = SplineCode.of(List.of("101", "0"));
        SplineCode b = SplineCode.of(List.of("011", "0"));
        assertEquals(4, a.length());
        assertEquals("1010", a.toString());
        assertEquals(2, a.active());
        assertEquals(2, SplineCode.hamming(a, b));
        assertEquals(1 - 1 / 3.0, SplineCode.jaccard(a, b), 1e-15);
        SplineCode zero = SplineCode.of(List.of("0000"));
        assertEquals(0.0, SplineCode.jaccard(zero, zero));
        assertEquals(1.0, SplineCode.jaccard(zero, a));
        var e = assertThrows(IllegalArgumentException.class, () -> SplineCode.hamming(a, SplineCode.of(List.of("1"))));
        assertTrue(e.getMessage().contains("4 and 1"), e.getMessage());
    }

    @Test
    void codesAreTheTracedPatternsOfEveryReluLayer() {
        Random r = new Random(3);
        for (Network net : List.of(RandomNetworks.mlp(2, 0, 4, 8, 4, 3), RandomNetworks.cnn(6), RandomNetworks.residual(8))) {
            double[][] x = new double[12][];
            int[] labels = new int[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = RandomNetworks.input(r, net.inputSize());
                labels[i] = i % net.outputSize();
            }
            SplineCodes codes = SplineCodes.of(net, x, labels, net.classes());
            for (int i = 0; i < x.length; i++) {
                AffineTracer.Trace t = AffineTracer.trace(net, x[i]);
                assertEquals(String.join("", t.patterns()), codes.code(i).toString());
                assertEquals(SplineCode.of(t.patterns()), codes.code(i));
            }
            assertEquals(SplineCode.hamming(codes.code(0), codes.code(1)), codes.hamming(0, 1));
            assertTrue(codes.distinct() >= 1 && codes.distinct() <= x.length);
        }
    }

    @Test
    void kMedoidsOnHammingFindsSeparatedClustersAndIsSeeded() {
        // three groups of codes around three far-apart centres; labels are the groups
        Random r = new Random(9);
        boolean[][] centres = new boolean[3][96];
        for (int c = 0; c < 3; c++) {
            for (int u = 0; u < 96; u++) {
                centres[c][u] = u / 32 == c;
            }
        }
        int n = 60;
        double[][] x = new double[n][];
        int[] labels = new int[n];
        Network net = identityNetwork(96);
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            x[i] = new double[96];
            for (int u = 0; u < 96; u++) {
                boolean on = centres[labels[i]][u] ^ (r.nextDouble() < 0.05);
                x[i][u] = on ? 1 : -1;
            }
        }
        SplineCodes codes = SplineCodes.of(net, x, labels, List.of("a", "b", "c"));
        Clustering k = codes.kMedoids(3, SplineCodes.Distance.HAMMING, 7);
        assertEquals(1.0, k.purity(), 1e-15);
        assertArrayEquals(k.assignment(), codes.kMedoids(3, SplineCodes.Distance.HAMMING, 7).assignment());
        int[] a = k.assignment();
        for (int i = 0; i < n; i++) {
            int own = codes.hamming(i, k.medoids()[a[i]]);
            for (int m : k.medoids()) {
                assertTrue(own <= codes.hamming(i, m));
            }
            assertEquals(a[k.medoids()[a[i]]], a[i]);
        }
        assertEquals(1.0, codes.kMedoids(3, SplineCodes.Distance.JACCARD, 7).purity(), 1e-15);
        assertEquals(1.0, codes.kMeans(3, 7).purity(), 1e-15);
        assertEquals(3, k.toTable().rowCount());
        Table4 t = new Table4(codes.compare(3, 7));
        assertEquals(List.of("k-medoids (hamming)", "k-medoids (jaccard)", "k-means (activations)", "random"), t.methods());
        assertTrue(codes.random(3, 7).purity() < 1.0);
    }

    /** The methods column of a comparison table. */
    record Table4(tech.tablesaw.api.Table table) {
        List<String> methods() {
            return table.stringColumn("method").asList();
        }
    }

    @Test
    void purityCountsTheMajorityLabelOfEachCluster() {
        int[] assignment = {0, 0, 0, 1, 1, 2};
        int[] labels = {1, 1, 0, 2, 2, 0};
        assertEquals((2 + 2 + 1) / 6.0, Clustering.purity(assignment, labels, 3, 3), 1e-15);
    }

    @Test
    void kMeansRecoversSeparatedBlobs() {
        Random r = new Random(4);
        float[][] x = new float[90][2];
        int[] truth = new int[90];
        for (int i = 0; i < 90; i++) {
            truth[i] = i % 3;
            x[i][0] = (float) (truth[i] * 10 + r.nextGaussian());
            x[i][1] = (float) (r.nextGaussian());
        }
        KMeans.Result k = KMeans.run(x, 3, 5, 100);
        assertEquals(1.0, Clustering.purity(k.assignment(), truth, 3, 3), 1e-15);
        assertArrayEquals(k.assignment(), KMeans.run(x, 3, 5, 100).assignment());
    }

    @Test
    void badRequestsSayWhatWasExpected() {
        Network net = RandomNetworks.mlp(2, 0, 4, 8, 3);
        double[][] x = {{1, 2, 3, 4}, {0, 1, 0, 1}};
        var labels = assertThrows(IllegalArgumentException.class, () -> SplineCodes.of(net, x, new int[] {0}, net.classes()));
        assertTrue(labels.getMessage().contains("one per input (2), got 1"), labels.getMessage());
        SplineCodes codes = SplineCodes.of(net, x, new int[] {0, 1}, net.classes());
        var k = assertThrows(IllegalArgumentException.class, () -> codes.kMedoids(3, SplineCodes.Distance.HAMMING, 1));
        assertTrue(k.getMessage().contains("[1, 2], got 3"), k.getMessage());
        var size = assertThrows(IllegalArgumentException.class,
                () -> SplineCodes.of(net, new double[][] {{1, 2}}, new int[] {0}, net.classes()));
        assertTrue(size.getMessage().contains("expected 4 numbers"), size.getMessage());
    }

    /** {@code d -> relu -> 2}: the spline code of x is the sign pattern of x. */
    static Network identityNetwork(int d) {
        double[][] eye = new double[d][d];
        IntStream.range(0, d).forEach(i -> eye[i][i] = 1);
        double[][] out = new double[3][d];
        return Network.builder(d).dense(eye, new double[d]).relu().dense(out, new double[3]).build();
    }
}
