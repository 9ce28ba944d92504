package dev.re3.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plotly JSON of every factory: trace types, order, colour scales, titles, and messages on bad input. */
class FiguresTest {
    static final List<String> IRIS = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");

    static JsonNode json(Figure f) throws Exception {
        return new ObjectMapper().readTree(f.toJson());
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The colour scale is centred on zero: zmid 0 and zmin = -zmax. */
    static void centredOnZero(JsonNode trace) {
        assertEquals(0, trace.get("zmid").asDouble(), 0);
        assertEquals(-trace.get("zmax").asDouble(), trace.get("zmin").asDouble(), 0);
        assertTrue(trace.get("zmax").asDouble() > 0);
    }

    @Test
    void contributionBarsAreSortedBySizeAndSplitBySign() throws Exception {
        Figure f = Figures.contributions("Why setosa?", IRIS, new double[] {0.12, -0.35, 2.31, 1.10}, 0.52, 3.70);
        JsonNode j = json(f);
        assertEquals(List.of("bar", "bar"), f.traceTypes());
        assertEquals(List.of("petal_length", "petal_width", "sepal_width", "sepal_length"),
                texts(j.at("/layout/yaxis/categoryarray")));
        assertEquals("reversed", j.at("/layout/yaxis/autorange").asText());
        JsonNode up = j.at("/data/0");
        JsonNode down = j.at("/data/1");
        assertEquals("h", up.get("orientation").asText());
        assertEquals(List.of("petal_length", "petal_width", "sepal_length"), texts(up.get("y")));
        assertEquals(List.of("sepal_width"), texts(down.get("y")));
        assertEquals(-0.35, down.at("/x/0").asDouble(), 0);
        assertEquals(Palette.POSITIVE, up.at("/marker/color").asText());
        assertEquals(Palette.NEGATIVE, down.at("/marker/color").asText());
        assertTrue(up.get("hovertemplate").asText().contains("%{x:+.4g}"));
        assertEquals("Why setosa?", f.title());
        assertTrue(j.at("/layout/title/text").asText().contains("logit 3.7 = bias 0.52"));
        assertEquals("contribution to the logit", j.at("/layout/xaxis/title/text").asText());
    }

    @Test
    void manyContributionsKeepTheLargestAndSumTheRest() throws Exception {
        int d = 50;
        List<String> names = new ArrayList<>();
        double[] c = new double[d];
        for (int i = 0; i < d; i++) {
            names.add("f" + i);
            c[i] = (i % 2 == 0 ? 1 : -1) * (i + 1) / 100.0;
        }
        JsonNode j = json(Figures.contributions("t", names, c, 0, 0, "logit", 5));
        List<String> order = texts(j.at("/layout/yaxis/categoryarray"));
        assertEquals(List.of("f49", "f48", "f47", "f46", "f45", "(45 other features, summed)"), order);
        double rest = 0;
        for (int i = 0; i < 45; i++) {
            rest += c[i];
        }
        assertEquals(rest, j.at("/data/2/x/0").asDouble(), 1e-12);
        assertEquals(Palette.NEUTRAL, j.at("/data/2/marker/color").asText());
    }

    @Test
    void waterfallRunsFromBiasToLogit() throws Exception {
        double[] c = {0.12, -0.35, 2.31, 1.10};
        Figure f = Figures.waterfall("w", IRIS, c, 0.52, 0.52 + 0.12 - 0.35 + 2.31 + 1.10);
        JsonNode t = json(f).at("/data/0");
        assertEquals(List.of("waterfall"), f.traceTypes());
        assertEquals(List.of("bias", "petal_length", "petal_width", "sepal_width", "sepal_length", "logit"),
                texts(t.get("y")));
        assertEquals(List.of("absolute", "relative", "relative", "relative", "relative", "total"),
                texts(t.get("measure")));
        assertEquals(Palette.POSITIVE, t.at("/increasing/marker/color").asText());
        assertEquals(Palette.NEGATIVE, t.at("/decreasing/marker/color").asText());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Figures.waterfall("w", IRIS, c, 0.52, 10));
        assertTrue(e.getMessage().contains("do not add up"), e.getMessage());
    }

