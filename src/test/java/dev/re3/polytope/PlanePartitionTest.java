package dev.re3.polytope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import dev.re3.region.AffineTracer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Plane partitions: worked by hand, and on random networks of every layer type against the forward pass. */
class PlanePartitionTest {
    /** {@code z = (x1, x2, x1 + x2)}, ReLU, then logits {@code (h1 + h2 - h3, h3)}. */
    static Network handNetwork() {
        return Network.builder(2)
                .dense(new double[][] {{1, 0}, {0, 1}, {1, 1}}, new double[] {0, 0, 0}).relu()
                .dense(new double[][] {{1, 1, -1}, {0, 0, 1}}, new double[] {0, 0})
                .build();
    }

    @Test
    void handWorkedQuadrantsAndDiagonal() {
        PlanePartition p = PlanePartitioner.of(handNetwork()).optDomain(new Domain(-1, 1, -1, 1))
                .partition(Plane.of(new double[] {0, 0}, new double[] {1, 0}, new double[] {0, 1}));
        assertFalse(p.isPartial());
        assertEquals(6, p.regions());
        Map<String, double[][]> byPattern = new HashMap<>();
        for (PlanePolygon poly : p.polygons()) {
            byPattern.put(poly.patterns().get(0), poly.vertices());
        }
        assertEquals(Set.of("111", "000", "101", "100", "011", "010"), byPattern.keySet());
        assertSameVertices(new double[][] {{0, 0}, {1, 0}, {1, 1}, {0, 1}}, byPattern.get("111"));
        assertSameVertices(new double[][] {{-1, -1}, {0, -1}, {0, 0}, {-1, 0}}, byPattern.get("000"));
        assertSameVertices(new double[][] {{0, 0}, {1, -1}, {1, 0}}, byPattern.get("101"));
        assertSameVertices(new double[][] {{0, -1}, {1, -1}, {0, 0}}, byPattern.get("100"));
        assertSameVertices(new double[][] {{0, 0}, {0, 1}, {-1, 1}}, byPattern.get("011"));
        assertSameVertices(new double[][] {{-1, 0}, {0, 0}, {-1, 1}}, byPattern.get("010"));
        for (PlanePolygon poly : p.polygons()) {
            if (poly.patterns().get(0).equals("101")) {
                // h = (u, 0, u + v): logits (u - u - v, u + v) = (-v, u + v)
                assertArrayEquals(new double[] {0, -1, 0}, poly.map()[0], 1e-15);
                assertArrayEquals(new double[] {1, 1, 0}, poly.map()[1], 1e-15);
            }
        }
        assertEquals(4.0, p.coveredArea(), 1e-15);
        assertEquals(6L, p.sites().longColumn("cells").get(0));
    }

    @Test
    void decisionBoundaryOfTheHandNetwork() {
        // logits (h1 + h2 - h3, h3): class 1 wins iff h3 > h1 + h2 - h3
        PlanePartition p = PlanePartitioner.of(handNetwork()).optDomain(new Domain(-1, 1, -1, 1))
                .partition(Plane.of(new double[] {0, 0}, new double[] {1, 0}, new double[] {0, 1}));
        double length = p.decisionBoundary().stream().mapToDouble(Segment::length).sum();
        for (Segment s : p.decisionBoundary()) {
            double[] l0 = handNetwork().forward(new double[] {s.u0(), s.v0()});
            double[] l1 = handNetwork().forward(new double[] {s.u1(), s.v1()});
            assertEquals(l0[0], l0[1], 1e-12);
            assertEquals(l1[0], l1[1], 1e-12);
        }
        // in quadrant u > 0, v > 0: h3 = u + v > 0 = h1 + h2 - h3 except at the origin: no boundary;
        // in u > 0 > v with u + v > 0: (-v, u + v): boundary where -v = u + v, v = -u / 2
        assertTrue(length > 0);
        assertTrue(p.decisionBoundary().stream().anyMatch(s -> Math.abs(s.v0() + s.u0() / 2) < 1e-12
                && Math.abs(s.v1() + s.u1() / 2) < 1e-12 && s.u0() + s.u1() > 0));
    }

    @Test
    void randomNetworksOfEveryLayerType() {
        Random r = new Random(11);
        for (Network net : RandomNetworks.all()) {
            int d = net.inputSize();
            double[] a = RandomNetworks.input(r, d);
            double[] b = RandomNetworks.input(r, d);
            double[] c = RandomNetworks.input(r, d);
            PlanePartition p = PlanePartitioner.of(net).optThreads(2).partition(a, b, c);
            String name = net.toString().lines().findFirst().orElse("");
            assertFalse(p.isPartial(), name);
            assertEquals(p.domain().area(), p.coveredArea(), 1e-9 * p.domain().area(), name);
            checkPolygons(net, p, r, name);
        }
    }

