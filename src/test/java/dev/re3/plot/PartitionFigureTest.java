package dev.re3.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The partition figure: one trace per class or per norm bin, null separators, boundary, marks, bad input. */
class PartitionFigureTest {
    static final double[] DOMAIN = {0, 2, 0, 1};
    static final List<String> CLASSES = List.of("a", "b", "c");

    /** Two unit squares side by side and two triangles in the second one. */
    static List<double[][]> polygons() {
        return List.of(
                new double[][] {{0, 0}, {1, 0}, {1, 1}, {0, 1}},
                new double[][] {{1, 0}, {2, 0}, {2, 1}},
                new double[][] {{1, 0}, {2, 1}, {1, 1}});
    }

    static JsonNode json(Figure f) throws Exception {
        return new ObjectMapper().readTree(f.toJson());
    }

    static int nulls(JsonNode array) {
        int n = 0;
        for (JsonNode x : array) {
            if (x.isNull()) {
                n++;
            }
        }
        return n;
    }

    static Figure byClass() {
        return Figures.partition("plane", DOMAIN, polygons(), new int[] {0, 1, 1}, CLASSES,
                new double[] {1, 2, 3}, false,
                List.of(new double[][] {{1, 0}, {1, 1}}, new double[][] {{1, 1}, {2, 1}}),
                new double[][] {{0.5, 0.5}, {1.5, 0.2}}, List.of("x", "y"));
    }

    @Test
    void oneFilledTracePerClassPresentThenBoundaryThenMarks() throws Exception {
        Figure f = byClass();
        JsonNode j = json(f);
        assertEquals(List.of("scatter", "scatter", "scatter", "scatter"), f.traceTypes());
        JsonNode a = j.get("data").get(0);
        JsonNode b = j.get("data").get(1);
        assertEquals("toself", a.get("fill").asText());
        assertEquals("toself", b.get("fill").asText());
        assertEquals(Palette.category(0), a.get("fillcolor").asText());
        assertEquals(Palette.category(1), b.get("fillcolor").asText());
        // a closed square (5 points) and a null; two closed triangles (4 points each), each followed by a null
        assertEquals(6, a.get("x").size());
        assertEquals(1, nulls(a.get("x")));
        assertEquals(10, b.get("x").size());
        assertEquals(2, nulls(b.get("x")));
        assertEquals(2, nulls(b.get("y")));
        assertTrue(b.get("x").get(4).isNull());
        JsonNode boundary = j.get("data").get(2);
        assertEquals("#000000", boundary.get("line").get("color").asText());
        assertEquals(6, boundary.get("x").size());
        assertEquals(2, nulls(boundary.get("x")));
        JsonNode marks = j.get("data").get(3);
        assertEquals("markers+text", marks.get("mode").asText());
        assertEquals("x", marks.get("text").get(0).asText());
        JsonNode layout = j.get("layout");
        assertEquals("u (along e1)", layout.get("xaxis").get("title").get("text").asText());
        assertEquals("v (along e2)", layout.get("yaxis").get("title").get("text").asText());
        assertEquals("x", layout.get("yaxis").get("scaleanchor").asText());
        assertEquals(1, layout.get("yaxis").get("scaleratio").asInt());
    }

    @Test
    void withoutBoundaryOrMarksOnlyThePolygons() {
        Figure f = Figures.partition("plane", DOMAIN, polygons(), new int[] {2, 2, 2}, CLASSES, null, false, null,
                null, null);
        assertEquals(List.of("scatter"), f.traceTypes());
    }

    @Test
    void byNormBinsThePolygonsWithAColourBar() throws Exception {
        List<double[][]> many = new ArrayList<>();
        int n = 40;
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            double u = i / (double) n * 2;
            double w = 2.0 / n;
            many.add(new double[][] {{u, 0}, {u + w, 0}, {u + w, 1}, {u, 1}});
            norms[i] = i;
        }
        Figure f = Figures.partition("plane", DOMAIN, many, new int[n], CLASSES, norms, true, List.of(), null, null);
        JsonNode data = json(f).get("data");
        // one invisible trace carrying the colour bar, then one filled trace per bin
        assertEquals(1 + Partitions.NORM_BINS, data.size());
        assertTrue(data.get(0).get("marker").get("showscale").asBoolean());
        int polygons = 0;
        List<String> colours = new ArrayList<>();
        for (int k = 1; k < data.size(); k++) {
            assertEquals("toself", data.get(k).get("fill").asText());
            polygons += nulls(data.get(k).get("x"));
            colours.add(data.get(k).get("fillcolor").asText());
        }
        assertEquals(n, polygons);
        assertEquals(Partitions.NORM_BINS, colours.stream().distinct().count());
    }

    @Test
    void equalNormsMakeOneBin() throws Exception {
        Figure f = Figures.partition("plane", DOMAIN, polygons(), new int[3], CLASSES, new double[] {4, 4, 4}, true,
                null, null, null);
        assertEquals(2, json(f).get("data").size());
    }

    @Test
    void badInputIsRejectedWithAMessage() {
        int[] cls = {0, 1, 1};
        String empty = assertThrows(IllegalArgumentException.class, () -> Figures.partition("p", DOMAIN, List.of(),
                new int[0], CLASSES, null, false, null, null, null)).getMessage();
        assertTrue(empty.contains("nothing to draw"), empty);
        assertThrows(IllegalArgumentException.class, () -> Figures.partition("p", DOMAIN, null, cls, CLASSES, null,
                false, null, null, null));
        String classes = assertThrows(IllegalArgumentException.class, () -> Figures.partition("p", DOMAIN, polygons(),
                new int[] {0, 1}, CLASSES, null, false, null, null, null)).getMessage();
        assertTrue(classes.contains("expected 3 classes"), classes);
        assertThrows(IllegalArgumentException.class, () -> Figures.partition("p", DOMAIN, polygons(),
                new int[] {0, 1, 3}, CLASSES, null, false, null, null, null));
        String norms = assertThrows(IllegalArgumentException.class, () -> Figures.partition("p", DOMAIN, polygons(),
                cls, CLASSES, new double[] {1, 2}, true, null, null, null)).getMessage();
        assertTrue(norms.contains("map norms"), norms);
        assertThrows(IllegalArgumentException.class, () -> Figures.partition("p", DOMAIN, polygons(), cls, CLASSES,
                null, true, null, null, null));
        String marks = assertThrows(IllegalArgumentException.class, () -> Figures.partition("p", DOMAIN, polygons(),
                cls, CLASSES, null, false, null, new double[][] {{0, 0}}, List.of())).getMessage();
        assertTrue(marks.contains("marked"), marks);
        assertThrows(IllegalArgumentException.class, () -> Figures.partition("p", new double[] {0, 1, 0}, polygons(),
                cls, CLASSES, null, false, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> Figures.partition("p", new double[] {1, 0, 0, 1},
                polygons(), cls, CLASSES, null, false, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> Figures.partition("p", DOMAIN,
                List.<double[][]>of(new double[][] {{0, 0}, {1, 1}}), new int[1], CLASSES, null, false, null, null,
                null));
        assertThrows(IllegalArgumentException.class, () -> Figures.partition("p", DOMAIN, polygons(), cls, CLASSES,
                null, false, List.<double[][]>of(new double[][] {{0, 0}}), null, null));
        assertThrows(IllegalArgumentException.class, () -> Figures.partition("p", DOMAIN, polygons(), cls, List.of(),
                null, false, null, null, null));
    }
}
