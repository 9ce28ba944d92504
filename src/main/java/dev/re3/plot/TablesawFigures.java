package dev.re3.plot;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.components.TickSettings;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.HeatmapTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Our figures as Tablesaw's plot.ly model ({@code tech.tablesaw.plotly.components.Figure}), so that they combine
 * with Tablesaw plots: {@link Figure#toTablesaw()}.
 *
 * <p>What converts: bar, heatmap and scatter traces on one pair of axes, with their values ({@code x},
 * {@code y}, {@code z}), names, orientation, marker colours (one colour, one per point, or numbers on a named
 * colour scale), scatter modes, lines and filled polygons; the title (its second line joined after a
 * {@code " · "}), size, bar mode, and each axis's title, range, direction and tick labels.
 *
 * <p>What Tablesaw's model cannot hold, so that ours look different there: hover templates (Tablesaw shows
 * plotly's default hover), our own colour scales on heatmaps (diverging and centred on zero; Tablesaw's
 * heatmap takes none, so plotly's default scale is used), an explicit category order (categories follow the
 * traces' order) and our fonts and margins. Figures whose meaning those would change are refused with an
 * {@link IllegalArgumentException} naming what could not be converted: waterfall, contour and other trace
 * types, several panels (traces on a second axis), and layout shapes or annotations (boundary lines, panel
 * labels).
 *
 * <p>This class only builds Tablesaw's objects: it writes no file and displays nothing.
 */
public final class TablesawFigures {
    private TablesawFigures() {}

    private static final Set<String> TYPES = Set.of("bar", "heatmap", "scatter");

    /**
     * The figure as a Tablesaw figure.
     *
     * @throws IllegalArgumentException if the figure holds a trace type, a second panel, shapes or annotations
     *     that Tablesaw's model cannot draw; the message names it
     */
    public static tech.tablesaw.plotly.components.Figure of(Figure figure) {
        if (figure == null) {
            throw new IllegalArgumentException("figure: expected a figure to convert to Tablesaw, got null");
        }
        JsonNode root = Json.read(figure.toJson());
        JsonNode data = root.path("data");
        JsonNode layout = root.path("layout");
        String what = "Tablesaw figure of \"" + figure.title() + "\"";
        List<Trace> traces = new ArrayList<>();
        int k = 0;
        for (JsonNode t : data) {
            k++;
            String type = t.path("type").asText("scatter");
            String name = unescape(t.path("name").asText(""));
            String which = "trace " + k + (name.isEmpty() ? "" : " \"" + name + "\"");
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException(what + ": cannot convert " + which + " of type \"" + type
                        + "\": Tablesaw's plot.ly model draws bar, heatmap and scatter traces only; show or save the"
                        + " figure itself instead");
            }
            for (String axis : new String[] {"xaxis", "yaxis"}) {
                String a = t.path(axis).asText(axis.substring(0, 1));
                if (!a.equals(axis.substring(0, 1))) {
                    throw new IllegalArgumentException(what + ": cannot convert " + which + " drawn on the second panel"
                            + " (" + axis + " \"" + a + "\"): Tablesaw's Layout has one x axis, so figures of several"
                            + " panels do not convert; show or save the figure itself instead");
                }
            }
            traces.add(switch (type) {
                case "bar" -> bar(t, name);
                case "heatmap" -> heatmap(t, name);
                default -> scatter(t, name);
            });
        }
        for (String key : new String[] {"shapes", "annotations"}) {
            if (layout.path(key).isArray() && layout.get(key).size() > 0) {
                throw new IllegalArgumentException(what + ": cannot convert the " + layout.get(key).size() + " layout "
                        + key + " (" + (key.equals("shapes") ? "lines drawn across the plot" : "text labels on the panels")
                        + "): Tablesaw's Layout holds no " + key + "; show or save the figure itself instead");
            }
        }
        return new tech.tablesaw.plotly.components.Figure(layout(figure, layout), traces.toArray(new Trace[0]));
    }

    private static Trace bar(JsonNode t, String name) {
        boolean horizontal = t.path("orientation").asText("v").equals("h");
        JsonNode categories = horizontal ? t.path("y") : t.path("x");
        JsonNode values = horizontal ? t.path("x") : t.path("y");
        BarTrace.BarBuilder b = BarTrace.builder(labels(categories), numbers(values))
                .orientation(horizontal ? BarTrace.Orientation.HORIZONTAL : BarTrace.Orientation.VERTICAL)
                .name(name);
        if (t.has("showlegend")) {
            b.showLegend(t.get("showlegend").asBoolean());
        }
        Marker m = marker(t.path("marker"));
        if (m != null) {
            b.marker(m);
        }
        return b.build();
    }

    private static Trace heatmap(JsonNode t, String name) {
        JsonNode z = t.path("z");
        double[][] cells = new double[z.size()][];
        int width = 0;
        for (int r = 0; r < cells.length; r++) {
            cells[r] = numbers(z.get(r));
            width = Math.max(width, cells[r].length);
        }
        Object[] x = t.has("x") ? labels(t.get("x")) : indices(width);
        Object[] y = t.has("y") ? labels(t.get("y")) : indices(cells.length);
        HeatmapTrace.HeatmapBuilder b = HeatmapTrace.builder(x, y, cells);
        b.name(name);
        return b.build();
    }

    private static Trace scatter(JsonNode t, String name) {
        ScatterTrace.ScatterBuilder b = ScatterTrace.builder(numbers(t.path("x")), numbers(t.path("y"))).name(name);
        String mode = t.path("mode").asText("lines+markers");
        b.mode(switch (mode) {
            case "markers" -> ScatterTrace.Mode.MARKERS;
            case "lines" -> ScatterTrace.Mode.LINE;
            case "text" -> ScatterTrace.Mode.TEXT;
            case "markers+text", "text+markers" -> ScatterTrace.Mode.TEXT_AND_MARKERS;
            case "lines+text", "text+lines" -> ScatterTrace.Mode.LINE_AND_TEXT;
            case "lines+markers+text" -> ScatterTrace.Mode.LINE_TEXT_AND_MARKERS;
            case "none" -> ScatterTrace.Mode.NONE;
            default -> ScatterTrace.Mode.LINE_AND_MARKERS;
        });
        if (t.path("text").isArray()) {
            String[] text = new String[t.get("text").size()];
            for (int i = 0; i < text.length; i++) {
                text[i] = unescape(t.get("text").get(i).asText());
            }
            b.text(text);
        }
        if (t.has("showlegend")) {
            b.showLegend(t.get("showlegend").asBoolean());
        }
        if (t.has("fill")) {
            String fill = t.get("fill").asText();
            for (ScatterTrace.Fill f : ScatterTrace.Fill.values()) {
                if (f.toString().equals(fill)) {
                    b.fill(f);
                }
            }
        }
        if (t.has("fillcolor")) {
            b.fillColor(t.get("fillcolor").asText());
        }
        JsonNode line = t.path("line");
        if (line.isObject()) {
            Line.LineBuilder l = Line.builder();
            if (line.path("color").isTextual()) {
                l.color(line.get("color").asText());
            }
            if (line.path("width").isNumber()) {
                l.width(line.get("width").asDouble());
            }
            b.line(l.build());
        }
        Marker m = marker(t.path("marker"));
        if (m != null) {
            b.marker(m);
        }
        return b.build();
    }

    /** The marker's colour (one, one per point, or numbers on a named scale), size and opacity; null if none. */
    private static Marker marker(JsonNode m) {
        if (!m.isObject()) {
            return null;
        }
        Marker.MarkerBuilder b = Marker.builder();
        JsonNode color = m.path("color");
        if (color.isTextual()) {
            b.color(color.asText());
        } else if (color.isArray() && color.size() > 0 && color.get(0).isNumber()) {
            b.color(numbers(color));
            String scale = m.path("colorscale").asText("");
            for (Marker.Palette p : Marker.Palette.values()) {
                if (p.toString().equals(scale)) {
                    b.colorScale(p);
                }
            }
            if (m.has("cmin") && m.has("cmax")) {
                b.cMinAndMax(m.get("cmin").asDouble(), m.get("cmax").asDouble());
            }
            if (m.has("showscale")) {
                b.showScale(m.get("showscale").asBoolean());
            }
        } else if (color.isArray()) {
            String[] colours = new String[color.size()];
            for (int i = 0; i < colours.length; i++) {
                colours[i] = color.get(i).asText();
            }
            b.color(colours);
        }
        if (m.path("size").isNumber()) {
            b.size(m.get("size").asDouble());
        }
        if (m.path("opacity").isNumber()) {
            b.opacity(m.get("opacity").asDouble());
        }
        return b.build();
    }

    private static Layout layout(Figure figure, JsonNode l) {
        String title = figure.title();
        String sub = subtitle(l);
        Layout.LayoutBuilder b = Layout.builder(sub.isEmpty() ? title : title.isEmpty() ? sub : title + " \u00b7 " + sub);
        if (l.path("height").isNumber()) {
            b.height(l.get("height").asInt());
        }
        if (l.path("width").isNumber()) {
            b.width(l.get("width").asInt());
        } else {
            b.autosize(true);
        }
        switch (l.path("barmode").asText("")) {
            case "group" -> b.barMode(Layout.BarMode.GROUP);
            case "stack" -> b.barMode(Layout.BarMode.STACK);
            case "overlay" -> b.barMode(Layout.BarMode.OVERLAY);
            case "relative" -> b.barMode(Layout.BarMode.RELATIVE);
            default -> { }
        }
        if (l.path("xaxis").isObject()) {
            b.xAxis(axis(l.get("xaxis")));
        }
        if (l.path("yaxis").isObject()) {
            b.yAxis(axis(l.get("yaxis")));
        }
        return b.build();
    }

    private static Axis axis(JsonNode a) {
        Axis.AxisBuilder b = Axis.builder();
        JsonNode title = a.path("title");
        String text = title.isTextual() ? title.asText() : title.path("text").asText("");
        if (!text.isEmpty()) {
            b.title(unescape(text.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip()));
        }
        JsonNode range = a.path("range");
        if (range.isArray() && range.size() == 2 && range.get(0).isNumber() && range.get(1).isNumber()) {
            b.range(range.get(0).asDouble(), range.get(1).asDouble());
        }
        if (a.path("autorange").asText("").equals("reversed")) {
            b.autoRange(Axis.AutoRange.REVERSED);
        }
        if (a.path("tickvals").isArray() && a.path("ticktext").isArray()
                && a.get("tickvals").size() == a.get("ticktext").size()) {
            String[] text2 = new String[a.get("ticktext").size()];
            for (int i = 0; i < text2.length; i++) {
                text2[i] = unescape(a.get("ticktext").get(i).asText());
            }
            b.tickSettings(TickSettings.builder().arrayTicks(numbers(a.get("tickvals")), text2).build());
        }
        return b.build();
    }

    private static String subtitle(JsonNode layout) {
        JsonNode t = layout.path("title");
        String text = t.isTextual() ? t.asText() : t.path("text").asText("");
        int br = text.indexOf("<br>");
        return br < 0 ? "" : unescape(text.substring(br + 4).replaceAll("<[^>]*>", "")).strip();
    }

    /** Numbers of a JSON array; {@code null} (how NaN is written) reads as NaN. */
    private static double[] numbers(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = a.get(i);
            out[i] = v.isNumber() ? v.asDouble() : Double.NaN;
        }
        return out;
    }

    /** Category labels as plain text (Tablesaw escapes them itself); numbers stay numbers. */
    private static Object[] labels(JsonNode a) {
        Object[] out = new Object[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = a.get(i);
            out[i] = v.isNumber() ? (Object) v.asDouble() : unescape(v.asText());
        }
        return out;
    }

    private static Object[] indices(int n) {
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }
}
