package dev.re3.polytope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Threads, the polygon limit, the figure data, and what bad planes and rectangles get. */
class PlaneOptionsTest {
    static final Network NET = RandomNetworks.cnn(6);

    static Plane plane(long seed) {
        Random r = new Random(seed);
        return Plane.through(RandomNetworks.input(r, 128), RandomNetworks.input(r, 128), RandomNetworks.input(r, 128));
    }

    @Test
    void theResultDoesNotDependOnTheThreads() {
        Plane plane = plane(1);
        PlanePartition one = PlanePartitioner.of(NET).optThreads(1).optDomain(new Domain(0, 0.4, 0, 0.4)).partition(plane);
        PlanePartition two = PlanePartitioner.of(NET).optThreads(2).optDomain(new Domain(0, 0.4, 0, 0.4)).partition(plane);
        assertEquals(one.regions(), two.regions());
        for (int i = 0; i < one.regions(); i++) {
            assertArrayEquals(one.polygons().get(i).us(), two.polygons().get(i).us(), 0);
            assertArrayEquals(one.polygons().get(i).vs(), two.polygons().get(i).vs(), 0);
            assertEquals(one.polygons().get(i).regionId(), two.polygons().get(i).regionId());
        }
        assertEquals(one.sites().longColumn("cells").asList(), two.sites().longColumn("cells").asList());
    }

    @Test
    void aPolygonLimitGivesTheFirstPolygonsAndSaysSo() {
        Plane plane = plane(2);
        PlanePartitioner p = PlanePartitioner.of(NET).optDomain(new Domain(0, 0.4, 0, 0.4));
        PlanePartition full = p.partition(plane);
        assertFalse(full.isPartial());
        assertEquals("", full.message());
        int limit = full.regions() / 3;
        PlanePartition part1 = p.optThreads(1).optMaxPolygons(limit).partition(plane);
        PlanePartition part2 = p.optThreads(2).optMaxPolygons(limit).partition(plane);
        assertTrue(part1.isPartial());
        assertEquals(limit, part1.regions());
        assertTrue(part1.message().contains("limit of " + limit + " polygons"), part1.message());
        assertTrue(part1.coveredArea() < full.coveredArea());
        assertEquals(part1.polygons().stream().map(PlanePolygon::regionId).toList(),
                part2.polygons().stream().map(PlanePolygon::regionId).toList());
        List<String> all = full.polygons().stream().map(PlanePolygon::regionId).toList();
        assertTrue(all.containsAll(part1.polygons().stream().map(PlanePolygon::regionId).toList()));
        assertTrue(part1.toText().contains("partial result"));
    }

    @Test
    void figureDataAndTables() {
        PlanePartition p = PlanePartitioner.of(PlanePartitionTest.handNetwork()).optDomain(new Domain(-1, 1, -1, 1))
                .partition(Plane.of(new double[] {0, 0}, new double[] {1, 0}, new double[] {0, 1}));
        PlaneFigureData f = p.figureData();
        assertEquals(6, f.us().size());
        assertEquals(6, f.predicted().length);
        assertEquals(p.decisionBoundary(), f.boundary());
        assertEquals(List.of(new Plane.Marked("x", 0, 0)), f.marked());
        assertEquals(6, p.toTable().rowCount());
        double area = 0;
        for (PlanePartition.ClassPolygon c : p.classPolygons()) {
            double a = 0;
            for (int i = 0; i < c.us().length; i++) {
                int j = (i + 1) % c.us().length;
                a += c.us()[i] * c.vs()[j] - c.us()[j] * c.vs()[i];
            }
            area += a / 2;
            double[] l = PlanePartitionTest.handNetwork().forward(new double[] {mean(c.us()), mean(c.vs())});
            assertEquals(c.predicted(), l[1] > l[0] ? 1 : 0);
        }
        assertEquals(4.0, area, 1e-12);
        assertTrue(p.toHtml().contains("<table"));
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    @Test
    void anAffineNetworkIsOneRegion() {
        Network affine = Network.builder(3).dense(new double[][] {{1, 2, 3}, {0, -1, 1}}, new double[] {0.5, 0}).build();
        PlanePartition p = PlanePartitioner.of(affine)
                .partition(new double[] {0, 0, 0}, new double[] {1, 0, 0}, new double[] {0, 1, 0});
        assertEquals(1, p.regions());
        assertEquals(p.domain().area(), p.coveredArea(), 1e-15);
        assertEquals(List.of(), p.polygons().get(0).patterns());
        PathWalk w = PathWalker.of(affine).segment(new double[] {0, 0, 0}, new double[] {1, 1, 1});
        assertEquals(1, w.regions());
        assertTrue(w.boundaries().isEmpty());
        assertEquals(0, p.sites().rowCount());
    }

    @Test
    void badPlanesAndRectanglesSayWhatWasExpected() {
        double[] a = {0, 0};
        var collinear = assertThrows(IllegalArgumentException.class,
                () -> Plane.through(a, new double[] {1, 1}, new double[] {2, 2}));
        assertTrue(collinear.getMessage().contains("collinear"), collinear.getMessage());
        var same = assertThrows(IllegalArgumentException.class, () -> Plane.through(a, a, new double[] {1, 0}));
        assertTrue(same.getMessage().contains("coincide"), same.getMessage());
        var area = assertThrows(IllegalArgumentException.class, () -> new Domain(0, 1, 2, 2));
        assertTrue(area.getMessage().contains("u0 < u1 and v0 < v1, got u 0.0..1.0 and v 2.0..2.0"), area.getMessage());
        var size = assertThrows(IllegalArgumentException.class, () -> PlanePartitioner.of(NET)
                .partition(a, new double[] {1, 0}, new double[] {0, 1}));
        assertTrue(size.getMessage().contains("expected 128 numbers") && size.getMessage().contains("got 2"),
                size.getMessage());
        var lengths = assertThrows(IllegalArgumentException.class,
                () -> Plane.through(a, new double[] {1, 0, 0}, new double[] {0, 1}));
        assertTrue(lengths.getMessage().contains("2, 3 and 2"), lengths.getMessage());
        var limit = assertThrows(IllegalArgumentException.class, () -> PlanePartitioner.of(NET).optMaxPolygons(0));
        assertTrue(limit.getMessage().contains("maxPolygons: expected an integer >= 1, got 0"), limit.getMessage());
        var nan = assertThrows(IllegalArgumentException.class, () -> new Domain(0, Double.NaN, 0, 1));
        assertTrue(nan.getMessage().contains("finite"), nan.getMessage());
    }
}
