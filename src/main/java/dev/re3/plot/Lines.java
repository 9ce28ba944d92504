package dev.re3.plot;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.re3.display.HtmlText;
import java.util.List;

/** Line charts: one line per series over a shared x, with optional vertical marks. */
final class Lines {
    private Lines() {}

    static Figure lines(String title, String subtitle, String xName, String yName, List<String> names, double[] x,
            double[][] ys, double[] marks) {
        String fig = "line figure";
        if (x == null || x.length < 2) {
            throw new IllegalArgumentException(fig + ": expected at least two x values, got "
                    + (x == null ? "null" : x.length));
        }
        if (names == null || ys == null || names.size() != ys.length || ys.length == 0) {
            throw new IllegalArgumentException(fig + ": expected one name per series and at least one series, got "
                    + (names == null ? "null" : names.size()) + " names and " + (ys == null ? "null" : ys.length)
                    + " series");
        }
        ArrayNode data = Json.array();
        for (int s = 0; s < ys.length; s++) {
            if (ys[s] == null || ys[s].length != x.length) {
                throw new IllegalArgumentException(fig + ": expected " + x.length + " values in series '" + names.get(s)
                        + "', got " + (ys[s] == null ? "null" : ys[s].length));
            }
            ObjectNode t = Json.object();
            t.put("type", "scatter");
            t.put("mode", "lines");
            t.put("name", names.get(s));
            t.set("x", Json.numbers(x));
            t.set("y", Json.numbers(ys[s]));
            t.putObject("line").put("color", Palette.category(s)).put("width", 2);
            data.add(t);
        }
        ObjectNode layout = Layouts.base(Text.title(title, subtitle), 400);
        layout.set("xaxis", Layouts.axis(HtmlText.escape(xName)));
        layout.set("yaxis", Layouts.axis(HtmlText.escape(yName)));
        layout.set("legend", Layouts.topLegend());
        if (marks != null && marks.length > 0) {
            ArrayNode shapes = layout.putArray("shapes");
            for (double m : marks) {
                ObjectNode line = shapes.addObject();
                line.put("type", "line");
                line.put("xref", "x");
                line.put("yref", "paper");
                line.put("x0", m);
                line.put("x1", m);
                line.put("y0", 0);
                line.put("y1", 1);
                line.putObject("line").put("color", Palette.OTHER).put("width", 1).put("dash", "dot");
            }
        }
        return Figure.of(data, layout);
    }
}
