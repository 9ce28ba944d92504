package dev.re3.display;

import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Tablesaw tables as small, escaped HTML tables with inline styles: numbers to four significant digits
 * and right-aligned, the table's name as caption, and a note when rows were left out.
 */
public final class HtmlTables {
    private static final String CELL = "padding:2px 8px;border-bottom:1px solid #e5e5e5;";

    private HtmlTables() {}

    /**
     * The first {@code maxRows} rows of the table as HTML.
     *
     * @throws IllegalArgumentException if the table is null or {@code maxRows < 1}
     */
    public static String of(Table table, int maxRows) {
        if (table == null) {
            throw new IllegalArgumentException("table: expected a Tablesaw table, got null");
        }
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows: expected at least 1, got " + maxRows);
        }
        StringBuilder s = new StringBuilder();
        s.append("<table class=\"re3-table\" style=\"border-collapse:collapse;font-size:12px;"
                + "font-family:Helvetica Neue,Helvetica,Arial,sans-serif;margin:4px 0;\">\n");
        if (table.name() != null && !table.name().isEmpty()) {
            s.append("<caption style=\"text-align:left;font-weight:bold;padding:2px 0;\">")
                    .append(HtmlText.escape(table.name())).append("</caption>\n");
        }
        s.append("<thead><tr>");
        for (Column<?> c : table.columns()) {
            s.append("<th style=\"").append(CELL).append("text-align:").append(numeric(c) ? "right" : "left")
                    .append(";border-bottom:1px solid #444;\">").append(HtmlText.escape(c.name())).append("</th>");
        }
        s.append("</tr></thead>\n<tbody>\n");
        int rows = Math.min(maxRows, table.rowCount());
        for (int r = 0; r < rows; r++) {
            s.append("<tr>");
            for (Column<?> c : table.columns()) {
                s.append("<td style=\"").append(CELL).append("text-align:").append(numeric(c) ? "right" : "left")
                        .append(numeric(c) ? ";font-variant-numeric:tabular-nums;" : ";").append("\">")
                        .append(HtmlText.escape(cell(c, r))).append("</td>");
            }
            s.append("</tr>\n");
        }
        s.append("</tbody>\n</table>\n");
        if (table.rowCount() > rows) {
            s.append("<div style=\"font-size:11px;color:#666;\">").append(rows).append(" of ").append(table.rowCount())
                    .append(" rows shown</div>\n");
        }
        return s.toString();
    }

    /**
     * A small table of text cells with a caption: every cell escaped, the first column left-aligned and the rest
     * right-aligned, as the rows of a result's summary.
     */
    public static String of(String caption, List<String> header, List<List<String>> rows) {
        StringBuilder s = new StringBuilder("<table style=\"border-collapse:collapse;font-size:12px;margin:4px 0;\">\n");
        s.append("<caption style=\"text-align:left;font-weight:bold;\">").append(HtmlText.escape(caption))
                .append("</caption>\n<tr>");
        for (int k = 0; k < header.size(); k++) {
            s.append("<th style=\"").append(CELL).append("border-bottom:1px solid #444;text-align:")
                    .append(k == 0 ? "left" : "right").append(";\">").append(HtmlText.escape(header.get(k))).append("</th>");
        }
        s.append("</tr>\n");
        for (List<String> row : rows) {
            s.append("<tr>");
            for (int k = 0; k < row.size(); k++) {
                s.append("<td style=\"").append(CELL).append("text-align:").append(k == 0 ? "left" : "right").append(";\">")
                        .append(HtmlText.escape(row.get(k))).append("</td>");
            }
            s.append("</tr>\n");
        }
        return s.append("</table>\n").toString();
    }

    /** A paragraph of text, escaped, in a monospace font with its line breaks kept. */
    public static String paragraph(String text) {
        return "<p style=\"font-family:monospace;white-space:pre-wrap\">" + HtmlText.escape(text) + "</p>";
    }

    private static boolean numeric(Column<?> c) {
        return c.type().name().matches("DOUBLE|FLOAT|INTEGER|LONG|SHORT");
    }

    private static String cell(Column<?> c, int r) {
        if (c.isMissing(r)) {
            return "";
        }
        Object v = c.get(r);
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                return "n/a";
            }
            if (d == 0 || (Math.abs(d) >= 1e-3 && Math.abs(d) < 1e6)) {
                return Numbers.format(d);
            }
            return String.format(Locale.ROOT, "%.3e", d);
        }
        return String.valueOf(v);
    }
}
