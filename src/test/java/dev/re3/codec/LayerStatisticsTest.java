package dev.re3.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.data.Dataset;
import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layer statistics against their formulas worked out by hand on small vectors. */
class LayerStatisticsTest {
    @Test
    void hoyerSparsityOfHandWorkedVectors() {
        assertEquals(1.0, Stats.hoyer(new double[] {0, -5, 0, 0}), 1e-15);
        assertEquals(0.0, Stats.hoyer(new double[] {2, -2, 2, 2}), 1e-15);
        // |v|_1 = 7, |v|_2 = 5, n = 2
        assertEquals((Math.sqrt(2) - 7.0 / 5) / (Math.sqrt(2) - 1), Stats.hoyer(new double[] {3, 4}), 1e-15);
        assertTrue(Double.isNaN(Stats.hoyer(new double[] {0, 0, 0})));
    }

    @Test
    void decorrelationIsMinusPearsonOfTheSignParts() {
        // neg = [-1, 0, -3, 0], pos = [0, 2, 0, 4]: centred [0, 1, -2, 1] and [-1.5, .5, -1.5, 2.5];
        // sum of products 6, sums of squares 6 and 11
        double expected = -6 / Math.sqrt(66);
        assertEquals(expected, Stats.decorrelation(new double[] {-1, 2, -3, 4}, false), 1e-15);
        assertEquals(expected, Stats.decorrelation(new double[] {-1, 0, -3, 0, 0, 2, 0, 4}, true), 1e-15);
        assertTrue(Double.isNaN(Stats.decorrelation(new double[] {1, 2, 3}, false)), "no negative part");
    }

    @Test
    void dimensionalityOfHandWorkedClassMeans() {
        // variance along x only: one component, participation 1
        double[] l = Stats.pcaVariances(new double[][] {{1, 0}, {-1, 0}, {0, 0}});
        assertEquals(1.0, l[0], 1e-12);
        assertEquals(1, Stats.componentsFor(l, 0.95));
        assertEquals(1.0, Stats.participationRatio(l), 1e-12);
        // variances 8/3 (y) and 2/3 (x): the first holds 80%, so two components; participation 100/68
        l = Stats.pcaVariances(new double[][] {{1, 0}, {-1, 0}, {0, 2}, {0, -2}});
        assertEquals(8.0 / 3, l[0], 1e-12);
        assertEquals(2.0 / 3, l[1], 1e-12);
        assertEquals(2, Stats.componentsFor(l, 0.95));
        assertEquals(1, Stats.componentsFor(l, 0.8));
        assertEquals(100.0 / 68, Stats.participationRatio(l), 1e-12);
        double[][] means = Stats.classMeans(new double[][] {{1, 2}, {3, 4}, {10, 0}}, new int[] {0, 0, 2});
        assertEquals(2, means.length, "class 1 is absent");
        assertEquals(2.0, means[0][0], 0);
        assertEquals(3.0, means[0][1], 0);
        assertEquals(10.0, means[1][0], 0);
    }

    @Test
    void layerStatisticsOfANetworkUseTheFormulasPerInput() {
        Network net = RandomNetworks.mlp(3, 0.05, 4, 16, 8, 4, 3);
        double[][] xs = ContributionsTest.inputs(net, 30, 41);
        int[] labels = new int[30];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 3;
        }
        Contributions c = Contributions.of(net, Dataset.of(xs, labels));
        ContributionResult a = c.at("1.leaky_relu").activationTimesGradient();
        ContributionResult b = c.at("3.leaky_relu").activationTimesGradient();
        LayerStatistics s = LayerStatistics.of(List.of(a, b));
        assertEquals(2, s.layers().size());
        LayerStatistics.Layer first = s.layers().get(0);
        double sum = 0;
        for (int i = 0; i < 30; i++) {
            double[] v = a.values(i);
            double l1 = 0;
            double l2 = 0;
            for (double x : v) {
                l1 += Math.abs(x);
                l2 += x * x;
            }
            double h = (Math.sqrt(16) - l1 / Math.sqrt(l2)) / (Math.sqrt(16) - 1);
            assertEquals(h, first.hoyer()[i], 1e-12);
            sum += h;
        }
        assertEquals(sum / 30, first.meanHoyer(), 1e-12);
        // three class means span at most two dimensions
        assertTrue(first.components95() >= 1 && first.components95() <= 2, s.toString());
        assertEquals(2, s.toTable().rowCount());
        assertTrue(s.plot().toJson().contains("Hoyer sparsity, activations"));
        assertTrue(s.plotDimensionality().toJson().contains("participation ratio"));
        assertTrue(s.toString().contains("3.leaky_relu"), s.toString());
        assertThrows(IllegalArgumentException.class, () -> LayerStatistics.of(List.of()));
    }
}
