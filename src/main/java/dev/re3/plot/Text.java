package dev.re3.plot;

import java.util.Locale;

/** Text that reaches a figure: escaping for plotly's pseudo-HTML, and number formats for labels. */
final class Text {
    private Text() {}

    /** {@code & < > " '} as entities: plotly reads {@code <b>}, {@code <br>} and the like as markup. */
    static String escape(String s) {
        return dev.re3.display.HtmlText.escape(s);
    }

    /** Four significant digits: {@code 0.1235}, {@code 12.35}, {@code 1.235e-05}; {@code 0} as is. */
    static String num(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e5) {
            String s = new java.math.BigDecimal(v).round(new java.math.MathContext(4)).toPlainString();
            return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }

    /** {@link #num} with an explicit sign, and a true minus sign for negative values. */
    static String signed(double v) {
        String s = num(Math.abs(v));
        return v > 0 ? "+" + s : v < 0 ? "\u2212" + s : "0";
    }

    /** A share as a percentage with one decimal, e.g. {@code 37.5%}. */
    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    /** A title with an optional second line in smaller type. */
    static String title(String title, String subtitle) {
        String t = escape(title == null ? "" : title);
        return subtitle == null || subtitle.isEmpty() ? t
                : t + "<br><span style=\"font-size:12px;color:#555\">" + escape(subtitle) + "</span>";
    }
}
