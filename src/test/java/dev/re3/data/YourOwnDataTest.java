package dev.re3.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Datasets built from arrays and from Tablesaw tables, and the messages bad indices get. */
class YourOwnDataTest {
    @Test
    void fromArraysWithDefaultNames() {
        Dataset d = Dataset.of(new double[][] {{1, 2}, {3, 4}, {5, 6}}, new int[] {0, 2, 1});
        assertEquals(List.of("x0", "x1"), d.features());
        assertEquals(List.of("0", "1", "2"), d.classes());
        assertArrayEquals(new double[] {3, 4}, d.means(), 0);
        assertEquals("2", d.className(1));
    }

    @Test
    void fromATablesawTableWithALabelColumn() {
        Table t = Table.create("flowers", DoubleColumn.create("length", 1.0, 2.0, 3.0),
                StringColumn.create("species", "b", "a", "b"), IntColumn.create("petals", 5, 4, 6));
        Dataset d = Dataset.of(t, "species");
        assertEquals(List.of("length", "petals"), d.features());
        assertEquals(List.of("b", "a"), d.classes());
        assertArrayEquals(new int[] {0, 1, 0}, d.labels());
        assertArrayEquals(new double[] {2, 4}, d.x(1), 0);
        Dataset byIndex = Dataset.of(Table.create("t", DoubleColumn.create("v", 0.5, 1.5), IntColumn.create("y", 1, 0)),
                "y");
        assertEquals(List.of("0", "1"), byIndex.classes());
        assertArrayEquals(new int[] {1, 0}, byIndex.labels());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> Dataset.of(t, "kind"));
        assertTrue(missing.getMessage().contains("[length, species, petals]") && missing.getMessage().contains("\"kind\""),
                missing.getMessage());
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class, () -> Dataset.of(t, "length"));
        assertTrue(text.getMessage().contains("\"species\": expected a numeric feature column"), text.getMessage());
    }

    @Test
    void aRowOutOfRangeSaysHowManyThereAre() {
        Dataset d = Dataset.of(new double[][] {{1}, {2}}, new int[] {0, 1});
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> d.x(100));
        assertTrue(e.getMessage().contains("expected a row index 0 to 1 (2 rows), got 100"), e.getMessage());
    }
}
