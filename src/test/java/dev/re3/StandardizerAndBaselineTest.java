package dev.re3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.data.Standardizer;
import dev.re3.io.ModelJson;
import dev.re3.net.Network;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw inputs through a standardizer, targets and baselines, on {@link Re3Test#byHand()} with
 * {@code mu = (1, 2)}, {@code sigma = (2, 0.5)}: the raw input {@code (7, 2.5)} standardises to {@code (3, 1)},
 * where {@code W = [[5,1],[1,2]]}, {@code b = (-1.5,-1)} and the logits are {@code (14.5, 4)}.
 */
class StandardizerAndBaselineTest {
    static final double EPS = 1e-12;
    static final Standardizer ST = Standardizer.of(new double[] {1, 2}, new double[] {2, 0.5});

    static Re3 raw() {
        return Re3.of(Re3Test.byHand()).withStandardizer(ST);
    }

    @Test
    void rawUnitMapIsWOverSigmaAndSumsToTheLogit() {
        Explanation e = raw().explain(7, 2.5);
        assertArrayEquals(new double[] {14.5, 4}, e.logits(), EPS);
        assertArrayEquals(new double[] {7, 2.5}, e.input(), EPS);
        assertArrayEquals(new double[] {3, 1}, e.networkInput(), EPS);
        // W_raw = W / sigma; b_raw = b - W mu / sigma = (-1.5 - 2.5 - 4, -1 - 0.5 - 8).
        assertArrayEquals(new double[] {2.5, 2}, e.weight()[0], EPS);
        assertArrayEquals(new double[] {0.5, 4}, e.weight()[1], EPS);
        assertArrayEquals(new double[] {-8, -9.5}, e.bias(), EPS);
        assertArrayEquals(new double[] {17.5, 5}, e.contributions(0), EPS);
        assertArrayEquals(new double[] {3.5, 10}, e.contributions(1), EPS);
        assertTrue(e.completenessDelta() <= EPS);
        assertEquals(10.5, e.logOdds(0, 1).value(), EPS);
        assertTrue(e.logOdds(0, 1).completenessDelta() <= EPS);
        // the region is that of the network with its standardize layer: the same pattern, the raw-unit map; the
        // network behind the layer keeps its own map
        assertArrayEquals(new double[] {2.5, 2}, e.region().weight()[0], EPS);
        assertEquals(Re3.of(Re3Test.byHand()).region(3, 1).id(), e.region().id());
        assertArrayEquals(new double[] {5, 1}, Re3.of(Re3Test.byHand()).region(3, 1).weight()[0], EPS);
    }

    @Test
    void againstTheTrainingMeanTheyAreTheStandardisedNetworksContributions() {
        Explanation e = raw().explain(7, 2.5);
        Explanation standardised = Re3.of(Re3Test.byHand()).explain(3, 1);
        Baseline d = e.relativeToTrainingMean();
        for (int c = 0; c < 2; c++) {
            assertArrayEquals(standardised.contributions(c), d.contributions(c), EPS);
        }
        assertArrayEquals(new double[] {15, 1}, d.contributions(0), EPS);
        // f(mu) = f_net(0): hidden (0, -1) -> (0, 0), logits b2 = (0.5, 0); another region ("00"), so the
        // sums (16, 5) miss f(x) - f(x0) = (14, 4) by (2, 1).
        assertArrayEquals(new double[] {0.5, 0}, d.baselineLogits(), EPS);
        assertFalse(d.sameRegion());
        assertEquals(2, d.completenessDelta(), EPS);
        assertTrue(d.toText().contains("another region"), d.toText());
    }

    @Test
    void aBaselineInTheSameRegionSumsToTheDifferenceOfLogits() {
        // raw (5, 2.5) standardises to (2, 1): hidden (1, 4), both on; f = (5*2 + 1 - 1.5, 2 + 2 - 1) = (9.5, 3).
        Baseline d = raw().explain(7, 2.5).relativeTo(5, 2.5);
        assertTrue(d.sameRegion());
        assertArrayEquals(new double[] {9.5, 3}, d.baselineLogits(), EPS);
        assertArrayEquals(new double[] {5, 0}, d.contributions(0), EPS);
        assertArrayEquals(new double[] {1, 0}, d.contributions(1), EPS);
        assertTrue(d.completenessDelta() <= EPS);
        assertFalse(d.toString().contains("[D@"), d.toString());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> raw().explain(7, 2.5).relativeTo(1, 2, 3));
        assertTrue(wrong.getMessage().contains("expected 2 values") && wrong.getMessage().contains("got 3"),
                wrong.getMessage());
        IllegalStateException noMean = assertThrows(IllegalStateException.class,
                () -> Re3.of(Re3Test.byHand()).explain(3, 1).relativeToTrainingMean());
        assertTrue(noMean.getMessage().contains("relativeTo(train.means())"), noMean.getMessage());
    }

    @Test
    void explainForATargetByIndexOrName() {
        double[] x = {7, 2.5};
        Explanation byIndex = raw().explain(x, 1);
        Explanation byName = raw().explain(x, "no");
        assertEquals(1, byIndex.target());
        assertEquals(1, byName.target());
        assertEquals(0, byIndex.predicted());
        assertTrue(byIndex.toTable().name().contains("class no"), byIndex.toTable().name());
        IllegalArgumentException index = assertThrows(IllegalArgumentException.class, () -> raw().explain(x, 2));
        assertTrue(index.getMessage().contains("[yes, no]") && index.getMessage().contains("got 2"), index.getMessage());
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () -> raw().explain(x, "maybe"));
        assertTrue(name.getMessage().contains("[yes, no]") && name.getMessage().contains("'maybe'"), name.getMessage());
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class, () -> raw().explain(x).logOdds(1, 1));
        assertTrue(same.getMessage().contains("two different classes"), same.getMessage());
    }

    @Test
    void loadAppliesTheRecordedStandardizer(@TempDir Path dir) {
        Network net = Re3Test.byHand();
        Path file = dir.resolve("m.json");
        ModelJson.write(net, file, Map.of(Standardizer.PROVENANCE_KEY,
                Map.of("means", new double[] {1, 2}, "stds", new double[] {2, 0.5})));
        Re3 re3 = Re3.load(file);
        assertTrue(re3.standardizer().isPresent());
        assertArrayEquals(new double[] {14.5, 4}, re3.explain(7, 2.5).logits(), EPS);
        assertArrayEquals(new double[] {14.5, 4}, re3.region(7, 2.5).logits(), EPS);
        // the path and the plane are taken through the raw points
        assertEquals(Re3.of(net).path(new double[] {3, 1}, new double[] {0, 0}).segments().size(),
                re3.path(new double[] {7, 2.5}, new double[] {1, 2}).segments().size());
        assertThrows(IllegalArgumentException.class, () -> Re3.of(net).withStandardizer(
                Standardizer.of(new double[] {0, 0, 0}, new double[] {1, 1, 1})));
    }

    @Test
    void anInputFarOutsideTheTrainingDataIsWarnedAbout() {
        // a = 29 is (29 - 1) / 2 = 14 standard deviations from the training mean
        Explanation far = raw().explain(29, 2.5);
        assertEquals(14, far.farthestFromTrainingMean(), EPS);
        String w = far.warning().orElseThrow();
        assertTrue(w.contains("a = 29") && w.contains("14.0 standard deviations"), w);
        assertTrue(far.toString().contains(w), far.toString());
        assertTrue(far.toHtml().contains("14.0 standard deviations"), "the notebook view shows it too");
        assertTrue(raw().explain(7, 2.5).warning().isEmpty());
        assertTrue(Re3.of(Re3Test.byHand()).explain(300, 1).warning().isEmpty(), "no training data known, no warning");
    }

    @Test
    void everyMethodTakesRawUnitsThroughTheLayerWithNoSpecialCase() {
        double[][] rawX = {{7, 2.5}, {5, 2.5}, {-1, 3}, {3, 1.5}};
        double[][] z = ST.apply(rawX);
        int[] labels = {0, 0, 1, 1};
        dev.re3.data.Dataset rawData = dev.re3.data.Dataset.of(rawX, labels);
        dev.re3.data.Dataset standardised = dev.re3.data.Dataset.of(z, labels);
        // dataset importance: against the training mean, the standardised network's own
        tech.tablesaw.api.Table a = raw().explainAll(rawData).featureImportance();
        tech.tablesaw.api.Table b = Re3.of(Re3Test.byHand()).explainAll(standardised).featureImportance();
        for (int col = 1; col < a.columnCount(); col++) {
            for (int row = 0; row < a.rowCount(); row++) {
                assertEquals(((Number) b.get(row, col)).doubleValue(), ((Number) a.get(row, col)).doubleValue(), EPS);
            }
        }
        // hidden-unit contributions (codec, activation x gradient) at the ReLU, whose site is "2.relu" behind the layer
        dev.re3.codec.ContributionResult viaLayer = raw().contributions(rawData).at("2.relu").activationTimesGradient();
        dev.re3.codec.ContributionResult own = Re3.of(Re3Test.byHand()).contributions(standardised).at("1.relu")
                .activationTimesGradient();
        for (int n = 0; n < rawX.length; n++) {
            assertArrayEquals(own.values(n), viaLayer.values(n), EPS);
        }
        // exact integrated gradients from the raw baseline 0 sum to f(x) - f(0) in raw units
        dev.re3.attribution.AttributionResult ig = raw().attribution("integrated-gradients").attribute(rawX[0], 0);
        assertTrue(ig.completenessDelta() <= 1e-9, ig.toString());
        assertEquals(raw().explain(rawX[0]).region().id(), Re3.of(Re3Test.byHand()).region(z[0]).id());
    }
}
