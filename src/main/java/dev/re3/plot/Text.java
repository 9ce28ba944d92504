package dev.re3.plot;

import dev.re3.display.HtmlText;
import dev.re3.display.Numbers;
import java.util.Locale;

/**
 * Labels of a figure: signed values, shares and titles. Plotly reads {@code <b>}, {@code <br>} and the like as
 * markup, so every text passes {@link HtmlText#escape}; numbers are {@link Numbers#format}.
 */
final class Text {
    private Text() {}

    /** {@link Numbers#format} with an explicit sign, and a true minus sign for negative values. */
    static String signed(double v) {
        String s = Numbers.format(Math.abs(v));
        return v > 0 ? "+" + s : v < 0 ? "\u2212" + s : "0";
    }

    /** A share as a percentage with one decimal, e.g. {@code 37.5%}. */
    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    /** A title with an optional second line in smaller type. */
    static String title(String title, String subtitle) {
        String t = HtmlText.escape(title == null ? "" : title);
        return subtitle == null || subtitle.isEmpty() ? t
                : t + "<br><span style=\"font-size:12px;color:#555\">" + HtmlText.escape(subtitle) + "</span>";
    }
}
