package dev.re3.plot;

import dev.re3.display.Displayable;
import dev.re3.display.HtmlTables;
import dev.re3.display.HtmlText;
import tech.tablesaw.api.Table;

/**
 * A result that shows itself from what it already offers: its summary ({@link Object#toString()}), its table
 * ({@link #toTable()}, the first 20 rows in a notebook) and its figure ({@link #plot()}). In a notebook cell, a
 * result that is the cell's last value is drawn this way.
 */
public interface Presentable extends Displayable {
    /** The result as a table. */
    Table toTable();

    /** The result as a figure. */
    Figure plot();

    @Override
    default String toText() {
        return toString() + "\n";
    }

    @Override
    default String toHtml() {
        return "<div class=\"re3-result\">\n<p style=\"font-family:sans-serif;font-size:13px;margin:4px 0;"
                + "white-space:pre-wrap;\">" + HtmlText.escape(toString()) + "</p>\n" + HtmlTables.of(toTable(), 20)
                + plot().toHtml() + "</div>\n";
    }
}
