package dev.re3.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableViewTest {

    @Test
    void aSmallTableIsShownWholeWithItsCaption() {
        Table t = Table.create("regions", StringColumn.create("id", "r1", "r2"), IntColumn.create("inputs", 3, 4));
        String html = new TableView(t).toHtml();

        assertTrue(html.contains("<caption") && html.contains("regions (2 rows, 2 columns)"), html);
        assertTrue(html.contains(">id</th>") && html.contains(">inputs</th>"), html);
        assertTrue(html.contains(">r2</td>") && html.contains(">4</td>"), html);
        assertEquals(t.printAll(), new TableView(t).toText());
    }

    @Test
    void aLongTableShowsItsFirstAndLastRows() {
        int n = TableView.MAX_ROWS + 25;
        Table t = Table.create("long", IntColumn.create("i", IntStream.range(0, n).toArray()));
        String html = new TableView(t).toHtml();

        assertTrue(html.contains(">0</td>"), html);
        assertTrue(html.contains(">" + (TableView.HEAD_ROWS - 1) + "</td>"), html);
        assertFalse(html.contains(">" + TableView.HEAD_ROWS + "</td>"), html);
        assertTrue(html.contains((n - TableView.HEAD_ROWS - TableView.TAIL_ROWS) + " more rows"), html);
        assertTrue(html.contains(">" + (n - 1) + "</td>"), html);
    }

    @Test
    void textAndNamesAreEscaped() {
        Table t = Table.create("a<b", StringColumn.create("x&y", "<script>'\"</script>"));
        String html = new TableView(t).toHtml();

        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;script&gt;&#39;&quot;&lt;/script&gt;"), html);
        assertTrue(html.contains("a&lt;b (1 row, 1 column)"), html);
        assertTrue(html.contains(">x&amp;y</th>"), html);
    }

    @Test
    void anEmptyTableStillSaysWhatItIs() {
        TableView view = new TableView(Table.create("nothing"));
        assertTrue(view.toHtml().contains("nothing (0 rows, 0 columns)"));
        assertFalse(view.toText().isEmpty());
    }
}
