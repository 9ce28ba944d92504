package dev.re3.polytope;

import dev.re3.display.HtmlText;
import tech.tablesaw.api.Table;

/** Small HTML fragments for {@link dev.re3.display.Displayable#toHtml()}: headings and tables, escaped. */
final class Html {
    private Html() {}

    /** The first {@code maxRows} rows of a table, with a note of how many were left out. */
    static String table(Table t, int maxRows) {
        StringBuilder s = new StringBuilder("<table style=\"border-collapse:collapse;font-size:12px\">");
        if (t.name() != null && !t.name().isEmpty()) {
            s.append("<caption style=\"text-align:left;font-weight:bold\">").append(HtmlText.escape(t.name())).append("</caption>");
        }
        s.append("<tr>");
        for (String c : t.columnNames()) {
            s.append("<th style=\"border-bottom:1px solid #999;padding:2px 6px\">").append(HtmlText.escape(c)).append("</th>");
        }
        s.append("</tr>");
        int rows = Math.min(maxRows, t.rowCount());
        for (int r = 0; r < rows; r++) {
            s.append("<tr>");
            for (int c = 0; c < t.columnCount(); c++) {
                s.append("<td style=\"padding:2px 6px\">").append(HtmlText.escape(t.getString(r, c))).append("</td>");
            }
            s.append("</tr>");
        }
        s.append("</table>");
        if (t.rowCount() > rows) {
            s.append("<div style=\"font-size:11px;color:#666\">").append(t.rowCount() - rows).append(" more rows</div>");
        }
        return s.toString();
    }

    /** A paragraph of text, escaped, line breaks kept. */
    static String paragraph(String text) {
        return "<p style=\"font-family:monospace;white-space:pre-wrap\">" + HtmlText.escape(text) + "</p>";
    }
}
