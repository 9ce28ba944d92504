package dev.re3;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.codec.Contributions;
import dev.re3.fixtures.RandomNetworks;
import dev.re3.interaction.InteractionBasis;
import dev.re3.net.Network;
import dev.re3.nmf.SemiNmf;
import dev.re3.plot.Presentable;
import dev.re3.region.SiteForward;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The results of the method packages show themselves in a notebook: summary, table and figure. */
class NewResultsShowThemselvesTest {
    @Test
    void summaryTableAndFigure() {
        Network net = RandomNetworks.mlp(3, 0.0, 4, 8, 6, 3);
        Random r = new Random(4);
        double[][] xs = new double[40][];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = RandomNetworks.input(r, 4);
        }
        String site = net.sites().get(1).name();
        List<Presentable> results = List.of(
                Contributions.of(net, xs).at(site).activationTimesGradient(),
                InteractionBasis.of(net).fit(xs),
                SemiNmf.of(2).optSeed(0).fit(SiteForward.of(net).activations(xs, site)),
                dev.re3.sae.SiteActivations.of(net, dev.re3.data.Dataset.of(xs, new int[xs.length])).splice(site,
                        dev.re3.sae.Sae.topk(4, 1).optSeed(0).optEpochs(1).optProgress(false)
                                .fit(SiteForward.of(net).activations(xs, site)).sae()));
        for (Presentable p : results) {
            String html = p.toHtml();
            String name = p.getClass().getSimpleName();
            assertTrue(html.contains("re3-result"), name);
            assertTrue(html.contains("<table"), name + " shows its table");
            assertTrue(html.contains("re3-figure"), name + " shows its figure");
            assertTrue(p.toText().startsWith(p.toString()), name);
        }
    }
}
