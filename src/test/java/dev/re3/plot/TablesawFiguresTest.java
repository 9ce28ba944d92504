package dev.re3.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Our bar, heatmap and scatter figures in Tablesaw's plot.ly model carry the same values, names and titles;
 * what Tablesaw cannot draw is refused with a message naming it. The converted figure is read back from the
 * script Tablesaw writes ({@code asJavascript}), which is what the browser gets.
 */
class TablesawFiguresTest {
    static final List<String> IRIS = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");

    /** One trace of Tablesaw's script: its fields as the text between the field name and the line's end. */
    record Js(String type, String name, String x, String y, String z, String orientation, String mode) {
        List<String> xs() {
            return items(x);
        }

        List<String> ys() {
            return items(y);
        }

        double[] xv() {
            return values(x);
        }

        double[] yv() {
            return values(y);
        }
    }

    static List<Js> traces(tech.tablesaw.plotly.components.Figure f) {
        String js = f.asJavascript("div");
        List<Js> out = new ArrayList<>();
        for (String block : js.split("var trace\\d+ =")) {
            if (!block.contains("type: '")) {
                continue;
            }
            out.add(new Js(field(block, "type"), unescape(field(block, "name")), field(block, "x"), field(block, "y"),
                    field(block, "z"), field(block, "orientation"), field(block, "mode")));
        }
        return out;
    }

    static String layoutTitle(tech.tablesaw.plotly.components.Figure f) {
        return unescape(field(f.asJavascript("div").split("var layout =")[1], "title"));
    }

    /** The axis title of {@code xaxis} or {@code yaxis} in Tablesaw's layout script. */
    static String axisTitle(tech.tablesaw.plotly.components.Figure f, String axis) {
        String layout = f.asJavascript("div").split("var layout =")[1].split("var trace")[0];
        return unescape(field(layout.substring(layout.indexOf(axis + ":")), "title"));
    }

    private static String field(String block, String key) {
        Matcher m = Pattern.compile("(?m)^\\s*" + key + ": (.*),\\s*$").matcher(block);
        if (!m.find()) {
            return null;
        }
        String v = m.group(1).strip();
        return v.startsWith("'") && v.endsWith("'") ? v.substring(1, v.length() - 1) : v;
    }

    private static List<String> items(String array) {
        List<String> out = new ArrayList<>();
        String inner = array.strip().replaceAll("^\\[|\\]$", "");
        for (String s : inner.split(",")) {
            s = s.strip();
            if (!s.isEmpty()) {
                out.add(unescape(s.replaceAll("^\"|\"$", "")));
            }
        }
        return out;
    }

    private static double[] values(String array) {
        return items(array).stream().mapToDouble(Double::parseDouble).toArray();
    }

    private static String unescape(String s) {
        return s == null ? null : s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&#34;", "\"").replace("&amp;", "&");
    }

    @Test
    void contributionBarsKeepTheirValuesNamesAndTitles() {
        double[] c = {0.12, -0.35, 2.31, 1.10};
        Figure ours = Figures.contributions("Why setosa?", IRIS, c, 0.52, 3.70);
        var theirs = ours.toTablesaw();
        List<Js> t = traces(theirs);
        assertEquals(2, t.size());
        assertEquals("bar", t.get(0).type());
        assertEquals("h", t.get(0).orientation());
        assertEquals("raises the logit", t.get(0).name());
        assertEquals("lowers the logit", t.get(1).name());
        assertEquals(List.of("petal_length", "petal_width", "sepal_length"), t.get(0).ys());
        assertArrayEquals(new double[] {2.31, 1.10, 0.12}, t.get(0).xv(), 0);
        assertEquals(List.of("sepal_width"), t.get(1).ys());
        assertArrayEquals(new double[] {-0.35}, t.get(1).xv(), 0);
        assertTrue(layoutTitle(theirs).startsWith("Why setosa? \u00b7 "), layoutTitle(theirs));
        assertTrue(layoutTitle(theirs).contains("logit 3.7 = bias 0.52"), layoutTitle(theirs));
        assertEquals("contribution to the logit", axisTitle(theirs, "xaxis"));
        assertEquals(2, theirs.getTraces().length);
    }

    @Test
    void namesWithMarkupCharactersArriveAsTyped() {
        Figure ours = Figures.importance("a <b> & 'c'", List.of("x<1", "y&z"), new double[] {2, 1}, "mean |c|");
        var theirs = ours.toTablesaw();
        Js bar = traces(theirs).get(0);
        assertEquals(List.of("x<1", "y&z"), bar.orientation().equals("h") ? bar.ys() : bar.xs());
        assertTrue(layoutTitle(theirs).startsWith("a <b> & 'c'"), layoutTitle(theirs));
    }

    @Test
    void groupedBarsStayGrouped() {
        Figure ours = Figures.groupedBars("g", IRIS, List.of("W", "W x"),
                new double[][] {{1, -2, 3, -4}, {0.5, 1, 1.5, 2}}, "value");
        var theirs = ours.toTablesaw();
        List<Js> t = traces(theirs);
        assertEquals(List.of("W", "W x"), List.of(t.get(0).name(), t.get(1).name()));
        assertEquals(List.of("petal_width", "petal_length", "sepal_width", "sepal_length"), t.get(0).ys());
        assertArrayEquals(new double[] {-4, 3, -2, 1}, t.get(0).xv(), 0);
        assertArrayEquals(new double[] {2, 1.5, 1, 0.5}, t.get(1).xv(), 0);
        String js = theirs.asJavascript("div");
        assertTrue(!js.contains("barmode:") || js.contains("barmode: 'group'"), js);   // group: plotly's default
    }

