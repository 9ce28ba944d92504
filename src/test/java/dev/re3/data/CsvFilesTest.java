package dev.re3.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFilesTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static void fails(Runnable r, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message \"" + e.getMessage() + "\" lacks \"" + part + "\"");
        }
    }

    @Test
    void readCsvDetectsAHeader() throws IOException {
        Path withHeader = write("h.csv", "a,b,c\n1,2,3\n\n4.5,-6e-1, 7\n");
        assertArrayEquals(new double[][] {{1, 2, 3}, {4.5, -0.6, 7}}, Datasets.readCsv(withHeader));
        Path plain = write("p.csv", "1,2\r\n3,4\r\n");
        assertArrayEquals(new double[][] {{1, 2}, {3, 4}}, Datasets.readCsv(plain));
    }

    @Test
    void readCsvRejectsBadRows() throws IOException {
        Path f = write("w.csv", "x,y,z\n1,2,3\n4,5\n");
        fails(() -> Datasets.readCsv(f), "line 3", "expected 3 fields", "got 2");
        Path t = write("t.csv", "x,y\n1,2\n3,abc\n");
        fails(() -> Datasets.readCsv(t), "line 3", "column 2 (y)", "expected a finite number", "got \"abc\"");
        Path nan = write("n.csv", "1,2\nNaN,3\n");
        fails(() -> Datasets.readCsv(nan), "line 2", "column 1", "expected a finite number", "got \"NaN\"");
        Path inf = write("i.csv", "1,2\n3,Infinity\n");
        fails(() -> Datasets.readCsv(inf), "line 2", "column 2", "got \"Infinity\"");
        Path huge = write("o.csv", "1,2\n3,1e999\n");
        fails(() -> Datasets.readCsv(huge), "line 2", "column 2", "got \"1e999\"");
        Path blank = write("b.csv", "1,,3\n");
        fails(() -> Datasets.readCsv(blank), "line 1", "column 2", "got an empty field");
        Path mixed = write("m.csv", "1,oops\n2,3\n");
        fails(() -> Datasets.readCsv(mixed), "line 1", "column 2", "got \"oops\"");
    }

    @Test
    void emptyFiles() throws IOException {
        Path empty = write("e.csv", "");
        fails(() -> Datasets.readCsv(empty), "expected rows of numbers", "got an empty file");
        fails(() -> Datasets.fromCsv(empty, "label"), "expected a header line", "got an empty file");
        Path headerOnly = write("ho.csv", "a,b\n");
        fails(() -> Datasets.readCsv(headerOnly), "expected at least 1 row", "got 0");
        fails(() -> Datasets.readCsv(dir.resolve("missing.csv")), "expected an existing file", "missing.csv");
    }

    @Test
    void fromCsvReadsALabelledFile() throws IOException {
        Path f = write("cells.csv", "size,kind,weight\n1.5,big,2\n0.5,\"small\",1\n2,big,3\n");
        Dataset d = Datasets.fromCsv(f, "kind");
        assertEquals("cells", d.name());
        assertEquals(List.of("size", "weight"), d.features());
        assertEquals(List.of("big", "small"), d.classes());
        assertArrayEquals(new double[] {0.5, 1}, d.x(1));
        assertArrayEquals(new int[] {0, 1, 0}, d.labels());

        Path numeric = write("num.csv", "a,y\n1,10\n2,2\n3,10\n");
        assertEquals(List.of("2", "10"), Datasets.fromCsv(numeric, "y").classes(), "numeric labels sort by value");
    }

    @Test
    void fromCsvRejectsBadFiles() throws IOException {
        Path f = write("f.csv", "a,b,label\n1,2,x\n");
        fails(() -> Datasets.fromCsv(f, "class"), "expected a label column \"class\"", "got columns [a, b, label]");
        Path noHeader = write("nh.csv", "1,2,3\n4,5,6\n");
        fails(() -> Datasets.fromCsv(noHeader, "3"), "expected a header line with column names", "got numbers");
        Path width = write("wd.csv", "a,label\n1,x\n2\n");
        fails(() -> Datasets.fromCsv(width, "label"), "line 3", "expected 2 fields", "got 1");
        Path text = write("tx.csv", "a,label\n1,x\nfoo,y\n");
        fails(() -> Datasets.fromCsv(text, "label"), "line 3", "column 1 (a)", "got \"foo\"");
        Path noLabel = write("nl.csv", "a,label\n1,\n");
        fails(() -> Datasets.fromCsv(noLabel, "label"), "line 2", "expected a class name", "got an empty field");
    }
}
