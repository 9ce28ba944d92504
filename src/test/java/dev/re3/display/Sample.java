package dev.re3.display;

/** A small result for the display tests. */
record Sample(String name) implements Displayable {

    @Override
    public String toText() {
        return "sample " + name;
    }

    @Override
    public String toHtml() {
        return "<p class=\"sample\">sample <b>" + name + "</b></p>";
    }
}
