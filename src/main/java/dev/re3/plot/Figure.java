package dev.re3.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.re3.display.Displayable;
import dev.re3.display.HtmlText;
import dev.re3.display.Numbers;
import dev.re3.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * An immutable plotly.js figure: a list of traces ({@code data}) and a {@code layout}, as plotly's JSON.
 *
 * <p>A figure shows itself. As a notebook cell's value it is drawn under the cell ({@link #toHtml()});
 * {@link #save(Path)} writes one self-contained HTML file; {@link #toText()} describes it in words.
 * Figures come from {@link Figures} or from the results' {@code plot()} methods; {@link #fromJson(String)}
 * wraps any plotly figure, and the {@code with...} methods return changed copies.
 *
 * <h2>How plotly.js reaches the page</h2>
 * Nothing is loaded from the network: plotly.js {@value PlotlyJs#VERSION} ships inside the Re3 jar
 * (4.5 MB, MIT licence). Notebook outputs are separate HTML fragments of one page, so the rule is:
 * <ul>
 *   <li>the first {@link #toHtml()} of a JVM session embeds plotly.js (once per kernel session, so a
 *       saved notebook carries it exactly once, in its first figure output);</li>
 *   <li>every later {@link #toHtml()} only draws, with {@code window.Plotly} from that first output.
 *       If plotly.js is not on the page yet (say the first figure's output was cleared, or a page holds
 *       only later outputs) the figure waits for it and shows a short message meanwhile; it is drawn as
 *       soon as any output embeds plotly.js. {@link #embedPlotlyAgain()} makes the next output embed it
 *       again; {@code toHtml(true)} always embeds;</li>
 *   <li>{@link #save(Path)} and {@link #toHtmlPage()} always embed it: a saved file stands alone.</li>
 * </ul>
 * The embedded script hides require.js's {@code define} while plotly.js loads, so figures also draw in
 * pages that load require.js (nbconvert's HTML template, the classic notebook).
 */
public final class Figure implements Displayable {
    private final ArrayNode data;
    private final ObjectNode layout;

    private Figure(ArrayNode data, ObjectNode layout) {
        this.data = data;
        this.layout = layout;
    }

    /** Takes ownership of the nodes: callers in this package pass fresh nodes and never touch them again. */
    static Figure of(ArrayNode data, ObjectNode layout) {
        return new Figure(data, layout);
    }

    /**
     * A figure from plotly's JSON, {@code {"data": [trace, ...], "layout": {...}}} ({@code layout} optional).
     *
     * @throws IllegalArgumentException if the text is not JSON of that form
     */
    public static Figure fromJson(String json) {
        if (json == null) {
            throw new IllegalArgumentException("figure JSON: expected {\"data\": [...], \"layout\": {...}}, got null");
        }
        JsonNode root = Json.read(json);
        if (!root.isObject() || !root.path("data").isArray()) {
            throw new IllegalArgumentException("figure JSON: expected an object with a \"data\" array of traces, got "
                    + abbreviate(json));
        }
        for (JsonNode trace : root.get("data")) {
            if (!trace.isObject()) {
                throw new IllegalArgumentException("figure JSON: expected every trace to be an object, got " + trace);
            }
        }
        JsonNode layout = root.path("layout");
        if (!layout.isMissingNode() && !layout.isObject()) {
            throw new IllegalArgumentException("figure JSON: expected \"layout\" to be an object, got " + layout);
        }
        return new Figure(((ArrayNode) root.get("data")).deepCopy(),
                layout.isObject() ? ((ObjectNode) layout).deepCopy() : Json.object());
    }

    /** The title (its first line), or {@code ""} when the figure has none. */
    public String title() {
        JsonNode t = layout.path("title");
        String text = t.isTextual() ? t.asText() : t.path("text").asText("");
        int br = text.indexOf("<br>");
        return unescape(br < 0 ? text : text.substring(0, br));
    }

    /** The title's second line without markup, or {@code ""}. */
    private String subtitle() {
        JsonNode t = layout.path("title");
        String text = t.isTextual() ? t.asText() : t.path("text").asText("");
        int br = text.indexOf("<br>");
        return br < 0 ? "" : unescape(text.substring(br + 4).replaceAll("<[^>]*>", "")).strip();
    }

    /** The plotly type of every trace, in order ({@code "scatter"} where a trace names none). */
    public List<String> traceTypes() {
        List<String> out = new ArrayList<>();
        data.forEach(t -> out.add(t.path("type").asText("scatter")));
        return List.copyOf(out);
    }

    /** The figure as plotly JSON, {@code {"data": [...], "layout": {...}}}: what {@code Plotly.newPlot} takes. */
    public String toJson() {
        return Json.write(json());
    }

    private ObjectNode json() {
        ObjectNode root = Json.object();
        root.set("data", data);
        root.set("layout", layout);
        return root;
    }

    /**
     * The figure in Tablesaw's plot.ly model, to combine with Tablesaw plots: bar, heatmap and scatter traces
     * with their values, names, title and axis titles ({@link TablesawFigures} says what converts and what looks
     * different there).
     *
     * @throws IllegalArgumentException if the figure holds what Tablesaw's model cannot draw (a waterfall,
     *     several panels, shapes); the message names it
     */
    public tech.tablesaw.plotly.components.Figure toTablesaw() {
        return TablesawFigures.of(this);
    }

    /**
     * The same figure with another title, which replaces the title and its subtitle line (plain text: HTML
     * special characters are shown as typed).
     */
    public Figure withTitle(String title) {
        ObjectNode l = layout.deepCopy();
        ObjectNode t = l.path("title").isObject() ? (ObjectNode) l.get("title") : Json.object();
        t.put("text", HtmlText.escape(title == null ? "" : title));
        l.set("title", t);
        return new Figure(data.deepCopy(), l);
    }

    /**
     * The same figure drawn at this size in pixels; a width of 0 fills the width of the page.
     *
     * @throws IllegalArgumentException if the height is below 100 or the width is neither 0 nor at least 100
     */
    public Figure withSize(int width, int height) {
        if (height < 100 || (width != 0 && width < 100)) {
            throw new IllegalArgumentException("size: expected a height of at least 100 px and a width of 0 (fill) or "
                    + "at least 100 px, got width " + width + ", height " + height);
        }
        ObjectNode l = layout.deepCopy();
        l.put("height", height);
        if (width == 0) {
            l.remove("width");
        } else {
            l.put("width", width);
        }
        return new Figure(data.deepCopy(), l);
    }

    /** The same figure with these axis titles on its first x and y axes (plain text). */
    public Figure withAxisTitles(String x, String y) {
        ObjectNode l = layout.deepCopy();
        setAxisTitle(l, "xaxis", x);
        setAxisTitle(l, "yaxis", y);
        return new Figure(data.deepCopy(), l);
    }

    private static void setAxisTitle(ObjectNode layout, String axis, String title) {
        if (title == null) {
            return;
        }
        ObjectNode a = layout.path(axis).isObject() ? (ObjectNode) layout.get(axis) : layout.putObject(axis);
        a.set("title", Json.title(HtmlText.escape(title)));
    }

    /**
     * A description in words: title, one line per trace with its type, name, size and value ranges, and
     * the axis titles and ranges.
     */
    @Override
    public String toText() {
        StringBuilder s = new StringBuilder();
        String title = title();
        String subtitle = subtitle();
        s.append("Figure").append(title.isEmpty() ? "" : " \"" + title + "\"")
                .append(subtitle.isEmpty() ? "" : " (" + subtitle + ")").append(": ").append(data.size())
                .append(data.size() == 1 ? " trace" : " traces").append('\n');
        int k = 0;
        for (JsonNode t : data) {
            s.append("  ").append(++k).append(". ").append(t.path("type").asText("scatter"));
            String name = t.path("name").asText("");
            if (!name.isEmpty()) {
                s.append(" \"").append(unescape(name)).append('"');
            }
            s.append(describeTrace(t)).append('\n');
        }
        Iterator<Map.Entry<String, JsonNode>> fields = layout.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().matches("[xy]axis\\d*") && f.getValue().isObject()) {
                String axisTitle = f.getValue().path("title").path("text").asText("");
                JsonNode range = f.getValue().path("range");
                if (axisTitle.isEmpty() && !range.isArray()) {
                    continue;
                }
                s.append("  ").append(f.getKey()).append(':');
                if (!axisTitle.isEmpty()) {
                    s.append(" \"").append(unescape(axisTitle)).append('"');
                }
                if (range.isArray() && range.size() == 2) {
                    s.append(" range [").append(number(range.get(0))).append(", ").append(number(range.get(1))).append(']');
                }
                s.append('\n');
            }
        }
        JsonNode color = layout.path("coloraxis");
        if (color.isObject() && color.has("cmin")) {
            s.append("  colour scale [").append(number(color.get("cmin"))).append(", ").append(number(color.get("cmax")))
                    .append("]").append(color.has("cmid") ? " centred on " + number(color.get("cmid")) : "").append('\n');
        }
        return s.toString().stripTrailing();
    }

    private static String describeTrace(JsonNode t) {
        StringBuilder s = new StringBuilder();
        if (t.has("z")) {
            JsonNode z = t.get("z");
            int cols = 0;
            for (JsonNode row : z) {
                cols = Math.max(cols, row.size());
            }
            s.append(", ").append(z.size()).append(" x ").append(cols).append(" cells");
            double[] r = range(z);
            if (r != null) {
                s.append(", z in [").append(fmt(r[0])).append(", ").append(fmt(r[1])).append(']');
            }
            if (t.has("zmid")) {
                s.append(", centred on ").append(number(t.get("zmid")));
            }
            return s.toString();
        }
        JsonNode x = t.path("x");
        JsonNode y = t.path("y");
        int points = Math.max(x.size(), y.size());
        s.append(", ").append(points).append(points == 1 ? " point" : " points");
        for (String axis : new String[] {"x", "y"}) {
            double[] r = range(t.path(axis));
            if (r != null) {
                s.append(", ").append(axis).append(" in [").append(fmt(r[0])).append(", ").append(fmt(r[1])).append(']');
            }
        }
        return s.toString();
    }

    /** The range of the numbers in a (nested) array, or null when it holds none. */
    private static double[] range(JsonNode node) {
        double[] r = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        collect(node, r);
        return r[0] <= r[1] ? r : null;
    }

    private static void collect(JsonNode node, double[] r) {
        if (node.isNumber()) {
            r[0] = Math.min(r[0], node.asDouble());
            r[1] = Math.max(r[1], node.asDouble());
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, r));
        }
    }

    private static String number(JsonNode n) {
        return n.isNumber() ? fmt(n.asDouble()) : n.asText();
    }

    private static String fmt(double v) {
        return Numbers.format(v);
    }

    /**
     * An HTML fragment that draws the figure: a {@code div} and a script. The first call in a JVM session
     * also embeds plotly.js (see the class comment); later calls rely on it.
     */
    @Override
    public String toHtml() {
        return toHtml(PlotlyJs.claimEmbedding());
    }

    /**
     * An HTML fragment that draws the figure, embedding plotly.js (about 4.5 MB) if asked to; without it,
     * the page must load plotly.js in another fragment, before or after this one.
     */
    public String toHtml(boolean embedPlotly) {
        String id = "re3-fig-" + UUID.randomUUID().toString().substring(0, 13);
        int height = layout.path("height").asInt(450);
        JsonNode width = layout.path("width");
        StringBuilder s = new StringBuilder();
        s.append("<div id=\"").append(id).append("\" class=\"re3-figure\" style=\"width:")
                .append(width.isNumber() ? width.asInt() + "px" : "100%").append(";height:").append(height)
                .append("px;\"></div>\n");
        if (embedPlotly) {
            s.append(PlotlyJs.scriptElement());
        }
        ObjectNode config = Json.object();
        config.put("responsive", true);
        config.put("displaylogo", false);
        ObjectNode image = config.putObject("toImageButtonOptions");
        image.put("format", "svg");
        image.put("filename", slug(title()));
        ObjectNode fig = json();
        fig.set("config", config);
        s.append("<script>\n(function () {\n")
                .append("  var el = document.getElementById('").append(id).append("');\n")
                .append("  var fig = ").append(Json.writeForScript(fig)).append(";\n")
                .append("  function draw() { el.innerHTML = ''; window.Plotly.newPlot(el, fig.data, fig.layout, fig.config); }\n")
                .append("  if (window.Plotly) { draw(); return; }\n")
                .append("  (window.re3PendingFigures = window.re3PendingFigures || []).push(draw);\n")
                .append("  el.innerHTML = ").append(Json.writeForScript(Json.MAPPER.getNodeFactory()
                        .textNode(missingPlotlyMessage()))).append(";\n")
                .append("})();\n</script>\n");
        return s.toString();
    }

    private String missingPlotlyMessage() {
        String title = title();
        return "<div style=\"font:13px sans-serif;color:#555;border:1px dashed #bbb;padding:10px;\">"
                + "<b>" + HtmlText.escape(title.isEmpty() ? "Figure" : title) + "</b>: waiting for plotly.js. Re3 embeds it"
                + " in the first figure output of a session, which is not on this page. Run"
                + " <code>dev.re3.plot.Figure.embedPlotlyAgain()</code> and re-run this cell, or <code>save(path)</code> the figure"
                + " as a self-contained HTML file.</div>";
    }

    /** A complete HTML page with plotly.js embedded: opens offline in any browser. */
    public String toHtmlPage() {
        String title = title();
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
                + HtmlText.escape(title.isEmpty() ? "Re3 figure" : title) + "</title>\n</head>\n"
                + "<body style=\"margin:16px;font-family:sans-serif;\">\n" + toHtml(true) + "</body>\n</html>\n";
    }

    /**
     * Writes the figure as one self-contained HTML file (plotly.js embedded, nothing loaded from the
     * network), atomically: the file is complete or not there.
     *
     * @param file the file to create or replace; missing folders are created
     * @return the absolute path written
     * @throws UncheckedIOException if the file cannot be written
     */
    public Path save(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file: expected a path to write the figure to, got null");
        }
        Path target = file.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw new IllegalArgumentException("file: expected a file name, got the folder " + target);
        }
        try {
            AtomicFiles.write(target, toHtmlPage().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the figure to " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    /**
     * Shows the figure outside a notebook: writes it to a new HTML file under
     * {@code <java.io.tmpdir>/re3-figures/}, prints where, and returns the path. It needs no notebook
     * kernel and no browser; open the file in any browser.
     */
    public Path show() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "re3-figures");
        String name = slug(title()) + "-" + UUID.randomUUID().toString().substring(0, 8) + ".html";
        Path written = save(dir.resolve(name));
        System.out.println("Figure" + (title().isEmpty() ? "" : " \"" + title() + "\"") + " written to " + written
                + " (open it in a browser)");
        return written;
    }

    /**
     * Makes the next {@link #toHtml()} of this JVM embed plotly.js again, e.g. after the notebook output
     * that carried it was cleared.
     */
    public static void embedPlotlyAgain() {
        PlotlyJs.forget();
    }

    /** The version of the plotly.js that figures embed, {@value PlotlyJs#VERSION}. */
    public static String plotlyVersion() {
        return PlotlyJs.VERSION;
    }

    static String slug(String title) {
        String s = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 60) {
            s = s.substring(0, 60).replaceAll("-+$", "");
        }
        return s.isEmpty() ? "figure" : s;
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Figure f && f.data.equals(data) && f.layout.equals(layout);
    }

    @Override
    public int hashCode() {
        return 31 * data.hashCode() + layout.hashCode();
    }

    /** {@link #toText()}. */
    @Override
    public String toString() {
        return toText();
    }
}
