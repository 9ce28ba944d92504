package dev.re3.display;

import java.util.Objects;
import tech.tablesaw.api.Table;

/**
 * One value rendered for a notebook: the {@code text/plain} and {@code text/html} entries of a display
 * message. Both are always sent: a front end or an export that cannot show HTML falls back to the text.
 *
 * @param text plain text, never null
 * @param html a self-contained HTML fragment, never null
 */
record Rendering(String text, String html) {

    Rendering {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
    }

    /**
     * Renders a value the library knows how to show: a {@link Displayable} or a Tablesaw {@link Table}.
     *
     * @return the rendering, or null for any other value (and for null)
     */
    static Rendering of(Object value) {
        if (value instanceof Displayable d) {
            return new Rendering(d.toText(), d.toHtml());
        }
        if (value instanceof Table t) {
            TableView view = new TableView(t);
            return new Rendering(view.toText(), view.toHtml());
        }
        return null;
    }
}
