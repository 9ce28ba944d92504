package dev.re3.report;

import dev.re3.display.HtmlText;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Number formatting and tables for the report, in its stylesheet's classes; every text that reaches the page passes
 * {@link HtmlText#escape}.
 */
final class Html {
    private Html() {}

    /** A number with four significant digits, e.g. {@code 0.1235}, {@code 12.35}, {@code 1.235e-05}. */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** An axis tick: at most four significant digits, no trailing zeros, e.g. {@code 0.5}, {@code -1.5}, {@code 2}. */
    static String tick(double v) {
        if (v == 0) {
            return "0";
        }
        if (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e7) {
            return num(v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** A number with an explicit sign. */
    static String signed(double v) {
        return v > 0 ? "+" + num(v) : num(v);
    }

    /** A small number such as a reconstruction error, in scientific notation. */
    static String sci(double v) {
        return String.format(Locale.ROOT, "%.2e", v);
    }

    /** A share in {@code [0, 1]} as a percentage. */
    static String percent(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    /**
     * A table as HTML: the table's name as caption, numbers right-aligned with four significant digits.
     *
     * @param maxRows rows shown; a final note tells how many were left out
     */
    static void table(StringBuilder out, Table table, int maxRows) {
        out.append("<table>\n<caption>").append(HtmlText.escape(table.name())).append("</caption>\n<thead><tr>");
        List<Column<?>> columns = table.columns();
        for (Column<?> c : columns) {
            out.append("<th>").append(HtmlText.escape(c.name())).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        int rows = Math.min(maxRows, table.rowCount());
        for (int r = 0; r < rows; r++) {
            out.append("<tr>");
            for (Column<?> c : columns) {
                Object v = c.get(r);
                if (v instanceof Double d) {
                    out.append("<td class=\"n\">").append(HtmlText.escape(num(d))).append("</td>");
                } else if (v instanceof Number n) {
                    out.append("<td class=\"n\">").append(HtmlText.escape(n)).append("</td>");
                } else {
                    out.append("<td>").append(HtmlText.escape(v)).append("</td>");
                }
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n");
        if (table.rowCount() > rows) {
            out.append("<p class=\"note\">").append(rows).append(" of ").append(table.rowCount())
                    .append(" rows shown.</p>\n");
        }
    }

    /** A two-column table of names and values. */
    static void keyValues(StringBuilder out, String caption, List<String[]> rows) {
        out.append("<table>\n<caption>").append(HtmlText.escape(caption)).append("</caption>\n<tbody>\n");
        for (String[] row : rows) {
            out.append("<tr><th scope=\"row\">").append(HtmlText.escape(row[0])).append("</th><td>").append(HtmlText.escape(row[1]))
                    .append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }
}
