package dev.re3.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The region of an input: sampled points inside keep its pattern and map; the boundary is where it says. */
class RegionTest {

    static double[] step(double[] x, double[] dir, double t) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += t * dir[i];
        }
        return y;
    }

    static double[] unit(Random r, int d) {
        double[] u = RandomNetworks.input(r, d);
        double n = 0;
        for (double v : u) {
            n += v * v;
        }
        n = Math.sqrt(n);
        for (int i = 0; i < d; i++) {
            u[i] /= n;
        }
        return u;
    }

    @Test
    void pointsInsideKeepThePatternAndTheMap() {
        Random r = new Random(21);
        for (Network net : RandomNetworks.all()) {
            double[] x = RandomNetworks.input(r, net.inputSize());
            Region region = Region.of(net, x);
            double radius = region.distanceToBoundary();
            assertTrue(radius > 0 && Double.isFinite(radius), "radius " + radius);
            for (int k = 0; k < 20; k++) {
                double[] inside = step(x, unit(r, x.length), radius * r.nextDouble() * 0.999);
                AffineTracer.Trace t = AffineTracer.trace(net, inside);
                assertEquals(region.patterns(), t.patterns());
                assertEquals(region.id(), t.regionId());
                assertTrue(region.contains(inside));
                double[] f = net.forward(inside);
                double[] fit = region.apply(inside);
                for (int c = 0; c < f.length; c++) {
                    assertEquals(f[c], fit[c], 1e-9 * Math.max(1, Math.abs(f[c])));
                }
            }
        }
    }

    @Test
    void theNearestBoundaryIsExactlyThatFar() {
        Random r = new Random(22);
        for (Network net : List.of(RandomNetworks.mlp(3, 0, 4, 16, 8, 3), RandomNetworks.cnn(4))) {
            double[] x = RandomNetworks.input(r, net.inputSize());
            Region region = Region.of(net, x);
            HalfSpaces h = region.halfSpaces();
            int k = h.nearest(x);
            double[] a = h.a()[k];
            double norm = Math.sqrt(java.util.Arrays.stream(a).map(v -> v * v).sum());
            double[] inward = a.clone();
            for (int i = 0; i < inward.length; i++) {
                inward[i] /= -norm;
            }
            double d = region.distanceToBoundary();
            double[] justInside = step(x, inward, d * (1 - 1e-6));
            double[] justOutside = step(x, inward, d * (1 + 1e-6));
            assertEquals(region.id(), Region.of(net, justInside).id());
            assertNotEquals(region.id(), Region.of(net, justOutside).id(), "crossing " + h.labels().get(k));
        }
    }

    @Test
    void onTheBoundaryAUnitCountsAsOff() {
        // z = x0 - x1 is exactly 0 at (1, 1): the documented convention says off ('0'), gate 0.
        Network net = Network.builder(2)
                .dense(new double[][] {{1, -1}, {1, 1}}, new double[] {0, 0}).relu()
                .dense(new double[][] {{1, 1}}, new double[] {0}).build();
        Region region = Region.of(net, new double[] {1, 1});
        assertEquals(List.of("01"), region.patterns());
        assertEquals(1.0, region.weight()[0][0], 0);
        assertEquals(1.0, region.weight()[0][1], 0);
        assertEquals(0.0, region.distanceToBoundary(), 0);
        AffineTracer.Trace t = AffineTracer.trace(net, new double[] {1, 1});
        assertEquals(List.of("01"), t.patterns());
        Network leaky = Network.builder(2)
                .dense(new double[][] {{1, -1}}, new double[] {0}).leakyRelu(0.25)
                .dense(new double[][] {{1}}, new double[] {0}).build();
        Region lr = Region.of(leaky, new double[] {2, 2});
        assertEquals(List.of("0"), lr.patterns());
        assertEquals(0.25, lr.weight()[0][0], 0);
        assertEquals(-0.25, lr.weight()[0][1], 0);
    }

    @Test
    void halfSpacesByHand() {
        // Same network as Re3Test: at (0,2), unit 0 off: -(x0 - x1) >= 0; unit 1 on: 2 x0 + x1 - 1 >= 0.
        Network net = Network.builder(2)
                .dense(new double[][] {{1, -1}, {2, 1}}, new double[] {0, -1}).relu()
                .dense(new double[][] {{1, 2}, {-1, 1}}, new double[] {0.5, 0}).build();
        Region region = Region.of(net, new double[] {0, 2});
        HalfSpaces h = region.halfSpaces();
        assertEquals(2, h.rows());
        assertEquals(-1, h.a()[0][0], 0);
        assertEquals(1, h.a()[0][1], 0);
        assertEquals(2, h.a()[1][0], 0);
        assertEquals(-1, h.c()[1], 0);
        assertEquals(1 / Math.sqrt(5), region.distanceToBoundary(), 1e-15);
        assertEquals("1.relu/1", region.nearestBoundary());
    }
}
