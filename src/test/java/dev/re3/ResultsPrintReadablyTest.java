package dev.re3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.display.Numbers;
import dev.re3.polytope.PathWalk;
import dev.re3.polytope.PlanePartition;
import dev.re3.region.HiddenLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/** Every result a user gets prints as readable text: no {@code [D@}, no raw record form, rounded numbers. */
class ResultsPrintReadablyTest {
    /** An array's identity, a record's generated toString, or a number printed with more than 7 digits. */
    static final Pattern RAW = Pattern.compile("\\[D@|\\[I@|[A-Z][A-Za-z]+\\[[a-zA-Z]+=|\\d\\.\\d{7,}");

    static void readable(String what, Object value) {
        String text = String.valueOf(value);
        assertFalse(RAW.matcher(text).find(), what + " prints raw: " + text);
        assertFalse(text.isBlank(), what);
    }

    @Test
    void numbersHaveFourSignificantDigits() {
        assertEquals("1.138e-08", Numbers.format(0.000000011375546039665375));
        assertEquals("-0.6667", Numbers.format(-2.0 / 3));
        assertEquals("14.5", Numbers.format(14.5));
        assertEquals("1.235e+05", Numbers.format(123456.7));
        assertEquals("0", Numbers.format(0));
        Table t = Numbers.readable(Table.create("t", DoubleColumn.create("x", new double[] {0.000000011375546039665375,
                1.0 / 3})));
        assertTrue(t.printAll().contains("1.138e-08") && t.printAll().contains("0.3333"), t.printAll());
        assertEquals(1.0 / 3, t.doubleColumn("x").get(1), 0, "the values keep every bit");
    }

    @Test
    void explanationPartsPrintReadably() {
        Explanation e = Re3.of(Re3Test.byHand()).explain(1.0 / 3, 2.0 / 7);
        readable("explanation", e);
        readable("log-odds", e.logOdds(0, 1));
        readable("log-odds table", e.logOdds(0, 1).toTable().printAll());
        readable("baseline", e.relativeTo(0.1, 0.2));
        readable("dominant units", e.dominantUnits(2).printAll());
        readable("contribution table", e.contributionTable().printAll());
        List<HiddenLayer> hidden = e.hidden();
        readable("hidden layers", hidden);
        readable("hidden layer table", hidden.get(0).toTable().printAll());
    }

    @Test
    void hiddenLayerWorkedOutByHand() {
        // x = (3, 1): z1 = (2, 6), both units on.
        HiddenLayer h = Re3.of(Re3Test.byHand()).explain(3, 1).hidden().get(0);
        assertEquals(h.site().name() + ": 2 of 2 units on, activation [2, 6], 2 classes downstream", h.toString());
        Table t = h.toTable();
        assertEquals(2, t.rowCount());
        assertEquals(6, t.doubleColumn("activation").get(1), 0);
    }

    @Test
    void pathsAndPlanesPrintReadably() {
        Re3 re3 = Re3.of(Re3Test.byHand());
        // From (3, 1) to (-1, 2): z1 = (x0 - x1, 2 x0 + x1 - 1) goes from (2, 6) to (-3, -1).
        PathWalk walk = re3.path(new double[] {3, 1}, new double[] {-1, 2});
        assertTrue(walk.segments().size() >= 2);
        readable("segments", walk.segments());
        readable("crossings", walk.crossings());
        readable("boundaries", walk.boundaries());
        readable("prediction changes", walk.predictionChanges());
        readable("density", walk.density(50, 0.1));
        readable("density table", walk.density(50, 0.1).toTable().printAll());
        PlanePartition p = re3.plane(new double[] {3, 1}, new double[] {-1, 2}, new double[] {0.3, -0.7});
        readable("polygons", p.polygons());
        readable("decision boundary", p.decisionBoundary());
        readable("class polygons", p.classPolygons());
        List<String> shown = new ArrayList<>();
        walk.crossings().forEach(c -> shown.add(c.toString()));
        assertTrue(shown.get(0).startsWith("t "), shown.toString());
    }
}
