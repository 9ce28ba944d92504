package dev.re3.display;

/**
 * Text made safe for HTML element content and quoted attribute values: the one escape of the library, used by
 * every HTML writer (results' {@code toHtml()}, figures, tables, the report). Numbers in HTML are
 * {@link Numbers#format} (four significant digits); tables of results are {@link HtmlTables}.
 *
 * <pre>{@code
 * HtmlText.escape("a < b & \"c\"");   // "a &lt; b &amp; &quot;c&quot;"
 * }</pre>
 */
public final class HtmlText {
    private HtmlText() {}

    /** {@code String.valueOf(text)} with {@code & < > " '} replaced by entities; {@code ""} for null. */
    public static String escape(Object text) {
        if (text == null) {
            return "";
        }
        String s = String.valueOf(text);
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
