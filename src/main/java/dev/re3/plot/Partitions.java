package dev.re3.plot;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.re3.display.HtmlText;
import dev.re3.display.Numbers;
import java.util.ArrayList;
import java.util.List;

/**
 * The partition of a plane into convex polygons (linear regions), coloured by predicted class or by the norm
 * of the local map, with the decision boundary and the marked inputs drawn over it.
 */
final class Partitions {
    private static final String FIGURE = "partition figure";
    private static final String EDGE = "#9a9a9a";
    /** How many colour bins the map norm is drawn with. */
    static final int NORM_BINS = 8;

    private Partitions() {}

    static Figure partition(String title, double[] domain, List<double[][]> polygons, int[] classes,
            List<String> classNames, double[] mapNorms, boolean colourByNorm, List<double[][]> boundary,
            double[][] marked, List<String> markedNames) {
        if (domain == null || domain.length != 4) {
            throw new IllegalArgumentException(FIGURE + ": expected a domain of 4 numbers u0, u1, v0, v1, got "
                    + (domain == null ? "null" : domain.length + " numbers"));
        }
        Check.finite(FIGURE, "domain", domain);
        if (!(domain[0] < domain[1]) || !(domain[2] < domain[3])) {
            throw new IllegalArgumentException(FIGURE + ": expected a domain with u0 < u1 and v0 < v1, got u "
                    + domain[0] + ".." + domain[1] + " and v " + domain[2] + ".." + domain[3]);
        }
        if (polygons == null || polygons.isEmpty()) {
            throw new IllegalArgumentException(FIGURE + ": nothing to draw: expected at least one polygon, got "
                    + (polygons == null ? "null" : "none"));
        }
        int n = polygons.size();
        for (int i = 0; i < n; i++) {
            double[][] p = polygons.get(i);
            if (p == null || p.length < 3) {
                throw new IllegalArgumentException(FIGURE + ": expected at least 3 vertices for every polygon, got "
                        + (p == null ? "null" : p.length) + " at polygon " + i);
            }
            for (double[] vertex : p) {
                if (vertex == null || vertex.length != 2) {
                    throw new IllegalArgumentException(FIGURE + ": expected vertices as (u, v) pairs, got "
                            + (vertex == null ? "null" : vertex.length + " numbers") + " in polygon " + i);
                }
                Check.finite(FIGURE, "vertex coordinates", vertex);
            }
        }
        List<String> names = Check.names(FIGURE, "class names", classNames, "class");
        if (classes == null || classes.length != n) {
            throw new IllegalArgumentException(FIGURE + ": expected " + n + " classes (one per polygon), got "
                    + (classes == null ? "null" : classes.length));
        }
        for (int i = 0; i < n; i++) {
            if (classes[i] < 0 || classes[i] >= names.size()) {
                throw new IllegalArgumentException(FIGURE + ": expected classes in 0.." + (names.size() - 1)
                        + ", got " + classes[i] + " at polygon " + i);
            }
        }
        if (colourByNorm || mapNorms != null) {
            Check.values(FIGURE, "map norms", mapNorms, n, "one per polygon");
        }
        List<double[][]> segments = boundary == null ? List.of() : boundary;
        for (int i = 0; i < segments.size(); i++) {
            double[][] s = segments.get(i);
            if (s == null || s.length != 2 || s[0] == null || s[1] == null || s[0].length != 2 || s[1].length != 2) {
                throw new IllegalArgumentException(FIGURE + ": expected boundary segments as [2][2] (two (u, v) ends),"
                        + " got a malformed segment at " + i);
            }
            Check.finite(FIGURE, "boundary coordinates", s[0]);
            Check.finite(FIGURE, "boundary coordinates", s[1]);
        }
        double[][] points = marked == null ? new double[0][] : marked;
        List<String> labels = markedNames == null ? List.of() : markedNames;
        if (labels.size() != points.length) {
            throw new IllegalArgumentException(FIGURE + ": expected " + points.length
                    + " names for the marked inputs (one per point), got " + labels.size());
        }
        for (int i = 0; i < points.length; i++) {
            if (points[i] == null || points[i].length != 2) {
                throw new IllegalArgumentException(FIGURE + ": expected marked inputs as (u, v) pairs, got "
                        + (points[i] == null ? "null" : points[i].length + " numbers") + " at " + i);
            }
            Check.finite(FIGURE, "marked coordinates", points[i]);
            if (labels.get(i) == null) {
                throw new IllegalArgumentException(FIGURE + ": expected a name for every marked input, got null at "
                        + i);
            }
        }

        ArrayNode data = Json.array();
        String subtitle;
        if (colourByNorm) {
            subtitle = normTraces(data, polygons, mapNorms);
        } else {
            classTraces(data, polygons, classes, names);
            subtitle = n + (n == 1 ? " region" : " regions") + ", coloured by predicted class";
        }
        if (!segments.isEmpty()) {
            data.add(boundaryTrace(segments));
        }
        if (points.length > 0) {
            data.add(markedTrace(points, labels));
        }

        ObjectNode layout = Layouts.base(Text.title(title, subtitle), 560);
        ObjectNode x = Layouts.axis("u (along e1)");
        x.set("range", Json.numbers(new double[] {domain[0], domain[1]}));
        x.put("constrain", "domain");
        x.put("showgrid", false);
        ObjectNode y = Layouts.axis("v (along e2)");
        y.set("range", Json.numbers(new double[] {domain[2], domain[3]}));
        y.put("scaleanchor", "x");
        y.put("scaleratio", 1);
        y.put("constrain", "domain");
        y.put("showgrid", false);
        layout.set("xaxis", x);
        layout.set("yaxis", y);
        layout.set("legend", Layouts.topLegend());
        layout.put("hovermode", "closest");
        return Figure.of(data, layout);
    }