    @Test
    void imageHeatmapIsCentredOnZeroBesideTheInput() throws Exception {
        double[] image = new double[16];
        double[] c = new double[16];
        for (int i = 0; i < 16; i++) {
            image[i] = i % 5 == 0 ? 1 : 0;
            c[i] = i < 8 ? 0.5 * image[i] : -0.2;
        }
        Figure f = Figures.imageHeatmap("digit", new int[] {1, 4, 4}, image, c);
        JsonNode j = json(f);
        assertEquals(List.of("heatmap", "heatmap", "contour"), f.traceTypes());
        assertEquals("x", j.at("/data/0/xaxis").asText());
        assertEquals("x2", j.at("/data/1/xaxis").asText());
        centredOnZero(j.at("/data/1"));
        assertEquals(0.5, j.at("/data/1/zmax").asDouble(), 0);
        assertEquals(4, j.at("/data/1/z").size());
        assertEquals(-0.2, j.at("/data/1/z/3/3").asDouble(), 0);
        assertEquals("reversed", j.at("/layout/yaxis2/autorange").asText());
        assertEquals("x2", j.at("/layout/yaxis2/scaleanchor").asText());
        assertTrue(j.at("/layout/xaxis/domain/1").asDouble() < j.at("/layout/xaxis2/domain/0").asDouble(),
                "side by side");
    }

    @Test
    void imageChannelsAreSummedForContributions() throws Exception {
        double[] c = {1, 2, 3, 4, 10, 20, 30, 40};
        JsonNode z = json(Figures.imageHeatmap("rgb", new int[] {2, 2, 2}, new double[8], c)).at("/data/1/z");
        assertEquals(11, z.at("/0/0").asDouble(), 0);
        assertEquals(44, z.at("/1/1").asDouble(), 0);
    }

