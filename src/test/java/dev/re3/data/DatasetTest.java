package dev.re3.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {
    private static final List<String> F = List.of("u", "v");
    private static final List<String> C = List.of("no", "yes");

    private static void fails(Runnable r, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message \"" + e.getMessage() + "\" lacks \"" + part + "\"");
        }
    }

    @Test
    void defensiveCopies() {
        double[][] x = {{1, 2}, {3, 4}, {5, 6}};
        int[] y = {0, 1, 1};
        List<String> features = new ArrayList<>(F);
        Dataset d = Dataset.of("t", features, C, x, y);
        x[0][0] = 99;
        y[0] = 1;
        features.set(0, "changed");
        d.x()[1][1] = 99;
        d.x(2)[0] = 99;
        d.labels()[2] = 0;
        d.inputShape()[0] = 7;
        assertArrayEquals(new double[][] {{1, 2}, {3, 4}, {5, 6}}, d.x());
        assertArrayEquals(new int[] {0, 1, 1}, d.labels());
        assertEquals(F, d.features());
        assertArrayEquals(new int[] {2}, d.inputShape());
        assertThrows(UnsupportedOperationException.class, () -> d.features().add("w"));
        assertEquals("yes", d.className(1));
        assertArrayEquals(new int[] {1, 2}, d.classCounts());
        assertTrue(d.toString().contains("3 x 2"), d.toString());
    }

    @Test
    void subsetAndHead() {
        Dataset d = Dataset.of("t", F, C, new double[][] {{1, 2}, {3, 4}, {5, 6}}, new int[] {0, 1, 1});
        Dataset s = d.subset(new int[] {2, 0, 2});
        assertArrayEquals(new double[][] {{5, 6}, {1, 2}, {5, 6}}, s.x());
        assertArrayEquals(new int[] {1, 0, 1}, s.labels());
        assertEquals(2, d.head(2).size());
        assertEquals(3, d.head(10).size());
        assertEquals(0, d.head(0).size());
        fails(() -> d.subset(new int[] {0, 3}), "expected row indices in 0..2", "got 3");
        fails(() -> d.head(-1), "expected a row count >= 0", "got -1");
    }

    @Test
    void invalidContents() {
        fails(() -> Dataset.of("t", F, C, new double[][] {{1, Double.NaN}}, new int[] {0}),
                "row 0, feature 1 (v)", "expected a finite number", "got NaN");
        fails(() -> Dataset.of("t", F, C, new double[][] {{1, Double.POSITIVE_INFINITY}}, new int[] {0}),
                "got Infinity");
        fails(() -> Dataset.of("t", F, C, new double[][] {{1, 2, 3}}, new int[] {0}), "row 0", "expected 2 features",
                "got 3");
        fails(() -> Dataset.of("t", F, C, new double[][] {{1, 2}}, new int[] {2}), "expected a label in 0..1", "got 2");
        fails(() -> Dataset.of("t", F, C, new double[][] {{1, 2}}, new int[] {0, 1}),
                "expected as many labels as input rows", "1 rows", "2 labels");
        fails(() -> Dataset.of("t", List.of("u", "u"), C, new double[][] {{1, 2}}, new int[] {0}),
                "expected distinct non-blank feature names", "\"u\" twice");
        fails(() -> Dataset.of("t", F, C, new int[] {1, 3}, new double[][] {{1, 2}}, new int[] {0}),
                "whose product is the number of features 2", "got [1, 3]");
        fails(() -> Dataset.of(" ", F, C, new double[][] {{1, 2}}, new int[] {0}), "expected a non-blank name");
    }

    @Test
    void tableWhenAFeatureIsCalledLabel() {
        Dataset d = Dataset.of("t", List.of("label", "v"), C, new double[][] {{1, 2}}, new int[] {1});
        assertEquals(List.of("label", "v", "label_"), d.toTable().columnNames());
        assertEquals("yes", d.toTable().stringColumn("label_").get(0));
    }
}