    /** One filled trace per class that occurs, its polygons separated by nulls. */
    private static void classTraces(ArrayNode data, List<double[][]> polygons, int[] classes, List<String> names) {
        for (int c = 0; c < names.size(); c++) {
            List<double[][]> mine = new ArrayList<>();
            for (int i = 0; i < polygons.size(); i++) {
                if (classes[i] == c) {
                    mine.add(polygons.get(i));
                }
            }
            if (!mine.isEmpty()) {
                ObjectNode t = filled(mine, Palette.category(c));
                t.put("name", HtmlText.escape(names.get(c)) + " (" + mine.size() + ")");
                t.put("hovertext", HtmlText.escape(names.get(c)));
                t.put("hoverinfo", "text");
                data.add(t);
            }
        }
    }

    /** The polygons binned by map norm, one trace per occupied bin along the sequential scale, with a colour bar. */
    private static String normTraces(ArrayNode data, List<double[][]> polygons, double[] norms) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : norms) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double width = hi > lo ? (hi - lo) / NORM_BINS : 1;
        List<List<double[][]>> bins = new ArrayList<>();
        for (int b = 0; b < NORM_BINS; b++) {
            bins.add(new ArrayList<>());
        }
        for (int i = 0; i < polygons.size(); i++) {
            int b = hi > lo ? (int) Math.min(NORM_BINS - 1, Math.floor((norms[i] - lo) / width)) : 0;
            bins.get(b).add(polygons.get(i));
        }
        ArrayNode scale = Palette.sequential();
        boolean barShown = false;
        for (int b = 0; b < NORM_BINS; b++) {
            if (bins.get(b).isEmpty()) {
                continue;
            }
            double share = NORM_BINS == 1 ? 1 : (b + 0.5) / NORM_BINS;
            double from = lo + b * width;
            double to = hi > lo ? from + width : hi;
            ObjectNode t = filled(bins.get(b), colourAt(scale, 0.15 + 0.85 * share));
            String range = Numbers.format(from) + " to " + Numbers.format(to);
            t.put("name", "map norm " + range + " (" + bins.get(b).size() + ")");
            t.put("hovertext", "map norm " + range);
            t.put("hoverinfo", "text");
            t.put("showlegend", false);
            if (!barShown) {
                // An invisible marker carries the colour bar for the whole range.
                barShown = true;
                ObjectNode bar = Json.object();
                bar.put("type", "scatter");
                bar.put("mode", "markers");
                bar.set("x", Json.numbers(new double[] {Double.NaN}));
                bar.set("y", Json.numbers(new double[] {Double.NaN}));
                bar.put("showlegend", false);
                bar.put("hoverinfo", "skip");
                ObjectNode marker = bar.putObject("marker");
                marker.set("color", Json.numbers(new double[] {lo, hi}));
                marker.put("cmin", lo);
                marker.put("cmax", hi > lo ? hi : lo + 1);
                ArrayNode trimmed = Json.array();
                for (int k = 0; k <= 8; k++) {
                    double s = k / 8.0;
                    ArrayNode stop = Json.array();
                    stop.add(s);
                    stop.add(colourAt(scale, 0.15 + 0.85 * s));
                    trimmed.add(stop);
                }
                marker.set("colorscale", trimmed);
                marker.put("showscale", true);
                marker.putObject("colorbar").set("title", Json.title("map norm"));
                data.add(bar);
            }
            data.add(t);
        }
        return polygons.size() + (polygons.size() == 1 ? " region" : " regions") + ", coloured by the norm of the local"
                + " map (" + Numbers.format(lo) + " to " + Numbers.format(hi) + ")";
    }

    /** A scatter trace filling these polygons ({@code fill: toself}), each closed and followed by a null. */
    private static ObjectNode filled(List<double[][]> polygons, String colour) {
        ArrayNode xs = Json.array();
        ArrayNode ys = Json.array();
        for (double[][] p : polygons) {
            for (double[] v : p) {
                xs.add(v[0]);
                ys.add(v[1]);
            }
            xs.add(p[0][0]);
            ys.add(p[0][1]);
            xs.addNull();
            ys.addNull();
        }
        ObjectNode t = Json.object();
        t.put("type", "scatter");
        t.put("mode", "lines");
        t.set("x", xs);
        t.set("y", ys);
        t.put("fill", "toself");
        t.put("fillcolor", colour);
        ObjectNode line = t.putObject("line");
        line.put("color", EDGE);
        line.put("width", 0.5);
        return t;
    }

    private static ObjectNode boundaryTrace(List<double[][]> segments) {
        ArrayNode xs = Json.array();
        ArrayNode ys = Json.array();
        for (double[][] s : segments) {
            xs.add(s[0][0]);
            ys.add(s[0][1]);
            xs.add(s[1][0]);
            ys.add(s[1][1]);
            xs.addNull();
            ys.addNull();
        }
        ObjectNode t = Json.object();
        t.put("type", "scatter");
        t.put("mode", "lines");
        t.put("name", "decision boundary");
        t.set("x", xs);
        t.set("y", ys);
        t.put("hoverinfo", "skip");
        ObjectNode line = t.putObject("line");
        line.put("color", "#000000");
        line.put("width", 2);
        return t;
    }

    private static ObjectNode markedTrace(double[][] points, List<String> labels) {
        double[] u = new double[points.length];
        double[] v = new double[points.length];
        List<String> text = new ArrayList<>();
        for (int i = 0; i < points.length; i++) {
            u[i] = points[i][0];
            v[i] = points[i][1];
            text.add(HtmlText.escape(labels.get(i)));
        }
        ObjectNode t = Json.object();
        t.put("type", "scatter");
        t.put("mode", "markers+text");
        t.put("name", "marked inputs");
        t.set("x", Json.numbers(u));
        t.set("y", Json.numbers(v));
        t.set("text", Json.strings(text));
        t.put("textposition", "top center");
        t.putObject("textfont").put("size", 13);
        ObjectNode marker = t.putObject("marker");
        marker.put("color", "#ffffff");
        marker.put("size", 10);
        marker.put("symbol", "circle");
        marker.putObject("line").put("color", "#000000").put("width", 2);
        return t;
    }

    /** The colour at {@code s} in {@code [0, 1]} of a plotly colour scale of hex stops, interpolated. */
    static String colourAt(ArrayNode scale, double s) {
        int last = scale.size() - 1;
        for (int i = 1; i <= last; i++) {
            double b = scale.get(i).get(0).asDouble();
            if (s <= b || i == last) {
                double a = scale.get(i - 1).get(0).asDouble();
                double f = b > a ? Math.max(0, Math.min(1, (s - a) / (b - a))) : 0;
                int[] c0 = rgb(scale.get(i - 1).get(1).asText());
                int[] c1 = rgb(scale.get(i).get(1).asText());
                return String.format(java.util.Locale.ROOT, "#%02x%02x%02x", mix(c0[0], c1[0], f),
                        mix(c0[1], c1[1], f), mix(c0[2], c1[2], f));
            }
        }
        return scale.get(last).get(1).asText();
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }

    private static int[] rgb(String hex) {
        int v = Integer.parseInt(hex.substring(1), 16);
        return new int[] {(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff};
    }
}
