package dev.re3.polytope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rectangles far larger or smaller than 1 (a half-width of {@code 1e200}, whose area overflows, or of
 * {@code 1e-200}, whose area underflows): the partition is computed in a frame scaled by a power of two and
 * is the same partition, scaled exactly.
 */
class PlaneFrameTest {
    /** {@code h = relu(x1, x2)}, logits {@code (h1 - h2, h2)}: the four quadrants are four regions. */
    static Network quadrants() {
        return Network.builder(2).dense(new double[][] {{1, 0}, {0, 1}}, new double[] {0, 0}).relu()
                .dense(new double[][] {{1, -1}, {0, 1}}, new double[] {0, 0}).build();
    }

    static PlanePartition square(Network net, double r) {
        return PlanePartitioner.of(net).optDomain(new Domain(-r, r, -r, r))
                .partition(Plane.of(new double[] {0, 0}, new double[] {1, 0}, new double[] {0, 1}));
    }

    /** The quadrants of {@code [-r, r]^2}, worked by hand: pattern {@code "11"} is {@code u > 0, v > 0}. */
    static void assertQuadrants(PlanePartition p, double r) {
        assertFalse(p.isPartial());
        assertEquals(4, p.regions(), "regions of [-" + r + ", " + r + "]^2");
        Map<String, double[][]> byPattern = new HashMap<>();
        for (PlanePolygon poly : p.polygons()) {
            byPattern.put(poly.patterns().get(0), poly.vertices());
        }
        assertEquals(Set.of("11", "01", "10", "00"), byPattern.keySet());
        assertSameVertices(new double[][] {{0, 0}, {r, 0}, {r, r}, {0, r}}, byPattern.get("11"));
        assertSameVertices(new double[][] {{0, -r}, {r, -r}, {r, 0}, {0, 0}}, byPattern.get("10"));
        assertSameVertices(new double[][] {{-r, 0}, {0, 0}, {0, r}, {-r, r}}, byPattern.get("01"));
        assertSameVertices(new double[][] {{-r, -r}, {0, -r}, {0, 0}, {-r, 0}}, byPattern.get("00"));
        for (PlanePolygon poly : p.polygons()) {
            double[][] m = poly.map();
            // in quadrant "10": h = (u, 0), logits (u, 0); in "01": h = (0, v), logits (-v, v)
            if (poly.patterns().get(0).equals("10")) {
                assertEquals(1.0, m[0][0]);
                assertEquals(0.0, m[0][1]);
            } else if (poly.patterns().get(0).equals("01")) {
                assertEquals(-1.0, m[0][1]);
                assertEquals(1.0, m[1][1]);
            }
        }
    }

    @Test
    void aHalfWidthOf1e200GivesTheFourQuadrants() {
        PlanePartition p = square(quadrants(), 1e200);
        assertQuadrants(p, 1e200);
        // the area 4e400 exceeds the double range, and says so
        assertEquals(Double.POSITIVE_INFINITY, p.coveredArea());
        PlanePartitionTest.checkPolygons(quadrants(), p, new Random(3), "1e200");
    }

    @Test
    void aHalfWidthOf1eMinus200GivesTheFourQuadrants() {
        PlanePartition p = square(quadrants(), 1e-200);
        assertQuadrants(p, 1e-200);
        // each quadrant's area 1e-400 is below the double range
        assertEquals(0.0, p.coveredArea());
        for (PlanePolygon poly : p.polygons()) {
            double[] c = poly.centroid();
            String pattern = poly.patterns().get(0);
            assertEquals(pattern.charAt(0) == '1', c[0] > 0, pattern);
            assertEquals(pattern.charAt(1) == '1', c[1] > 0, pattern);
        }
    }

    @Test
    void theHandNetworkOnAHugeSquareIsTheSmallSquareScaled() {
        double r = 1e200;
        PlanePartition big = square(PlanePartitionTest.handNetwork(), r);
        assertEquals(6, big.regions());
        Map<String, double[][]> byPattern = new HashMap<>();
        for (PlanePolygon poly : big.polygons()) {
            byPattern.put(poly.patterns().get(0), poly.vertices());
        }
        assertSameVertices(new double[][] {{0, 0}, {r, -r}, {r, 0}}, byPattern.get("101"));
        assertSameVertices(new double[][] {{-r, 0}, {0, 0}, {-r, r}}, byPattern.get("010"));
        assertTrue(big.decisionBoundary().stream().anyMatch(s -> s.u0() + s.u1() > 0
                && Math.abs(s.v0() + s.u0() / 2) <= 1e-12 * r && Math.abs(s.v1() + s.u1() / 2) <= 1e-12 * r));
    }

