package dev.re3.region;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Regions and batches of local maps as text and as HTML tables (no figures here: computing never draws). */
class RegionDisplayTest {
    @Test
    void regionShowsItsMap() {
        Network net = RandomNetworks.mlp(1, 0, 4, 8, 3);
        Region r = Region.of(net, new double[] {0.5, -1, 2, 0.1});
        String text = r.toText();
        assertTrue(text.startsWith("Region " + r.id() + ", patterns " + r.patterns()), text);
        assertTrue(text.contains("3 classes x 4 inputs"), text);
        assertTrue(text.lines().count() == 5, "a line per class: " + text);
        String html = r.toHtml();
        assertTrue(html.contains("<table") && html.contains("W[x3]") && html.contains(r.id()), html);
    }

    @Test
    void localMapsShowTheirFirstInputs() {
        Network net = RandomNetworks.mlp(2, 0, 4, 8, 3);
        Random rnd = new Random(3);
        double[][] xs = new double[25][];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = RandomNetworks.input(rnd, 4);
        }
        LocalMaps maps = Linearizer.of(net).linearize(xs);
        assertTrue(maps.toText().startsWith("25 local maps (3 classes x 4 inputs) in "), maps.toText());
        String html = maps.toHtml();
        assertTrue(html.contains("the first 20 of 25 inputs"), html);
        assertTrue(html.split("<tr>", -1).length - 1 == 21, "a header and twenty rows");
    }

    @Test
    void namesAreEscaped() {
        Network net = Network.builder(2).dense(new double[][] {{1, 0}, {0, 1}}, new double[] {0, 0}).relu()
                .dense(new double[][] {{1, 1}}, new double[] {0}).features("<a>", "b&c").classes("<script>").build();
        String html = Region.of(net, new double[] {1, 2}).toHtml();
        assertTrue(html.contains("W[&lt;a&gt;]") && html.contains("&lt;script&gt;") && !html.contains("<script>"), html);
    }
}
