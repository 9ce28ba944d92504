package dev.re3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import dev.re3.region.HiddenLayer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Re3 explanations on a network small enough to work out by hand, and on random networks. */
class Re3Test {
    static final double EPS = 1e-12;

    /**
     * {@code W1 = [[1,-1],[2,1]], b1 = [0,-1]}, ReLU, {@code W2 = [[1,2],[-1,1]], b2 = [0.5,0]}.
     * At {@code x = (3,1)}: {@code z1 = (2,6)}, both on, logits {@code (14.5, 4)};
     * {@code W = W2 W1 = [[5,1],[1,2]]}, {@code b = W2 b1 + b2 = (-1.5,-1)}.
     */
    static Network byHand() {
        return Network.builder(2)
                .dense(new double[][] {{1, -1}, {2, 1}}, new double[] {0, -1}).relu()
                .dense(new double[][] {{1, 2}, {-1, 1}}, new double[] {0.5, 0}).softmax()
                .features("a", "b").classes("yes", "no").build();
    }

    /** An explanation reports the contributions the linearizer wrote, which are W[c][i] x[i] bit for bit. */
    @Test
    void explanationKeepsTheLinearizersContributions() {
        Random r = new Random(31);
        for (Network net : java.util.List.of(RandomNetworks.mlp(5, 0.0, 6, 16, 8, 3), RandomNetworks.cnn(6))) {
            double[][] xs = new double[4][];
            for (int n = 0; n < xs.length; n++) {
                xs[n] = RandomNetworks.input(r, net.inputSize());
            }
            dev.re3.region.LocalMaps maps = dev.re3.region.Linearizer.of(net).linearize(xs);
            for (int n = 0; n < xs.length; n++) {
                Explanation e = Explanation.of(net, maps, n);
                double[][] w = maps.weight(n);
                for (int c = 0; c < net.outputSize(); c++) {
                    assertArrayEquals(maps.contributions(n)[c], e.contributions(c), 0.0);
                    assertArrayEquals(maps.contributions(n)[c], e.forClass(c).contributions(c), 0.0);
                    for (int i = 0; i < xs[n].length; i++) {
                        assertEquals(w[c][i] * xs[n][i], e.contributions(c)[i], 0.0);
                    }
                }
            }
        }
    }

    @Test
    void contributionsWorkedOutByHand() {
        Explanation e = Re3.of(byHand()).explain(3, 1);
        assertArrayEquals(new double[] {14.5, 4}, e.logits(), EPS);
        assertArrayEquals(new double[] {5, 1}, e.region().weight()[0], EPS);
        assertArrayEquals(new double[] {1, 2}, e.region().weight()[1], EPS);
        assertArrayEquals(new double[] {-1.5, -1}, e.bias(), EPS);
        assertArrayEquals(new double[] {15, 1}, e.contributions(0), EPS);
        assertArrayEquals(new double[] {3, 2}, e.contributions(1), EPS);
        assertEquals(0, e.predicted());
        assertEquals("yes", e.predictedClass());
        assertEquals(java.util.List.of("11"), e.region().patterns());
        assertTrue(e.completenessDelta() <= EPS);
    }

    @Test
    void logOddsAreExact() {
        LogOdds lo = Re3.of(byHand()).explain(3, 1).logOdds(0, 1);
        assertArrayEquals(new double[] {12, -1}, lo.contributions(), EPS);
        assertEquals(-0.5, lo.bias(), EPS);
        assertEquals(10.5, lo.value(), EPS);
        assertTrue(lo.completenessDelta() <= EPS);
    }

    @Test
    void probabilityContributionsForTwoClasses() {
        // With two classes J = p0 p1 [[1,-1],[-1,1]], so P[0] = p0 p1 (C[0] - C[1]) = p0 p1 (12, -1).
        Explanation e = Re3.of(byHand()).explain(3, 1);
        double p0 = 1 / (1 + Math.exp(4 - 14.5));
        double p1 = 1 - p0;
        double[][] p = e.probabilityContributions();
        assertArrayEquals(new double[] {p0 * p1 * 12, -p0 * p1}, p[0], 1e-12);
        assertArrayEquals(new double[] {-p0 * p1 * 12, p0 * p1}, p[1], 1e-12);
        assertArrayEquals(new double[] {-0.5 * p0 * p1, 0.5 * p0 * p1}, e.probabilityBias(), 1e-12);
    }

