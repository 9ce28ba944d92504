package dev.re3.plot;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The common look: white background, thin dark axis lines, light grid, left-aligned title, sans-serif type. */
final class Layouts {
    static final String FONT = "Helvetica Neue, Helvetica, Arial, sans-serif";

    private Layouts() {}

    /** A layout with this title (already escaped, may hold a subtitle line) and height in pixels. */
    static ObjectNode base(String titleHtml, int height) {
        ObjectNode l = Json.object();
        ObjectNode title = Json.title(titleHtml);
        title.put("x", 0.01);
        title.put("xanchor", "left");
        title.putObject("font").put("size", 16);
        l.set("title", title);
        l.put("height", height);
        l.put("autosize", true);
        ObjectNode font = l.putObject("font");
        font.put("family", FONT);
        font.put("size", 12);
        font.put("color", "#222222");
        l.put("paper_bgcolor", "#ffffff");
        l.put("plot_bgcolor", "#ffffff");
        ObjectNode margin = l.putObject("margin");
        margin.put("l", 60);
        margin.put("r", 30);
        margin.put("t", titleHtml.contains("<br>") ? 80 : 60);
        margin.put("b", 60);
        return l;
    }

    /** A value axis with a title, outside ticks and a light grid. */
    static ObjectNode axis(String titleHtml) {
        ObjectNode a = Json.object();
        if (titleHtml != null) {
            a.set("title", Json.title(titleHtml));
        }
        a.put("showline", true);
        a.put("linecolor", "#444444");
        a.put("ticks", "outside");
        a.put("tickcolor", "#444444");
        a.put("gridcolor", "#ebebeb");
        a.put("zeroline", false);
        a.put("automargin", true);
        return a;
    }

    /** A category axis: the categories in this order, no grid. */
    static ObjectNode categoryAxis(String titleHtml, java.util.List<String> categories) {
        ObjectNode a = axis(titleHtml);
        a.put("type", "category");
        a.put("categoryorder", "array");
        a.set("categoryarray", Json.strings(categories));
        a.put("showgrid", false);
        return a;
    }

    /** An image axis: no ticks or grid, pixels kept square ({@code scaleanchor}) when given a partner. */
    static ObjectNode imageAxis(double[] domain, String anchor, String scaleAnchor, boolean reversed) {
        ObjectNode a = Json.object();
        a.set("domain", Json.numbers(domain));
        a.put("anchor", anchor);
        a.put("showgrid", false);
        a.put("zeroline", false);
        a.put("showticklabels", false);
        a.put("ticks", "");
        a.put("showline", true);
        a.put("linecolor", "#999999");
        a.put("mirror", true);
        a.put("constrain", "domain");
        if (scaleAnchor != null) {
            a.put("scaleanchor", scaleAnchor);
            a.put("scaleratio", 1);
        }
        if (reversed) {
            a.put("autorange", "reversed");
        }
        return a;
    }

    /** A horizontal legend above the plot, on the right. */
    static ObjectNode topLegend() {
        ObjectNode legend = Json.object();
        legend.put("orientation", "h");
        legend.put("x", 1);
        legend.put("xanchor", "right");
        legend.put("y", 1.0);
        legend.put("yanchor", "bottom");
        return legend;
    }

    /** A text label placed in paper coordinates. */
    static ObjectNode label(String textHtml, double x, double y, String xanchor, String yanchor, int size) {
        ObjectNode a = Json.object();
        a.put("text", textHtml);
        a.put("x", x);
        a.put("y", y);
        a.put("xref", "paper");
        a.put("yref", "paper");
        a.put("xanchor", xanchor);
        a.put("yanchor", yanchor);
        a.put("showarrow", false);
        a.putObject("font").put("size", size);
        return a;
    }
}
