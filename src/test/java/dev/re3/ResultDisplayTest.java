package dev.re3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.re3.data.Dataset;
import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import dev.re3.plot.Figure;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** How the results show themselves: text equal to toString, HTML with a table and a figure, natural plots. */
class ResultDisplayTest {
    static JsonNode json(Figure f) throws Exception {
        return new ObjectMapper().readTree(f.toJson());
    }

    static Dataset data(Network net, int n, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = RandomNetworks.input(r, net.inputSize());
            y[i] = r.nextInt(net.outputSize());
        }
        return Dataset.of("random", net.features(), net.classes(), net.inputShape(), x, y);
    }

    @Test
    void explanationShowsItsTableAndContributionBars() throws Exception {
        Explanation e = Re3.of(Re3Test.byHand()).explain(3, 1);
        assertEquals(e.toString(), e.toText());
        String html = e.toHtml();
        assertTrue(html.contains("<table") && html.contains("logitContribution"), html);
        assertTrue(html.contains("class=\"re3-figure\""), html);
        assertTrue(html.contains("predicted yes</b>"), html);
        Figure f = e.plot();
        assertEquals(List.of("bar", "bar"), f.traceTypes());
        JsonNode j = json(f);
        // C[yes] = (15, 1): both raise the logit 14.5 = -1.5 + 16
        assertEquals("[\"a = 3\",\"b = 1\"]", j.at("/layout/yaxis/categoryarray").toString());
        assertEquals("[15.0,1.0]", j.at("/data/0/x").toString());
        assertTrue(f.title().startsWith("Contributions to the logit of yes (predicted, p = "), f.title());
        assertTrue(j.at("/layout/title/text").asText().contains("logit 14.5 = bias -1.5 + sum of contributions 16"));
    }

    @Test
    void explanationFiguresForATabularInput() throws Exception {
        Explanation e = Re3.of(RandomNetworks.mlp(2, 0, 4, 8, 4, 3)).explain(0.3, -1.2, 0.8, 2.0);
        assertEquals(List.of("waterfall"), e.plotWaterfall().traceTypes());
        JsonNode map = json(e.plotMap()).at("/data/0");
        assertEquals(3, map.get("z").size());
        assertEquals(0, map.get("zmid").asDouble(), 0);
        JsonNode act = json(e.plotActivations()).at("/data/0");
        assertEquals(2, act.get("z").size(), "two hidden ReLU layers");
        assertEquals(8, act.get("z").get(1).size(), "the narrower layer is padded to the wider");
        assertEquals(List.of("bar", "bar"), e.plotLogOdds(0, 1).traceTypes());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, e::plotImage);
        assertTrue(bad.getMessage().contains("expected an image input [channels, height, width], got input shape [4]"),
                bad.getMessage());
        // a flat input viewed as an image, as for an MLP on MNIST
        assertEquals(List.of("heatmap", "heatmap", "contour"), e.plotImage(1, 2, 2).traceTypes());
        assertEquals(3, e.plotMap(1, 2, 2).traceTypes().size());
        bad = assertThrows(IllegalArgumentException.class, () -> e.plotImage(1, 3, 3));
        assertEquals("image shape: expected [channels, height, width] with 4 elements in all, got [1, 3, 3]",
                bad.getMessage());
    }

    @Test
    void explanationOfAnImageIsAHeatmapBesideTheImage() throws Exception {
        Network cnn = RandomNetworks.cnn(6);
        Explanation e = Re3.of(cnn).explain(RandomNetworks.input(new Random(1), cnn.inputSize()));
        Figure f = e.plot();
        assertEquals(List.of("heatmap", "heatmap", "contour"), f.traceTypes());
        JsonNode c = json(f).at("/data/1");
        assertEquals(0, c.get("zmid").asDouble(), 0);
        assertEquals(-c.get("zmax").asDouble(), c.get("zmin").asDouble(), 0);
        assertEquals(8, c.get("z").size());
        assertEquals(2 * 8 * 8, e.toTable().rowCount());
        String html = e.toHtml();
        assertTrue(html.contains("the 10 largest of 128 contributions"), "a long table is cut to its largest rows");
        assertEquals(10, html.split("<tr>", -1).length - 2, "header and ten rows");
        assertEquals(List.of("heatmap"), e.plotMap().traceTypes().subList(0, 1));
        assertEquals(3, e.plotMap().traceTypes().size(), "one panel per class");
    }

    @Test
    void logOddsShowThemselves() throws Exception {
        LogOdds lo = Re3.of(Re3Test.byHand()).explain(3, 1).logOdds(0, 1);
        String text = lo.toText();
        assertTrue(text.startsWith("log-odds yes vs no = +10.5 "), text);
        assertTrue(text.contains("a      +12\n") && text.contains("(bias) -0.5"), text);
        String html = lo.toHtml();
        assertTrue(html.contains("<table") && html.contains("class=\"re3-figure\""));
        JsonNode j = json(lo.plot());
        assertTrue(j.at("/layout/title/text").asText().contains("log-odds 10.5 = bias -0.5"));
        assertEquals("contribution to the log-odds", j.at("/layout/xaxis/title/text").asText());
        assertEquals(List.of("waterfall"), lo.plotWaterfall().traceTypes());
    }

    @Test
    void datasetExplanationShowsSummaryLayersAndRegions() throws Exception {
        Network net = RandomNetworks.mlp(1, 0, 4, 8, 3);
        DatasetExplanation all = Re3.of(net).explainAll(data(net, 40, 1), data(net, 20, 2));
        assertEquals(all.toString(), all.toText());
        String html = all.toHtml();
        assertTrue(html.contains("Re3 dataset summary") && html.contains("hidden layers"), "both tables");
        assertTrue(html.contains("class=\"re3-figure\""));
        Figure purity = all.plot();
        assertTrue(purity.traceTypes().stream().allMatch("bar"::equals));
        assertEquals("stack", json(purity).at("/layout/barmode").asText());
        JsonNode sizes = json(all.plotRegionSizes()).at("/data/0/y");
        double regions = 0;
        for (JsonNode n : sizes) {
            regions += n.asDouble();
        }
        assertEquals(all.regionCount(), (int) regions);
        assertEquals(List.of("bar"), all.plotFeatureImportance().traceTypes());
        assertEquals(List.of("heatmap"), all.plotFeatureImportance(1, 2, 2).traceTypes());
        assertEquals(List.of("bar"), all.plotLayers().traceTypes());
        JsonNode act = json(all.plotActivations()).at("/data/0/z/0");
        assertEquals(8, act.size());
        for (JsonNode v : act) {
            assertTrue(v.asDouble() >= 0 && v.asDouble() <= 1);
        }
    }

    @Test
    void datasetFiguresOfImagesAndOfNetworksWithoutHiddenLayers() throws Exception {
        Network cnn = RandomNetworks.cnn(6);
        DatasetExplanation all = Re3.of(cnn).explainAll(data(cnn, 10, 3));
        assertEquals(List.of("heatmap"), all.plotFeatureImportance().traceTypes());
        Network linear = RandomNetworks.mlp(3, 0, 4, 3);
        DatasetExplanation flat = Re3.of(linear).explainAll(data(linear, 5, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, flat::plotLayers);
        assertTrue(e.getMessage().contains("nothing to draw"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Re3.of(linear).explain(1, 2, 3, 4).plotActivations());
        assertTrue(e.getMessage().contains("nothing to draw: expected hidden ReLU layers, got none"), e.getMessage());
    }
}