    /**
     * A CNN's plane with its directions divided by {@code 2^300} and its rectangle multiplied by {@code 2^300}
     * is the same set of inputs: the polygons are the same, their vertices exactly {@code 2^300} times, their
     * slopes exactly {@code 2^-300} times.
     */
    @Test
    void aScaledFrameGivesTheSamePartitionBitForBit() {
        Network net = PlaneOptionsTest.NET;
        Plane plane = PlaneOptionsTest.plane(1);
        double s = Math.scalb(1.0, 300);
        double[] e1 = plane.e1();
        double[] e2 = plane.e2();
        for (int i = 0; i < e1.length; i++) {
            e1[i] /= s;
            e2[i] /= s;
        }
        Plane scaled = new Plane(plane.origin(), e1, e2, java.util.List.of());
        PlanePartition a = PlanePartitioner.of(net).optDomain(new Domain(0, 0.4, 0, 0.4)).partition(plane);
        PlanePartition b = PlanePartitioner.of(net).optDomain(new Domain(0, 0.4 * s, 0, 0.4 * s)).partition(scaled);
        assertTrue(a.regions() > 20, "regions " + a.regions());
        assertEquals(a.regions(), b.regions());
        for (int i = 0; i < a.regions(); i++) {
            PlanePolygon pa = a.polygons().get(i);
            PlanePolygon pb = b.polygons().get(i);
            assertEquals(pa.regionId(), pb.regionId());
            double[] ua = pa.us();
            double[] ub = pb.us();
            double[] va = pa.vs();
            double[] vb = pb.vs();
            assertEquals(ua.length, ub.length);
            for (int j = 0; j < ua.length; j++) {
                assertEquals(ua[j] * s, ub[j]);
                assertEquals(va[j] * s, vb[j]);
            }
            double[][] ma = pa.map();
            double[][] mb = pb.map();
            for (int c = 0; c < ma.length; c++) {
                assertEquals(ma[c][0] / s, mb[c][0]);
                assertEquals(ma[c][1] / s, mb[c][1]);
                assertEquals(ma[c][2], mb[c][2]);
            }
            assertEquals(pa.predicted(), pb.predicted());
        }
        assertEquals(a.decisionBoundary().size(), b.decisionBoundary().size());
        for (int i = 0; i < a.decisionBoundary().size(); i++) {
            assertEquals(a.decisionBoundary().get(i).u0() * s, b.decisionBoundary().get(i).u0());
            assertEquals(a.decisionBoundary().get(i).v1() * s, b.decisionBoundary().get(i).v1());
        }
        assertEquals(a.classPolygons().size(), b.classPolygons().size());
        assertEquals(a.classPolygons().get(0).us()[0] * s, b.classPolygons().get(0).us()[0]);
    }

    @Test
    void aRectangleWhoseInputsLeaveTheDoubleRangeIsRefused() {
        Plane plane = Plane.of(new double[] {0, 0}, new double[] {1e200, 0}, new double[] {0, 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlanePartitioner.of(quadrants()).optDomain(new Domain(-1e200, 1e200, -1, 1)).partition(plane));
        assertTrue(e.getMessage().contains("double range") && e.getMessage().contains("e1[0] = 1.0E200"), e.getMessage());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> PlanePartitioner.of(quadrants()).optDomain(new Domain(-1e200, 1e200, -1e200, 1e-300))
                        .partition(Plane.of(new double[] {0, 0}, new double[] {1, 0}, new double[] {0, 1})));
        assertTrue(f.getMessage().contains("scaled exactly"), f.getMessage());
    }

    static void assertSameVertices(double[][] expected, double[][] got) {
        assertEquals(expected.length, got.length, java.util.Arrays.deepToString(got));
        int start = -1;
        for (int i = 0; i < got.length; i++) {
            if (got[i][0] == expected[0][0] && got[i][1] == expected[0][1]) {
                start = i;
            }
        }
        assertTrue(start >= 0, "vertex " + java.util.Arrays.toString(expected[0]) + " in " + java.util.Arrays.deepToString(got));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], got[(start + i) % got.length][0], java.util.Arrays.deepToString(got));
            assertEquals(expected[i][1], got[(start + i) % got.length][1], java.util.Arrays.deepToString(got));
        }
    }
}
