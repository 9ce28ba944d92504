package dev.re3.display;

/**
 * A result that shows itself: as plain text everywhere, and as a self-contained HTML fragment in
 * notebooks and reports.
 *
 * <p>Every result type of the library implements it, so that one renderer registered with a Java
 * notebook kernel for this interface covers them all (see {@link Notebook}).
 */
public interface Displayable {

    /**
     * The notebook kernel this JVM runs in ({@link Kernel#NONE} outside a notebook). Finding it registers
     * the renderer for this interface with that kernel; as this interface declares a default method, the
     * Java runtime does so as soon as any result type is first used, before its value can be shown.
     */
    Kernel KERNEL = Notebook.install();

    /** The result as plain text (what a terminal shows); never empty. */
    String toText();

    /**
     * The result as an HTML fragment that needs nothing from outside the page: inline styles, and any
     * script it runs embedded or already loaded by an earlier fragment of the same page.
     */
    String toHtml();

    /**
     * The result as a complete HTML page that stands alone (what is written to a file outside a notebook).
     * The default wraps {@link #toHtml()}; results whose fragment relies on an earlier output of the same
     * page (a script loaded once) override it.
     */
    default String toHtmlPage() {
        return HtmlFiles.page(getClass().getSimpleName(), toHtml());
    }

    /**
     * Shows this result as a new output of the running notebook cell, or outside a notebook prints its
     * text and writes its HTML to a page (see {@link Notebook#display(Object)}).
     */
    default void display() {
        Notebook.display(this);
    }
}
