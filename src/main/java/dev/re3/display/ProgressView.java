package dev.re3.display;

import java.io.PrintStream;
import java.util.Locale;
import java.util.UUID;

/** Where a {@link Progress} draws: a notebook output updated in place, or a terminal line. */
interface ProgressView {

    /**
     * Draws the current state.
     *
     * @param state the state as text and HTML
     * @param first whether this is the first drawing of the bar
     */
    void draw(Rendering state, boolean first);

    /** Ends the bar after its final drawing. */
    void finish();

    /**
     * The view for this JVM: none when the property {@value Progress#PROPERTY} is {@code false}, a notebook
     * output in a notebook, a terminal line on a console (or when the property is {@code true}), else none.
     *
     * @return the view, or null for none
     */
    static ProgressView choose() {
        String setting = System.getProperty(Progress.PROPERTY, "").strip().toLowerCase(Locale.ROOT);
        if (setting.equals("false") || setting.equals("off") || setting.equals("0") || setting.equals("no")) {
            return null;
        }
        if (Notebook.kernel().isNotebook()) {
            return new InNotebook();
        }
        boolean forced = setting.equals("true") || setting.equals("on") || setting.equals("1")
                || setting.equals("yes");
        if (System.console() != null || forced) {
            return new OnTerminal(System.err);
        }
        return null;
    }

    /** One notebook output, shown with a display id and replaced by Jupyter's {@code update_display_data}. */
    final class InNotebook implements ProgressView {
        private final String displayId = "re3-progress-" + UUID.randomUUID();
        private boolean visible = true;

        @Override
        public void draw(Rendering state, boolean first) {
            if (!visible) {
                return;
            }
            if (first) {
                visible = Notebook.show(state, displayId);
            } else {
                Notebook.update(state, displayId);
            }
        }

        @Override
        public void finish() {
            // the last drawing stays as the cell's output
        }
    }

    /** One line on a terminal, redrawn in place with a carriage return and ended with a line break. */
    final class OnTerminal implements ProgressView {
        private final PrintStream out;
        private int width;

        OnTerminal(PrintStream out) {
            this.out = out;
        }

        @Override
        public void draw(Rendering state, boolean first) {
            String line = state.text();
            out.print('\r' + line + " ".repeat(Math.max(0, width - line.length())));
            out.flush();
            width = Math.max(width, line.length());
        }

        @Override
        public void finish() {
            out.println();
            out.flush();
        }
    }
}
