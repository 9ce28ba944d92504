package dev.re3.cli;

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

/** The CSV reader of {@code explain}: optional header, quoted fields, row numbers in errors. */
class InputCsvTest {
    static final List<String> AB = List.of("a", "b");

    @TempDir
    Path dir;

    @Test
    void headerIsOptional() throws IOException {
        Path header = Files.writeString(dir.resolve("h.csv"), "\uFEFFfirst,\"b, second\"\n1,2\n\n3e-1,-4\n");
        double[][] withHeader = InputCsv.read(header, AB);
        double[][] without = InputCsv.read(Files.writeString(dir.resolve("n.csv"), "1,2\n0.3,-4\n"), AB);
        assertArrayEquals(new double[][] {{1, 2}, {0.3, -4}}, withHeader);
        assertArrayEquals(withHeader, without);
    }

    @Test
    void errorsNameRowAndLine() throws IOException {
        Path wide = Files.writeString(dir.resolve("w.csv"), "a,b\n1,2\n1,2,3\n");
        CliException e = assertThrows(CliException.class, () -> InputCsv.read(wide, AB));
        assertEquals(wide + ", row 2 (line 3): expected 2 values (one per model input: a, b), got 3", e.getMessage());
        Path header = Files.writeString(dir.resolve("hd.csv"), "a,b,c\n1,2\n");
        e = assertThrows(CliException.class, () -> InputCsv.read(header, AB));
        // a header naming every input and one more column is matched by name: its rows need 3 values
        assertTrue(e.getMessage().contains("row 1 (line 2): expected 3 values (one per header column), got 2"),
                e.getMessage());
        Path empty = Files.writeString(dir.resolve("e.csv"), "a,b\n\n");
        e = assertThrows(CliException.class, () -> InputCsv.read(empty, AB));
        assertTrue(e.getMessage().endsWith("expected at least one row of 2 values (one per model input: a, b), got none"),
                e.getMessage());
        Path huge = Files.writeString(dir.resolve("x.csv"), "1,1e999\n");
        e = assertThrows(CliException.class, () -> InputCsv.read(huge, AB));
        assertTrue(e.getMessage().contains("row 1 (line 1), column 2 (b): expected a finite number"), e.getMessage());
    }

    @Test
    void quoting() {
        assertEquals(List.of("a", "b,c", "d\"e", ""), InputCsv.split("a,\"b,c\",\"d\"\"e\","));
        assertEquals("plain", InputCsv.quote("plain"));
        assertEquals("\"x,y\"", InputCsv.quote("x,y"));
        assertEquals("\"say \"\"hi\"\"\"", InputCsv.quote("say \"hi\""));
    }
}