    @Test
    void imageHeatmapOfAVectorSaysWhatItExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Figures.imageHeatmap("t", new int[] {4}, new double[4], new double[4]));
        assertTrue(e.getMessage().contains("expected an image shape [channels, height, width]"), e.getMessage());
        assertTrue(e.getMessage().contains("got [4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Figures.imageHeatmap("t", new int[] {1, 28, 28}, new double[100], new double[784]));
        assertTrue(e.getMessage().contains("expected 784 pixel values") && e.getMessage().contains("got 100"),
                e.getMessage());
    }

    @Test
    void mapPerClassOfImagesSharesOneColourAxisCentredOnZero() throws Exception {
        List<String> classes = List.of("0", "1", "2", "3", "4", "5", "6", "7");
        List<String> px = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            px.add("p" + i);
        }
        double[][] w = new double[8][9];
        w[3][4] = -2;
        w[5][0] = 1;
        Figure f = Figures.mapPerClass("W", new int[] {1, 3, 3}, classes, px, w, "local weight W");
        JsonNode j = json(f);
        assertEquals(8, f.traceTypes().size());
        assertTrue(f.traceTypes().stream().allMatch("heatmap"::equals));
        JsonNode axis = j.at("/layout/coloraxis");
        assertEquals(0, axis.get("cmid").asDouble(), 0);
        assertEquals(-2, axis.get("cmin").asDouble(), 0);
        assertEquals(2, axis.get("cmax").asDouble(), 0);
        for (JsonNode t : j.get("data")) {
            assertEquals("coloraxis", t.get("coloraxis").asText());
        }
        assertEquals("x8", j.at("/data/7/xaxis").asText());
        assertEquals(8, j.at("/layout/annotations").size());
        assertTrue(f.toText().contains("centred on 0"), f.toText());
    }

    @Test
    void mapPerClassOfVectorsIsAClassByFeatureHeatmap() throws Exception {
        double[][] w = {{1, -2, 3, 0.5}, {0.1, 0.2, -0.3, -1}, {-1, 1.5, 0, 2}};
        JsonNode t = json(Figures.mapPerClass("W", new int[] {4}, List.of("a", "b", "c"), IRIS, w, "W")).at("/data/0");
        assertEquals("heatmap", t.get("type").asText());
        assertEquals(IRIS, texts(t.get("x")));
        assertEquals(List.of("a", "b", "c"), texts(t.get("y")));
        centredOnZero(t);
        assertEquals(3, t.get("zmax").asDouble(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Figures.mapPerClass("W", new int[] {4}, List.of("a", "b"), IRIS, w, "W"));
        assertTrue(e.getMessage().contains("expected 2 rows of values (one per class), got 3"), e.getMessage());
    }

    @Test
    void onlyWeightMapsSayTheColoursRaiseALogit() throws Exception {
        double[][] a = {{1, -2, 3, 0.5}, {0.1, 0.2, -0.3, -1}};
        String maps = json(Figures.mapPerClass("Attributions", new int[] {4}, List.of("gradient", "T = 0.3"), IRIS, a,
                "attribution")).at("/layout/title/text").asText();
        assertTrue(maps.endsWith("red: attribution above zero, blue: below zero</span>"), maps);
        assertFalse(maps.contains("logit"), maps);
        double[][] px = new double[3][8];
        px[1][2] = 1;
        String images = json(Figures.mapPerClass("Ascent", new int[] {2, 2, 2}, List.of("x_0", "x_8", "x_8 - x_0"),
                List.of("a", "b", "c", "d", "e", "f", "g", "h"), px, "pixel")).at("/layout/title/text").asText();
        assertTrue(images.contains("one panel each, summed over 2 channels; one colour scale for all, red: pixel above"
                + " zero, blue: below zero"), images);
        assertFalse(images.contains("logit") || images.contains("class"), images);
        double[][] w = {{1, -2, 3, 0.5}, {0.1, 0.2, -0.3, -1}, {-1, 1.5, 0, 2}};
        String weights = json(Figures.weightsPerClass("W", new int[] {4}, List.of("a", "b", "c"), IRIS, w))
                .at("/layout/title/text").asText();
        assertTrue(weights.endsWith("red raises the class&#39;s logit, blue lowers it</span>"), weights);
        Figure wi = Figures.weightsPerClass("W", new int[] {1, 2, 2}, List.of("a", "b"), List.of("p", "q", "r", "s"),
                new double[][] {{1, 0, 0, -1}, {0, 2, 0, 0}});
        String wt = json(wi).at("/layout/title/text").asText();
        assertTrue(wt.contains("one panel per class; one colour scale for all, red raises the class"), wt);
        assertEquals("local weight W", json(wi).at("/layout/coloraxis/colorbar/title/text").asText());
    }

    @Test
    void raggedActivationPatternsArePaddedAndMarked() throws Exception {
        double[][] a = {{0, 1.5, 0, 2}, {0.5, 0}};
        Figure f = Figures.activationPattern("acts", List.of("1.relu", "3.relu"), a, "activation");
        JsonNode j = json(f);
        JsonNode z = j.at("/data/0/z");
        assertEquals(4, z.get(1).size());
        assertTrue(z.at("/1/2").isNull() && z.at("/1/3").isNull(), "padding is a gap");
        assertEquals(0.5, z.at("/1/0").asDouble(), 0);
        assertEquals(List.of("1.relu (4)", "3.relu (2)"), texts(j.at("/data/0/y")));
        assertEquals(Palette.PADDING, j.at("/layout/plot_bgcolor").asText());
        assertTrue(j.at("/layout/title/text").asText().contains("grey cells: no such unit"));
        assertEquals(0, j.at("/data/0/zmin").asDouble(), 0);
    }

    @Test
    void leakyActivationsSwitchToADivergingScale() throws Exception {
        JsonNode t = json(Figures.activationPattern("a", List.of("l"), new double[][] {{-0.1, 2}}, "activation"))
                .at("/data/0");
        centredOnZero(t);
    }

    @Test
    void regionSizesCountRegionsPerSize() throws Exception {
        Figure f = Figures.regionSizes("sizes", new int[] {5, 1, 1, 2, 1});
        JsonNode t = json(f).at("/data/0");
        assertEquals("bar", t.get("type").asText());
        assertEquals("[1.0,2.0,5.0]", t.get("x").toString());
        assertEquals("[3.0,1.0,1.0]", t.get("y").toString());
        assertTrue(json(f).at("/layout/title/text").asText().contains("10 inputs in 5 regions"));
    }

    @Test
    void purityStacksTheMajorityOverTheRest() throws Exception {
        Figure f = Figures.purity("purity", List.of("aaaaaa01", "bbbbbb02", "cccccc03"), new int[] {4, 10, 2},
                new double[] {0.75, 1, 0.5}, List.of("setosa", "versicolor", "setosa"));
        JsonNode j = json(f);
        assertEquals("stack", j.at("/layout/barmode").asText());
        assertEquals(List.of("bbbbbb", "aaaaaa", "cccccc"), texts(j.at("/layout/xaxis/categoryarray")));
        assertEquals("majority label setosa", j.at("/data/0/name").asText());
        assertEquals("[3.0,1.0]", j.at("/data/0/y").toString());
        assertEquals("other labels", j.at("/data/2/name").asText());
        assertEquals("[1.0,1.0]", j.at("/data/2/y").toString());
        assertTrue(j.at("/layout/title/text").asText().contains("mean purity 0.875"), j.at("/layout/title/text").asText());
    }

    @Test
    void activeShareAndImportance() throws Exception {
        JsonNode j = json(Figures.activeShare("layers", List.of("1.relu", "3.relu"), new double[] {0.5, 0.25},
                new int[] {8, 4}, new int[] {1, 0}));
        assertEquals("[0.5,0.25]", j.at("/data/0/y").toString());
        assertEquals(List.of("50.0%, 1 dead", "25.0%"), texts(j.at("/data/0/text")));
        j = json(Figures.importance("imp", List.of("a", "b", "c"), new double[] {0.5, 1.2, 0.1}, "mean |c|"));
        assertEquals(List.of("b", "a", "c"), texts(j.at("/data/0/y")));
        j = json(Figures.imageMap("imp", new int[] {1, 2, 2}, new double[] {0, 1, 2, 3}, "mean |c|"));
        assertEquals(0, j.at("/data/0/zmin").asDouble(), 0);
        assertFalse(j.at("/data/0").has("zmid"), "non-negative values use a sequential scale");
    }

    @Test
    void groupedBarsSortByTheFirstSeries() throws Exception {
        Figure f = Figures.groupedBars("g", IRIS, List.of("gradient", "contribution"),
                new double[][] {{0.5, -2, 1, 0.1}, {0.2, -0.1, 1.5, 0}}, "value");
        JsonNode j = json(f);
        assertEquals(List.of("bar", "bar"), f.traceTypes());
        assertEquals("group", j.at("/layout/barmode").asText());
        assertEquals(List.of("sepal_width", "petal_length", "sepal_length", "petal_width"),
                texts(j.at("/layout/yaxis/categoryarray")));
        assertEquals("[-0.1,1.5,0.2,0.0]", j.at("/data/1/x").toString());
        assertEquals("contribution", j.at("/data/1/name").asText());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Figures.groupedBars("g", IRIS, List.of("a"), new double[][] {{1, 2, 3, 4}, {1, 2, 3, 4}}, "v"));
        assertTrue(e.getMessage().contains("expected 1 rows of values (one per series), got 2"), e.getMessage());
    }

    @Test
    void nothingToDrawSaysSo() {
        String[] messages = {
            assertThrows(IllegalArgumentException.class,
                    () -> Figures.contributions("t", List.of(), new double[0], 0, 0)).getMessage(),
            assertThrows(IllegalArgumentException.class, () -> Figures.regionSizes("t", new int[0])).getMessage(),
            assertThrows(IllegalArgumentException.class,
                    () -> Figures.purity("t", List.of(), new int[0], new double[0], List.of())).getMessage(),
            assertThrows(IllegalArgumentException.class,
                    () -> Figures.activationPattern("t", List.of(), new double[0][], "a")).getMessage(),
        };
        for (String m : messages) {
            assertTrue(m.contains("nothing to draw: expected at least one"), m);
        }
    }

    @Test
    void shapeMismatchesSayExpectedAndGiven() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Figures.contributions("t", IRIS, new double[3], 0, 0));
        assertEquals("contributions figure: expected 4 contributions (one per feature), got 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Figures.contributions("t", IRIS, new double[] {0, Double.NaN, 0, 0}, 0, 0));
        assertTrue(e.getMessage().contains("expected finite contributions, got NaN at index 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Figures.activationPattern("t", List.of("a", "b"), new double[][] {{1}}, "x"));
        assertTrue(e.getMessage().contains("expected 2 rows of values (one per layer), got 1"), e.getMessage());
    }

    @Test
    void labelsAreEscapedForPlotlyMarkup() throws Exception {
        Figure f = Figures.contributions("a <b>bold</b> claim", List.of("x<5", "y&z"), new double[] {1, -1}, 0, 0);
        JsonNode j = json(f);
        assertEquals(List.of("x&lt;5", "y&amp;z"), texts(j.at("/layout/yaxis/categoryarray")));
        assertEquals("a <b>bold</b> claim", f.title());
        assertTrue(j.at("/layout/title/text").asText().startsWith("a &lt;b&gt;bold"));
    }
}
