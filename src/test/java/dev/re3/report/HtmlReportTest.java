package dev.re3.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.Re3;
import dev.re3.data.Dataset;
import dev.re3.net.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report: sections, inline SVG, escaping, the logit equation, no external resources. */
class HtmlReportTest {
    @TempDir
    Path dir;

    /** Two inputs, two classes, hostile names. */
    static Network network() {
        return Network.builder(2)
                .dense(new double[][] {{1, -1}, {2, 1}, {-1, 0.5}}, new double[] {0, -1, 0.2}).relu()
                .dense(new double[][] {{1, 2, 0}, {-1, 1, 1}}, new double[] {0.5, 0}).softmax()
                .features("<b>bold</b>", "a & \"b\"").classes("yes<script>", "no").build();
    }

    static Dataset data(Network net) {
        double[][] x = {{3, 1}, {-1, 2}, {0.5, 0.5}, {2, -1}, {-2, -2}, {1, 3}};
        int[] y = {0, 1, 0, 0, 1, 1};
        return Dataset.of("toy", net.features(), net.classes(), x, y);
    }

    static HtmlReport report() {
        Network net = network();
        Re3 re3 = Re3.of(net);
        Dataset d = data(net);
        return HtmlReport.builder(net)
                .title("Toy <report>")
                .description("Made for a test & nothing else.")
                .data(re3.explainAll(d.head(4), d))
                .example("input 1", re3.explain(3, 1))
                .example("input 2", re3.explain(-1, 2).forClass(0))
                .provenance(Map.of("seed", 7, "nested", Map.of("key", "<v>")))
                .generated("2026-01-01T00:00:00Z")
                .build();
    }

    @Test
    void hasEverySection() {
        String html = report().html();
        for (String part : List.of("<h2>Model</h2>", "Layers (sites)", "<h2>Dataset summary</h2>", "<h2>Hidden layers</h2>",
                "Dead units", "<h2>Global feature importance</h2>", "<h2>Regions</h2>", "<h2>Example explanations</h2>",
                "The equation for every class", "<footer>", "2026-01-01T00:00:00Z", "nested.key")) {
            assertTrue(html.contains(part), "missing " + part);
        }
        assertEquals(3, count(html, "<svg "), "one chart for the importance, one per example");
        assertTrue(html.contains("<rect") && html.contains(SvgBars.POSITIVE), html);
        assertTrue(html.contains("class=\"axis\">contribution W[c][i]"), html);
    }

    @Test
    void escapesEveryText() {
        String html = report().html();
        assertFalse(html.contains("<b>bold"), "feature names must be escaped");
        assertFalse(html.contains("<script"), "class names must be escaped");
        assertFalse(html.contains("<report>"));
        assertFalse(html.contains("<v>"));
        assertTrue(html.contains("&lt;b&gt;bold&lt;/b&gt;"));
        assertTrue(html.contains("a &amp; &quot;b&quot;"));
        assertTrue(html.contains("yes&lt;script&gt;"));
        assertTrue(html.contains("Toy &lt;report&gt;"));
    }

    @Test
    void isSelfContained() {
        String html = report().html();
        assertFalse(html.contains("src="));
        assertFalse(html.contains("href="));
        assertFalse(html.contains("url("));
        assertFalse(html.contains("@import"));
        assertEquals(count(html, "http"), count(html, "http://www.w3.org/2000/svg"), "only the SVG namespace");
    }

    @Test
    void equationHoldsForTheExample() {
        String html = report().html();
        // x = (3, 1): z1 = (2, 6, -2.3), h = (2, 6, 0), logits = (14.5, 4); W[0] = (5, 1), b[0] = -1.5.
        assertTrue(html.contains("16.00 + (-1.500) = 14.50;  network logit 14.50, difference 0.00e+00"), html);
    }

    @Test
    void examplesSumTheirSmallestBarsWhenThereAreMany() {
        Network net = network();
        var e = Re3.of(net).explain(3, 1);
        List<SvgBars.Bar> bars = ExampleSection.bars(e, 0, 12);
        assertEquals(2, bars.size());
        assertEquals(15.0, bars.get(0).value(), 1e-12);
        assertEquals(1.0, bars.get(1).value(), 1e-12);
    }

    @Test
    void writesAtomically() throws Exception {
        Path file = dir.resolve("sub/report.html");
        HtmlReport r = report();
        r.write(file);
        assertEquals(r.html(), Files.readString(file));
        try (var list = Files.list(file.getParent())) {
            assertEquals(1, list.count(), "no temporary file is left behind");
        }
    }

    @Test
    void rejectsAnExampleOfAnotherNetwork() {
        Network other = Network.builder(3).dense(new double[][] {{1, 1, 1}, {0, 1, 0}}, new double[] {0, 0}).build();
        HtmlReport.Builder b = HtmlReport.builder(network());
        var e = Re3.of(other).explain(1, 2, 3);
        assertThrows(IllegalArgumentException.class, () -> b.example("other", e));
    }

    private static int count(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