    @Test
    void anActivationHeatmapKeepsItsCellsAndRows() {
        double[][] v = {{0, 1.5, 2}, {3, 0.25, 0}};
        Figure ours = Figures.activationPattern("Activations", List.of("1.relu", "2.relu"), v, "activation");
        var theirs = ours.toTablesaw();
        List<Js> t = traces(theirs);
        assertEquals(1, t.size());
        assertEquals("heatmap", t.get(0).type());
        assertEquals(List.of("1.relu (3)", "2.relu (3)"), t.get(0).ys());
        assertEquals("[[0.0,1.5,2.0,],[3.0,0.25,0.0,],]", t.get(0).z());
        assertEquals("Activations \u00b7 white is zero (unit off)", layoutTitle(theirs));
        assertEquals("unit", axisTitle(theirs, "xaxis"));
    }

    @Test
    void aDependenceScatterKeepsItsPoints() {
        double[] values = {4.9, 5.1, 6.3};
        double[] contributions = {-0.5, 0.25, 1.75};
        Figure ours = Figures.dependence("Dependence", null, "petal_length", values, contributions);
        var theirs = ours.toTablesaw();
        Js t = traces(theirs).get(0);
        assertEquals("scatter", t.type());
        assertEquals("markers", t.mode());
        assertEquals("petal_length", t.name());
        assertArrayEquals(values, t.xv(), 0);
        assertArrayEquals(contributions, t.yv(), 0);
        assertEquals("Dependence", layoutTitle(theirs));
        assertEquals("petal_length", axisTitle(theirs, "xaxis"));
        assertEquals("contribution of petal_length", axisTitle(theirs, "yaxis"));
    }

    @Test
    void aBeeswarmKeepsItsDotsAndRowLabels() {
        double[][] c = {{1, -2}, {0.5, 3}, {-1, 1}};
        double[][] v = {{5, 1}, {6, 2}, {7, 3}};
        Figure ours = Figures.beeswarm("Beeswarm", null, List.of("a", "b"), c, v, "feature value");
        var theirs = ours.toTablesaw();
        List<Js> t = traces(theirs);
        assertEquals(List.of("b", "a"), List.of(t.get(0).name(), t.get(1).name()));   // larger mean |c| first
        assertArrayEquals(new double[] {-2, 3, 1}, t.get(0).xv(), 0);
        assertArrayEquals(new double[] {1, 0.5, -1}, t.get(1).xv(), 0);
        String js = theirs.asJavascript("div");
        assertTrue(js.contains("ticktext: [\"a\",\"b\"]"), js);
        assertTrue(js.contains("colorscale: 'Viridis'"), js);
    }

    @Test
    void aWaterfallIsRefusedByName() {
        Figure ours = Figures.waterfall("w", IRIS, new double[] {0.12, -0.35, 2.31, 1.10}, 0.52, 3.70);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ours::toTablesaw);
        assertTrue(e.getMessage().contains("of type \"waterfall\""), e.getMessage());
        assertTrue(e.getMessage().contains("bar, heatmap and scatter"), e.getMessage());
    }

    @Test
    void anImageBesideItsHeatmapIsRefused() {
        double[] image = new double[16];
        double[] contributions = new double[16];
        for (int i = 0; i < 16; i++) {
            image[i] = i / 16.0;
            contributions[i] = (i % 3) - 1;
        }
        Figure ours = Figures.imageHeatmap("digit", new int[] {1, 4, 4}, image, contributions);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ours::toTablesaw);
        assertTrue(e.getMessage().contains("second panel") || e.getMessage().contains("of type \"contour\""),
                e.getMessage());
        assertTrue(e.getMessage().contains("\"digit\""), e.getMessage());
    }

    @Test
    void linesWithBoundaryMarksAreRefusedButPlainLinesConvert() {
        double[] x = {0, 0.5, 1};
        double[][] ys = {{1, 2, 3}};
        Figure marked = Figures.lines("walk", null, "t", "logit", List.of("setosa"), x, ys, new double[] {0.25});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, marked::toTablesaw);
        assertTrue(e.getMessage().contains("layout shapes"), e.getMessage());
        Js t = traces(Figures.lines("walk", null, "t", "logit", List.of("setosa"), x, ys, null).toTablesaw()).get(0);
        assertEquals("lines", t.mode());
        assertArrayEquals(x, t.xv(), 0);
        assertArrayEquals(ys[0], t.yv(), 0);
    }

    @Test
    void aPartitionKeepsItsFilledPolygonsApart() {
        Figure ours = PartitionFigureTest.byClass();
        List<Js> t = traces(ours.toTablesaw());
        assertEquals(ours.traceTypes().size(), t.size());
        Js first = t.get(0);                  // class 0: the unit square, closed, then a gap
        assertEquals(List.of("0.0", "1.0", "1.0", "0.0", "0.0", "NaN"), first.xs());
        assertEquals(List.of("0.0", "0.0", "1.0", "1.0", "0.0", "NaN"), first.ys());
        assertTrue(ours.toTablesaw().asJavascript("div").contains("fill: 'toself'"));
    }

    @Test
    void nullIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TablesawFigures.of(null));
        assertTrue(e.getMessage().contains("got null"), e.getMessage());
    }
}