    @Test
    void hiddenUnitsSumToTheLogit() {
        // h = (2, 6), V = W2, beta = b2: class 0 gets 1*2 + 2*6 + 0.5 = 14.5.
        Explanation e = Re3.of(byHand()).explain(3, 1).forClass(0);
        HiddenLayer h = e.hidden().get(0);
        assertEquals("1.relu", h.site().name());
        assertArrayEquals(new double[] {2, 6}, h.activation(), EPS);
        assertArrayEquals(new double[] {2, 12}, h.contributions(0), EPS);
        assertArrayEquals(new double[] {0.5, 0}, h.downstreamBias(), EPS);
        assertEquals(1.0, e.sparsity()[0], EPS);
        assertEquals(1, e.dominantUnits(1).intColumn("unit").get(0));
    }

    @Test
    void offUnitsDropOutOfTheMap() {
        // At x = (0,2): z1 = (-2, 1), pattern "01"; W = [[4,2],[2,1]], b = (-1.5,-1).
        Explanation e = Re3.of(byHand()).explain(0, 2);
        assertEquals(java.util.List.of("01"), e.region().patterns());
        assertArrayEquals(new double[] {4, 2}, e.region().weight()[0], EPS);
        assertArrayEquals(new double[] {2, 1}, e.region().weight()[1], EPS);
        assertArrayEquals(new double[] {2.5, 1}, e.logits(), EPS);
    }

    @Test
    void everyDecompositionChecksItselfOnRandomNetworks() {
        Random r = new Random(5);
        for (Network net : RandomNetworks.all()) {
            Explanation e = Re3.of(net).explain(RandomNetworks.input(r, net.inputSize()));
            double scale = Math.max(1, java.util.Arrays.stream(e.logits()).map(Math::abs).max().orElse(1));
            assertTrue(e.completenessDelta() <= 1e-9 * scale, "completeness " + e.completenessDelta());
            for (int a = 1; a < net.outputSize(); a++) {
                assertTrue(e.logOdds(a, 0).completenessDelta() <= 1e-9 * scale);
            }
            for (HiddenLayer h : e.hidden()) {
                for (int c = 0; c < net.outputSize(); c++) {
                    double s = h.downstreamBias()[c];
                    for (double v : h.contributions(c)) {
                        s += v;
                    }
                    assertEquals(e.logits()[c], s, 1e-9 * scale, h.site().name() + " class " + c);
                }
            }
            assertEquals(net.features().size(), e.toTable().rowCount());
        }
    }

    @Test
    void badInputIsRejectedClearly() {
        Re3 re3 = Re3.of(byHand());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> re3.explain(1, 2, 3));
        assertTrue(size.getMessage().contains("expected 2 numbers") && size.getMessage().contains("got 3"));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> re3.explain(1, Double.NaN));
        assertTrue(nan.getMessage().contains("NaN") && nan.getMessage().contains("(b)"), nan.getMessage());
        IllegalArgumentException target = assertThrows(IllegalArgumentException.class,
                () -> re3.explain(1, 2).forClass(5));
        assertTrue(target.getMessage().contains("expected an index 0 to 1") && target.getMessage().contains("got 5"),
                target.getMessage());
    }

    @Test
    void wrapsADjlBlock() {
        // A DJL Linear/ReLU/Linear block goes in; the same explanation as for the network it came from comes out.
        Network net = byHand();
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            ai.djl.nn.Block block = dev.re3.djl.DjlExport.toBlock(net, ai.djl.ndarray.types.DataType.FLOAT64, m);
            Explanation e = Re3.of(block, 2).explain(3, 1);
            assertArrayEquals(new double[] {15, 1}, e.contributions(0), EPS);
            assertEquals(net.classes(), e.classes());
        }
    }

    @Test
    void walksAPathAcrossOneBoundary() {
        // From (3,1) to (0,2): z0 = x0 - x1 goes 2 -> -2 and flips at t = 0.5; z1 = 2 x0 + x1 - 1 stays > 0.
        dev.re3.polytope.PathWalk walk = Re3.of(byHand()).path(new double[] {3, 1}, new double[] {0, 2});
        assertEquals(2, walk.regions());
        assertEquals(1, walk.crossings().size());
        assertEquals(0.5, walk.crossings().get(0).t(), 1e-12);
        assertEquals("1.relu", walk.crossings().get(0).site());
        assertEquals(0, walk.crossings().get(0).unit());
        assertEquals(java.util.List.of("11"), walk.segments().get(0).patterns());
        assertEquals(java.util.List.of("01"), walk.segments().get(1).patterns());
    }
}
