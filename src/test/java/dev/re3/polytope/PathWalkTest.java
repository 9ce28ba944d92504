package dev.re3.polytope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Exact walks along paths against dense sampling, and the degenerate cases worked by hand. */
class PathWalkTest {
    static final int SAMPLES = 20_000;

    @Test
    void walkMissesNoPatternChangeOfDenseSampling() {
        Random r = new Random(5);
        for (Network net : RandomNetworks.all()) {
            double[] a = RandomNetworks.input(r, net.inputSize());
            double[] b = RandomNetworks.input(r, net.inputSize());
            PathWalk w = PathWalker.of(net).segment(a, b);
            checkAgainstSamples(net, w, net.toString().lines().findFirst().orElse(""));
        }
    }

    @Test
    void polylineWalkMatchesSampling() {
        Random r = new Random(6);
        for (Network net : List.of(RandomNetworks.mlp(3, 0.05, 4, 16, 8, 4, 3), RandomNetworks.residualCnn(9))) {
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                pts.add(RandomNetworks.input(r, net.inputSize()));
            }
            PathWalk w = PathWalker.of(net).walk(pts);
            checkAgainstSamples(net, w, "polyline");
            assertEquals(4, w.points().length);
        }
    }

    /** A partial walk reports each region only over the stretch it covered, never stretched to t = 0 or 1. */
    @Test
    void partialWalkClaimsOnlyWhatItCovered() {
        Random r = new Random(8);
        Network net = RandomNetworks.mlp(4, 0.0, 4, 32, 32, 3);
        double[] a = RandomNetworks.input(r, net.inputSize());
        double[] b = RandomNetworks.input(r, net.inputSize());
        for (int i = 0; i < a.length; i++) {
            a[i] *= 4;
            b[i] *= -4;
        }
        List<PathSegment> whole = PathWalker.of(net).segment(a, b).segments();
        assertTrue(whole.size() > 6, "a path through many regions: " + whole.size());
        PathWalk part = PathWalker.of(net).optMaxSegments(3).segment(a, b);
        assertTrue(part.isPartial() && !part.message().isEmpty());
        assertTrue(part.segments().get(part.segments().size() - 1).tEnd() < 1, "the partial walk does not reach t = 1");
        for (PathSegment seg : part.segments()) {
            PathSegment home = whole.stream().filter(w -> w.tStart() <= seg.tMid() && seg.tMid() <= w.tEnd())
                    .findFirst().orElseThrow();
            assertEquals(home.regionId(), seg.regionId());
            assertTrue(seg.tStart() >= home.tStart() - 1e-12 && seg.tEnd() <= home.tEnd() + 1e-12,
                    seg + " lies inside " + home);
        }
    }

    static void checkAgainstSamples(Network net, PathWalk w, String name) {
        List<PathSegment> segs = w.segments();
        assertEquals(0.0, segs.get(0).tStart(), name);
        assertEquals(1.0, segs.get(segs.size() - 1).tEnd(), name);
        for (int i = 0; i < segs.size(); i++) {
            assertTrue(segs.get(i).tEnd() > segs.get(i).tStart(), name);
            if (i > 0) {
                assertEquals(segs.get(i - 1).tEnd(), segs.get(i).tStart(), name);
                assertEquals(segs.get(i).tStart(), w.boundaries().get(i - 1).t(), name);
                assertTrue(!w.boundaries().get(i - 1).flips().isEmpty(), name);
            }
        }
        List<String> sampled = new ArrayList<>();
        int k = 0;
        for (int i = 0; i <= SAMPLES; i++) {
            double t = i / (double) SAMPLES;
            double[] x = w.point(t);
            Codes.Code code = Codes.at(net, x);
            while (k + 1 < segs.size() && segs.get(k).tEnd() < t) {
                k++;
            }
            double[] f = net.forward(x);
            assertTrue(Checks.relativeError(w.logits(t), f) < 1e-9, name + " logits at t=" + t);
            boolean nearBoundary = Math.abs(t - segs.get(k).tStart()) < 1e-9 || Math.abs(t - segs.get(k).tEnd()) < 1e-9;
            if (!nearBoundary) {
                assertEquals(segs.get(k).regionId(), code.id(), name + " region at t=" + t + " segment " + k);
                if (sampled.isEmpty() || !sampled.get(sampled.size() - 1).equals(code.id())) {
                    sampled.add(code.id());
                }
            }
        }
        // the sampled regions appear in the walk's order
        int j = 0;
        for (String id : sampled) {
            while (j < segs.size() && !segs.get(j).regionId().equals(id)) {
                j++;
            }
            assertTrue(j < segs.size(), name + ": sampled region " + id + " out of order");
        }
        // prediction changes: logits tie there, and sampled argmax changes only across one
        for (ClassChange c : w.predictionChanges()) {
            double[] f = net.forward(w.point(c.t()));
            double scale = Math.max(1, Math.max(Math.abs(f[c.from()]), Math.abs(f[c.to()])));
            assertEquals(f[c.from()], f[c.to()], 1e-9 * scale, name + " tie at " + c.t());
        }
        int changes = 0;
        int previous = -1;
        for (int i = 0; i <= 2000; i++) {
            double[] f = net.forward(w.point(i / 2000.0));
            int cls = argmax(f);
            if (previous >= 0 && cls != previous) {
                changes++;
            }
            previous = cls;
        }
        assertTrue(w.predictionChanges().size() >= changes, name);
    }

    static int argmax(double[] f) {
        int best = 0;
        for (int c = 1; c < f.length; c++) {
            if (f[c] > f[best]) {
                best = c;
            }
        }
        return best;
    }

    /** {@code z = (x1 - 0.5, 2 x1 - 1, x2 - 0.3)}: units 0 and 1 share a zero line, unit 2 is zero on x2 = 0.3. */
    static Network degenerate() {
        return Network.builder(2)
                .dense(new double[][] {{1, 0}, {2, 0}, {0, 1}}, new double[] {-0.5, -1, -0.3}).relu()
                .dense(new double[][] {{1, 1, 1}, {-1, 0, 2}}, new double[] {0, 0.2})
                .build();
    }

    @Test
    void twoUnitsFlipTogetherAndAZeroUnitStaysOff() {
        PathWalk w = PathWalker.of(degenerate()).segment(new double[] {0, 0.3}, new double[] {1, 0.3});
        assertEquals(2, w.regions());
        assertEquals(List.of("000"), w.segments().get(0).patterns());
        assertEquals(List.of("110"), w.segments().get(1).patterns());
        assertEquals(1, w.boundaries().size());
        PathBoundary b = w.boundaries().get(0);
        assertEquals(0.5, b.t(), 1e-15);
        assertEquals(List.of(new PathBoundary.Flip("1.relu", 0, 0, 1), new PathBoundary.Flip("1.relu", 1, 0, 1)), b.flips());
    }

    @Test
    void pathStartingOnABoundaryTakesTheFirstOpenPiece() {
        PathWalk w = PathWalker.of(degenerate()).segment(new double[] {0.5, 0.5}, new double[] {1, 0.5});
        assertEquals(1, w.regions());
        assertEquals(List.of("111"), w.segments().get(0).patterns());
        assertTrue(w.boundaries().isEmpty());
        PathWalk back = PathWalker.of(degenerate()).segment(new double[] {0, 0.5}, new double[] {0.5, 0.5});
        assertEquals(1, back.regions());
        assertEquals(List.of("001"), back.segments().get(0).patterns());
    }

    @Test
    void polylineBendsInsideARegionAndFlipsAtAJunction() {
        // (0, 0.3) -> (1, 0.3) -> (1, 1): lengths 1 and 0.7; units 0, 1 flip at x1 = 0.5, unit 2 after the corner
        PathWalk w = PathWalker.of(degenerate()).walk(new double[] {0, 0.3}, new double[] {1, 0.3}, new double[] {1, 1});
        assertEquals(1.7, w.length(), 1e-15);
        assertEquals(3, w.regions());
        assertEquals(0.5 / 1.7, w.boundaries().get(0).t(), 1e-15);
        assertEquals(1 / 1.7, w.boundaries().get(1).t(), 1e-15);
        assertEquals(List.of(new PathBoundary.Flip("1.relu", 2, 0, 1)), w.boundaries().get(1).flips());
        assertEquals(List.of("111"), w.segments().get(2).patterns());
        // a bend inside one region merges into one segment
        PathWalk bend = PathWalker.of(degenerate()).walk(new double[] {0.6, 0.4}, new double[] {0.9, 0.5}, new double[] {0.7, 0.9});
        assertEquals(1, bend.regions());
        assertEquals(List.of("111"), bend.segments().get(0).patterns());
    }

    @Test
    void densityCountsBoundariesPerUnitLength() {
        PathWalk w = PathWalker.of(degenerate()).walk(new double[] {0, 0.3}, new double[] {1, 0.3}, new double[] {1, 1});
        assertEquals(2 / 1.7, w.boundariesPerUnitLength(), 1e-12);
        DensityProfile d = w.density(101, 1.0);
        // the window at t = 0.5 covers [0, 1]: 2 boundaries over length 1.7
        assertEquals(2 / 1.7, d.at(0.5), 1e-12);
        assertEquals(101, d.toTable().rowCount());
    }

    @Test
    void badPathsAreRejectedWithWhatWasExpected() {
        PathWalker walker = PathWalker.of(degenerate());
        var one = assertThrows(IllegalArgumentException.class, () -> walker.walk(new double[] {0, 0}));
        assertTrue(one.getMessage().contains("at least two points, got 1"), one.getMessage());
        var size = assertThrows(IllegalArgumentException.class, () -> walker.segment(new double[] {0, 0}, new double[] {1, 2, 3}));
        assertTrue(size.getMessage().contains("expected 2 numbers") && size.getMessage().contains("got 3"), size.getMessage());
        var zero = assertThrows(IllegalArgumentException.class, () -> walker.segment(new double[] {1, 1}, new double[] {1, 1}));
        assertTrue(zero.getMessage().contains("length 0"), zero.getMessage());
        var nan = assertThrows(IllegalArgumentException.class, () -> walker.segment(new double[] {1, Double.NaN}, new double[] {1, 1}));
        assertTrue(nan.getMessage().contains("finite"), nan.getMessage());
    }

    /** Points near 1e155 square to more than float64 holds; the walk must still place the crossings. */
    @Test
    void farPointsGiveFiniteCrossings() {
        Network net = new Network(new int[] {2}, List.of("a", "b"), List.of("p", "q"),
                List.of(new dev.re3.net.Dense(new double[][] {{1, 0}, {0, 1}}, new double[] {0, 0}), new dev.re3.net.Relu(),
                        new dev.re3.net.Dense(new double[][] {{1, 1}, {1, -1}}, new double[] {0, 0})), true);
        PathWalk walk = PathWalker.of(net).segment(new double[] {-1e155, -3e155}, new double[] {3e155, 1e155});
        // unit 0 switches where -1e155 + 4e155 t = 0, unit 1 where -3e155 + 4e155 t = 0
        List<PathWalk.Crossing> crossings = walk.crossings();
        assertEquals(2, crossings.size(), crossings.toString());
        assertEquals(0.25, crossings.get(0).t(), 1e-12);
        assertEquals(0.75, crossings.get(1).t(), 1e-12);
        assertEquals(3, walk.regions());
        assertThrows(IllegalArgumentException.class,
                () -> PathWalker.of(net).segment(new double[] {-1e308, 0}, new double[] {1e308, 0}));
    }
}
