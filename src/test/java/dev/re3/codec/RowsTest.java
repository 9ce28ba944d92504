package dev.re3.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Rows stored in blocks read back as the arrays written, across block boundaries and from parallel writers. */
class RowsTest {
    @Test
    void rowsReadBackAcrossBlocks() {
        double[][] m = new double[11][3];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < 3; j++) {
                m[i][j] = i * 10 + j + 0.5;
            }
        }
        Rows r = new Rows(11, 3, 7); // two rows per block, six blocks, the last with one row
        IntStream.range(0, 11).parallel().forEach(i -> r.set(i, m[i]));
        assertEquals(11, r.size());
        assertEquals(3, r.width());
        for (int i = 0; i < 11; i++) {
            assertArrayEquals(m[i], r.row(i), 0.0);
            assertEquals(m[i][2], r.get(i, 2), 0.0);
        }
        double[][] copy = r.toArray();
        copy[4][1] = -1;
        assertEquals(41.5, r.get(4, 1), 0.0, "toArray gives a copy");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.set(2, new double[4]));
        assertTrue(e.getMessage().contains("expected 3 values, got 4"), e.getMessage());
    }

    @Test
    void emptyAndWideRows() {
        assertEquals(0, new Rows(0, 5).toArray().length);
        Rows wide = new Rows(2, 10, 4); // wider than a block: one row per block
        wide.set(1, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        assertArrayEquals(new double[10], wide.row(0), 0.0);
        assertEquals(10, wide.get(1, 9), 0.0);
    }
}
