package dev.re3.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** The figure model: HTML with plotly.js embedded once, self-contained files, text, immutability. */
@Isolated
class FigureTest {
    static final Pattern REMOTE_SCRIPT = Pattern.compile("<script[^>]*\\ssrc\\s*=\\s*[\"']?(https?:)?//",
            Pattern.CASE_INSENSITIVE);

    static Figure bars() {
        return Figures.contributions("Why setosa?", FiguresTest.IRIS, new double[] {0.12, -0.35, 2.31, 1.10}, 0.52, 3.70);
    }

    static String plotlySource() throws Exception {
        try (InputStream in = Figure.class.getResourceAsStream("plotly-2.35.3.min.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theShippedPlotlyIsThePinnedOne() throws Exception {
        try (InputStream in = Figure.class.getResourceAsStream(PlotlyJs.RESOURCE)) {
            assertEquals(PlotlyJs.SHA256, PlotlyJs.sha256(in.readAllBytes()));
        }
        assertTrue(plotlySource().startsWith("/**\n* plotly.js v2.35.3"));
        assertEquals("2.35.3", Figure.plotlyVersion());
        try (InputStream in = Figure.class.getResourceAsStream("PLOTLY-NOTICE.txt")) {
            String notice = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(notice.contains(PlotlyJs.SHA256) && notice.contains("MIT License"));
        }
    }

    @Test
    void theFirstOutputOfASessionEmbedsPlotlyAndLaterOnesWaitForIt() throws Exception {
        Figure.embedPlotlyAgain();
        String first = bars().toHtml();
        String second = bars().toHtml();
        assertTrue(first.contains("plotly.js v2.35.3") && first.length() > 4_000_000, "first output embeds plotly.js");
        assertTrue(first.contains("if (!window.Plotly) {"), "loaded only where the page has none");
        assertTrue(first.contains("(function (define, exports, module) {"), "require.js's define is hidden");
        assertTrue(first.contains("window.re3PendingFigures"), "waiting figures are drawn afterwards");
        assertFalse(second.contains("plotly.js v2.35.3"), "later outputs do not embed it again");
        assertTrue(second.length() < 20_000);
        assertTrue(second.contains("if (window.Plotly) { draw(); return; }"));
        assertTrue(second.contains("waiting for plotly.js"), "a short message while plotly.js is absent");
        Figure.embedPlotlyAgain();
        assertTrue(bars().toHtml().contains("plotly.js v2.35.3"));
        assertFalse(bars().toHtml(false).contains("plotly.js v2.35.3"));
        assertTrue(bars().toHtml(true).contains("plotly.js v2.35.3"));
    }

    @Test
    void htmlHasADivAndItsScriptWithUniqueIds() {
        String a = bars().toHtml(false);
        String b = bars().toHtml(false);
        String id = a.substring(a.indexOf("id=\"") + 4, a.indexOf('"', a.indexOf("id=\"") + 4));
        assertTrue(id.startsWith("re3-fig-"));
        assertTrue(a.contains("document.getElementById('" + id + "')"));
        assertFalse(b.contains(id), "two outputs of one figure get different ids");
        assertTrue(a.contains("Plotly.newPlot(el, fig.data, fig.layout, fig.config)"));
        assertFalse(REMOTE_SCRIPT.matcher(a).find());
    }

    @Test
    void textInTheJsonCannotCloseTheScript() {
        Figure f = Figures.contributions("</script><script>alert(1)</script>", List.of("a</script>"), new double[] {1},
                0, 1);
        String html = f.toHtml(false);
        assertEquals(1, html.split("</script>", -1).length - 1, "only the figure's own script element ends");
        assertTrue(f.toJson().contains("&lt;/script&gt;"));
    }

    @Test
    void saveWritesOneSelfContainedFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("sub/bars.html");
        Path written = bars().save(target);
        assertEquals(target.toAbsolutePath(), written);
        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(List.of(written), files.filter(Files::isRegularFile).toList(), "no temporary files left");
        }
        String page = Files.readString(written);
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertTrue(page.contains("<title>Why setosa?</title>"));
        assertTrue(page.contains(plotlySource()), "plotly.js embedded whole");
        assertFalse(REMOTE_SCRIPT.matcher(page).find(), "no script from the network");
        assertEquals(page.split("cdn.plot.ly", -1).length, plotlySource().split("cdn.plot.ly", -1).length,
                "no CDN address besides those inside plotly.js (map data, unused here)");
        assertEquals(1, page.split("class=\"re3-figure\"", -1).length - 1);
    }

    @Test
    void saveEmbedsPlotlyEvenAfterTheSessionHasIt(@TempDir Path dir) throws Exception {
        bars().toHtml();
        bars().toHtml();
        assertTrue(Files.readString(bars().save(dir.resolve("again.html"))).contains("plotly.js v2.35.3"));
    }

    @Test
    void saveIntoAFolderSaysSo(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bars().save(dir));
        assertTrue(e.getMessage().contains("expected a file name, got the folder"), e.getMessage());
    }

    @Test
    void textDescribesTitleTracesAndAxes() {
        String text = bars().toText();
        assertEquals(text, bars().toString());
        assertTrue(text.startsWith("Figure \"Why setosa?\" (logit 3.7 = bias 0.52 + sum of contributions 3.18): 2 traces"),
                text);
        assertTrue(text.contains("1. bar \"raises the logit\", 3 points, x in [0.12, 2.31]"), text);
        assertTrue(text.contains("2. bar \"lowers the logit\", 1 point, x in [-0.35, -0.35]"), text);
        assertTrue(text.contains("xaxis: \"contribution to the logit\" range ["), text);
    }

    @Test
    void withMethodsReturnChangedCopies() throws Exception {
        Figure f = bars();
        Figure g = f.withTitle("Another <title>").withSize(640, 300).withAxisTitles("x", "y");
        assertEquals("Why setosa?", f.title());
        assertEquals("Another <title>", g.title());
        assertNotEquals(f, g);
        assertEquals(f, bars());
        var j = FiguresTest.json(g);
        assertEquals(640, j.at("/layout/width").asInt());
        assertEquals(300, j.at("/layout/height").asInt());
        assertEquals("y", j.at("/layout/yaxis/title/text").asText());
        assertTrue(g.toHtml(false).contains("width:640px;height:300px"));
        assertThrows(IllegalArgumentException.class, () -> f.withSize(10, 10));
    }

    @Test
    void fromJsonRoundTripsAndRejectsWhatIsNotAFigure() {
        Figure f = bars();
        assertEquals(f, Figure.fromJson(f.toJson()));
        assertEquals(List.of("scatter"), Figure.fromJson("{\"data\": [{\"y\": [1, 2]}]}").traceTypes());
        for (String bad : new String[] {"[1, 2]", "{\"layout\": {}}", "{\"data\": [1]}", "{\"data\": [], \"layout\": 3}",
            "not json"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Figure.fromJson(bad));
            assertTrue(e.getMessage().startsWith("figure JSON: expected"), e.getMessage());
        }
    }
}