    /** Max pools that do not follow a ReLU: straight after a convolution, and after a leaky ReLU. */
    static List<Network> unfusedPools() {
        Random r = new Random(31);
        Network direct = new Network(new int[] {1, 6, 6}, null, null, List.of(RandomNetworks.conv(r, 2, 1, 3, 1, 1),
                new dev.re3.net.MaxPool2d(new int[] {2, 2}, new int[] {2, 2}), new dev.re3.net.Relu(),
                new dev.re3.net.Flatten(), RandomNetworks.dense(r, 3, 2 * 3 * 3)), true);
        Network leaky = new Network(new int[] {1, 6, 6}, null, null, List.of(RandomNetworks.conv(r, 2, 1, 3, 1, 0),
                new dev.re3.net.LeakyRelu(0.1), new dev.re3.net.MaxPool2d(new int[] {2, 2}, new int[] {1, 1}),
                new dev.re3.net.Flatten(), RandomNetworks.dense(r, 3, 2 * 3 * 3)), true);
        return List.of(direct, leaky);
    }

    @Test
    void maxPoolsThatDoNotFollowAReLU() {
        Random r = new Random(13);
        for (Network net : unfusedPools()) {
            double[] a = RandomNetworks.input(r, 36);
            double[] b = RandomNetworks.input(r, 36);
            double[] c = RandomNetworks.input(r, 36);
            PlanePartition p = PlanePartitioner.of(net).partition(a, b, c);
            assertEquals(p.domain().area(), p.coveredArea(), 1e-9 * p.domain().area());
            assertTrue(p.regions() > 50, "regions " + p.regions());
            checkPolygons(net, p, r, "unfused pool");
            PathWalkTest.checkAgainstSamples(net, PathWalker.of(net).segment(a, b), "unfused pool path");
        }
    }

    static void checkPolygons(Network net, PlanePartition p, Random r, String name) {
        Set<String> ids = new HashSet<>();
        int step = Math.max(1, p.regions() / 150);
        for (int i = 0; i < p.regions(); i++) {
            PlanePolygon poly = p.polygons().get(i);
            assertTrue(poly.area() > 0, name);
            ids.add(poly.regionId());
            double[] c = poly.centroid();
            double[] x = p.plane().point(c[0], c[1]);
            double[] f = net.forward(x);
            assertTrue(Checks.relativeError(poly.logits(c[0], c[1]), f) < 1e-9, name + " polygon " + i);
            if (i % step != 0) {
                continue;
            }
            List<double[]> points = new java.util.ArrayList<>();
            points.add(c);
            double[][] v = poly.vertices();
            for (int s = 0; s < 3; s++) {
                double[] w = new double[v.length];
                double sum = 0;
                for (int j = 0; j < w.length; j++) {
                    w[j] = 0.05 + r.nextDouble();
                    sum += w[j];
                }
                double u = 0;
                double vv = 0;
                for (int j = 0; j < w.length; j++) {
                    u += w[j] / sum * v[j][0];
                    vv += w[j] / sum * v[j][1];
                }
                points.add(new double[] {u, vv});
            }
            for (double[] q : points) {
                double[] xq = p.plane().point(q[0], q[1]);
                AffineTracer.Trace t = AffineTracer.trace(net, xq);
                Checks.assertPatterns(poly.patterns(), t, xq, name + " polygon " + i);
                assertTrue(Checks.relativeError(poly.logits(q[0], q[1]), net.forward(xq)) < 1e-9, name);
                if (t.patterns().equals(poly.patterns()) && q == c) {
                    assertEquals(t.regionId(), poly.regionId(), name + " polygon " + i);
                }
            }
        }
        assertEquals(p.regions(), ids.size(), name + ": every polygon is its own region");
    }

    static void assertSameVertices(double[][] expected, double[][] got) {
        assertEquals(expected.length, got.length, java.util.Arrays.deepToString(got));
        int start = -1;
        for (int i = 0; i < got.length; i++) {
            if (Math.abs(got[i][0] - expected[0][0]) < 1e-15 && Math.abs(got[i][1] - expected[0][1]) < 1e-15) {
                start = i;
            }
        }
        assertTrue(start >= 0, "vertex " + java.util.Arrays.toString(expected[0]) + " in " + java.util.Arrays.deepToString(got));
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], got[(start + i) % got.length], 1e-15, java.util.Arrays.deepToString(got));
        }
    }
}
