package dev.re3.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class NotebookTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setProperty(HtmlFiles.DIR_PROPERTY, dir.toString());
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
        System.clearProperty(HtmlFiles.DIR_PROPERTY);
    }

    @Test
    void outsideANotebookTheKernelIsNone() {
        assertEquals(Kernel.NONE, Notebook.kernel());
        assertEquals(Kernel.NONE, Displayable.KERNEL);
        assertFalse(Notebook.kernel().isNotebook());
    }

    @Test
    void outsideANotebookDisplayPrintsTheTextAndWritesAPage() throws IOException {
        new Sample("iris").display();

        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("sample iris"), printed);
        Path page = writtenPage(printed);
        String html = Files.readString(page);
        assertTrue(page.startsWith(dir), page + " is not in " + dir);
        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        assertTrue(html.contains("<p class=\"sample\">sample <b>iris</b></p>"), html);
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void outsideANotebookATableIsWrittenAsAnHtmlTable() throws IOException {
        Table t = Table.create("scores", StringColumn.create("feature", "petal <width>"),
                DoubleColumn.create("weight", 0.25));
        Notebook.display(t);

        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("petal <width>"), printed);
        String html = Files.readString(writtenPage(printed));
        assertTrue(html.contains("<title>scores (1 row, 2 columns)</title>"), html);
        assertTrue(html.contains("petal &lt;width&gt;"), html);
    }

    @Test
    void outsideANotebookOtherValuesArePrinted() {
        Notebook.display(List.of(1, 2));
        Notebook.display(null);
        assertEquals("[1, 2]\nnull\n", out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }

    @Test
    void aFolderThatCannotBeWrittenIsReportedNotThrown() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        System.setProperty(HtmlFiles.DIR_PROPERTY, file.resolve("below").toString());

        new Sample("blocked").display();

        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("sample blocked"));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("could not be written to " + file.resolve("below")), message);
    }

    @Test
    void inANotebookResultsAndTablesGoToTheKernelWithTextAndHtml() {
        RecordingBridge kernel = new RecordingBridge();
        KernelBridge previous = Notebook.replaceBridge(kernel);
        try {
            Notebook.display(new Sample("a"));
            Notebook.display(Table.create("t", DoubleColumn.create("x", 1.5)));
            Notebook.display("plain");
        } finally {
            Notebook.replaceBridge(previous);
        }

        assertEquals(3, kernel.calls.size());
        RecordingBridge.Call first = kernel.calls.get(0);
        assertEquals("display", first.kind());
        assertEquals(new Rendering("sample a", new Sample("a").toHtml()), first.rendering());
        assertNull(first.displayId());
        assertTrue(kernel.calls.get(1).rendering().html().contains("<table class=\"re3-table\""));
        assertEquals("value", kernel.calls.get(2).kind());
        assertEquals("plain", kernel.calls.get(2).value());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void renderingsCoverResultsAndTablesOnly() {
        assertNotNull(Rendering.of(new Sample("x")));
        assertNotNull(Rendering.of(Table.create("empty")));
        assertNull(Rendering.of("text"));
        assertNull(Rendering.of(null));
    }

    private static Path writtenPage(String printed) {
        Matcher m = Pattern.compile("HTML written to (.+\\.html)\\)").matcher(printed);
        assertTrue(m.find(), "no path in: " + printed);
        Path page = Path.of(m.group(1));
        assertTrue(Files.isRegularFile(page), page + " was not written");
        return page;
    }
}
