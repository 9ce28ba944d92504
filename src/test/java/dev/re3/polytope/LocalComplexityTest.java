package dev.re3.polytope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Local complexity: worked by hand on the quadrants, and its invariants on random networks. */
class LocalComplexityTest {
    /** {@code z = (x1, x2)}: four quadrant regions. */
    static Network quadrants() {
        return Network.builder(2).dense(new double[][] {{1, 0}, {0, 1}}, new double[] {0, 0}).relu()
                .dense(new double[][] {{1, -1}, {0.5, 1}}, new double[] {0, 0}).build();
    }

    @Test
    void insideARegionEveryProbeMeetsOneRegion() {
        ComplexityResult c = LocalComplexity.of(quadrants()).optLines(8).optPlanes(2).optSeed(3)
                .around(new double[] {0.3, 0.4}, 0.2);
        assertEquals(0.3, c.distanceToBoundary(), 1e-15);
        assertEquals(1.0, c.meanRegionsOnLines());
        assertEquals(1.0, c.meanRegionsOnPlanes());
        assertEquals(10, c.toTable().rowCount());
        assertEquals(List.of("1.relu"), c.layers().stringColumn("site").asList());
    }

    @Test
    void aLargerRadiusCrossesTheAxes() {
        ComplexityResult c = LocalComplexity.of(quadrants()).optLines(16).optPlanes(2).optSeed(3)
                .around(new double[] {0.3, 0.4}, 0.5);
        for (ComplexityResult.Probe p : c.probes()) {
            if (p.kind().equals("line")) {
                assertTrue(p.regions() >= 1 && p.regions() <= 3);
                assertTrue(p.nearestCrossing() >= c.distanceToBoundary() - 1e-12);
            } else {
                // a square of half-side 0.5 around (0.3, 0.4), turned: it reaches x1 < 0 (0.3 < 0.5) and x2 < 0
                assertTrue(p.regions() >= 3 && p.regions() <= 4, "plane regions " + p.regions());
            }
        }
        assertTrue(c.meanRegionsOnLines() > 1);
    }

    @Test
    void randomNetworksRefineLayerByLayer() {
        Random r = new Random(12);
        for (Network net : List.of(RandomNetworks.mlp(3, 0.05, 4, 16, 8, 4, 3), RandomNetworks.stridedCnn(7),
                RandomNetworks.residualCnn(9))) {
            double[] x = RandomNetworks.input(r, net.inputSize());
            ComplexityResult c = LocalComplexity.of(net).optLines(6).optPlanes(1).optSeed(5).around(x, 0.3);
            for (ComplexityResult.Probe p : c.probes()) {
                long[] s = p.perSite();
                for (int k = 1; k < s.length; k++) {
                    assertTrue(s[k] >= s[k - 1], "refinement only adds regions");
                }
                assertEquals(p.regions(), s[s.length - 1]);
                if (p.kind().equals("line")) {
                    assertTrue(p.nearestCrossing() >= c.distanceToBoundary() * (1 - 1e-9));
                }
            }
            ComplexityResult again = LocalComplexity.of(net).optLines(6).optPlanes(1).optSeed(5).around(x, 0.3);
            assertEquals(c.toTable().intColumn("regions").asList(), again.toTable().intColumn("regions").asList());
        }
    }

    @Test
    void badRequestsSayWhatWasExpected() {
        LocalComplexity lc = LocalComplexity.of(quadrants());
        var radius = assertThrows(IllegalArgumentException.class, () -> lc.around(new double[] {0, 0}, 0));
        assertTrue(radius.getMessage().contains("radius: expected a finite number > 0, got 0.0"), radius.getMessage());
        var size = assertThrows(IllegalArgumentException.class, () -> lc.around(new double[] {0, 0, 0}, 1));
        assertTrue(size.getMessage().contains("expected 2 numbers"), size.getMessage());
    }
}
