package dev.re3.display;

import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw {@link Table} shown in a notebook: an HTML table with a caption giving its name and size, and
 * the text Tablesaw prints. Long tables show their first and last rows.
 */
final class TableView implements Displayable {

    /** Tables up to this many rows are shown whole. */
    static final int MAX_ROWS = 60;

    /** Rows shown from the start of a longer table; {@link #TAIL_ROWS} more come from its end. */
    static final int HEAD_ROWS = 40;

    /** Rows shown from the end of a longer table. */
    static final int TAIL_ROWS = 10;

    private final Table table;

    TableView(Table table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    /**
     * Tablesaw's text of the table with its double columns to four significant digits ({@link Numbers}); a long
     * table as its first and last rows. The table itself is not changed.
     */
    @Override
    public String toText() {
        int rows = table.rowCount();
        Table shown;
        if (rows <= MAX_ROWS) {
            shown = table.copy();
        } else {
            shown = table.first(HEAD_ROWS).append(table.last(TAIL_ROWS));
            shown.setName((table.name() == null ? "table" : table.name()) + ": rows 1 to " + HEAD_ROWS + " and "
                    + (rows - TAIL_ROWS + 1) + " to " + rows + " of " + rows);
        }
        String text = Numbers.readable(shown).printAll();
        return text.isEmpty() ? caption() : text;
    }

    @Override
    public String toHtml() {
        StringBuilder html = new StringBuilder(256 + 64 * table.rowCount() * Math.max(1, table.columnCount()));
        html.append("<table class=\"re3-table\" style=\"border-collapse:collapse;font-size:13px\">");
        html.append("<caption style=\"text-align:left;font-weight:bold;padding:2px 0\">")
                .append(HtmlText.escape(caption())).append("</caption><thead><tr>");
        for (Column<?> c : table.columns()) {
            html.append("<th style=\"text-align:right;padding:2px 8px;border-bottom:1px solid #999\">")
                    .append(HtmlText.escape(c.name())).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        int rows = table.rowCount();
        if (rows <= MAX_ROWS) {
            appendRows(html, 0, rows);
        } else {
            appendRows(html, 0, HEAD_ROWS);
            html.append("<tr><td colspan=\"").append(Math.max(1, table.columnCount()))
                    .append("\" style=\"text-align:center;color:#666;padding:2px 8px\">")
                    .append(rows - HEAD_ROWS - TAIL_ROWS).append(" more rows</td></tr>");
            appendRows(html, rows - TAIL_ROWS, rows);
        }
        return html.append("</tbody></table>").toString();
    }

    @Override
    public String toHtmlPage() {
        return HtmlFiles.page(caption(), toHtml());
    }

    private void appendRows(StringBuilder html, int from, int to) {
        for (int r = from; r < to; r++) {
            html.append("<tr>");
            for (Column<?> c : table.columns()) {
                String cell = c instanceof DoubleColumn d ? (d.isMissing(r) ? "" : Numbers.format(d.getDouble(r)))
                        : c.getString(r);
                html.append("<td style=\"text-align:right;padding:2px 8px;font-family:monospace\">")
                        .append(HtmlText.escape(cell)).append("</td>");
            }
            html.append("</tr>");
        }
    }

    private String caption() {
        String name = table.name() == null || table.name().isBlank() ? "table" : table.name();
        return name + " (" + table.rowCount() + (table.rowCount() == 1 ? " row, " : " rows, ")
                + table.columnCount() + (table.columnCount() == 1 ? " column)" : " columns)");
    }

}
