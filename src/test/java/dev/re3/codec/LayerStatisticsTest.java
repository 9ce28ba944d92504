package dev.re3.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.data.Dataset;
import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Dense;
import dev.re3.net.Network;
import dev.re3.net.Relu;
import java.util.List;
import java.util.function.Function;
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

    /**
     * 1 -> 3 (ReLU, the site 1.relu) -> 1 (ReLU) -> 3, target logit 0. Along the path {@code u = t x}:
     * {@code h = [u, 0.5 - u, 2u - 0.5]}, {@code a = relu(h)}, {@code h2 = a_0 + a_1 - a_2 + 0.2}, logit 0
     * {@code = 2 relu(h2)}, so {@code dT/da = 2 [1, 1, -1]} while {@code h2 > 0} and 0 after. For {@code x = 1},
     * {@code h2 = 0.7} on [0, .25], {@code 1.2 - 2u} on [.25, .5], {@code 0.7 - u} on [.5, 1]: it turns off at
     * {@code u = 0.7}, where {@code a = [0.7, 0, 0.9]}; from {@code a(0) = [0, 0.5, 0]} the exact integral is
     * {@code 2 [1, 1, -1] * [0.7, -0.5, 0.9] = [1.4, -1, -1.8]} (sum -1.4 = T(1) - T(0) = 0 - 1.4). Two trapezoid
     * steps see {@code a = [0.5, 0, 0.5]}, {@code [1, 0, 1.5]} and gradients 2g, 2g, 0:
     * {@code 2g * [0.5, -0.5, 0.5] + g * [0.5, 0, 1] = [1.5, -1, -2]}. For {@code x = 0.4} and {@code x = -1}
     * the gradient stays {@code 2 [1, 1, -1]}, so both give {@code 2g * (a(x) - a(0))}: {@code [0.8, -0.8, -0.6]}
     * and {@code [0, 2, 0]}.
     */
    static Network handWorked() {
        return new Network(new int[] {1}, List.of(), List.of(), List.of(
                new Dense(new double[][] {{1}, {-1}, {2}}, new double[] {0, 0.5, -0.5}), new Relu(),
                new Dense(new double[][] {{1, 1, -1}}, new double[] {0.2}), new Relu(),
                new Dense(new double[][] {{2}, {-1}, {0}}, new double[] {0, 0.3, 0.1})), false);
    }

    static double hoyer(double[] v) {
        double l1 = 0;
        double l2 = 0;
        for (double x : v) {
            l1 += Math.abs(x);
            l2 += x * x;
        }
        double n = Math.sqrt(v.length);
        return (n - l1 / Math.sqrt(l2)) / (n - 1);
    }

    /**
     * Participation ratio and 95% components of three class means {@code m} ({@code [3][d]}): the centred Gram
     * matrix {@code G / 2} has rank 2 at most, so its eigenvalues solve {@code l^2 - tr l + e2 = 0} with
     * {@code e2} the sum of its 2 x 2 principal minors; returns {participation, components}.
     */
    static double[] dimensionOfThree(double[][] m) {
        int d = m[0].length;
        double[][] c = new double[3][d];
        for (int j = 0; j < d; j++) {
            double mean = (m[0][j] + m[1][j] + m[2][j]) / 3;
            for (int i = 0; i < 3; i++) {
                c[i][j] = m[i][j] - mean;
            }
        }
        double[][] g = new double[3][3];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                for (int j = 0; j < d; j++) {
                    g[a][b] += c[a][j] * c[b][j] / 2;
                }
            }
        }
        double tr = g[0][0] + g[1][1] + g[2][2];
        double e2 = g[0][0] * g[1][1] - g[0][1] * g[1][0] + g[0][0] * g[2][2] - g[0][2] * g[2][0]
                + g[1][1] * g[2][2] - g[1][2] * g[2][1];
        double l1 = (tr + Math.sqrt(tr * tr - 4 * e2)) / 2;
        return new double[] {tr * tr / (tr * tr - 2 * e2), l1 >= 0.95 * tr ? 1 : 2};
    }

    @Test
    void integratedGradientStatisticsOfAHandWorkedNetwork() {
        Network net = handWorked();
        Contributions c = Contributions.of(net, Dataset.of(new double[][] {{1}, {0.4}, {-1}}, new int[] {0, 1, 2}))
                .optTarget(Target.logit(0)).at("1.relu");
        double[][] trapezoid = {{1.5, -1, -2}, {0.8, -0.8, -0.6}, {0, 2, 0}};
        double[][] exact = {{1.4, -1, -1.8}, {0.8, -0.8, -0.6}, {0, 2, 0}};
        double[][] activations = {{1, 0, 1.5}, {0.4, 0.1, 0.3}, {0, 1.5, 0}};
        ContributionResult r2 = c.integrated(2);
        ContributionResult rx = c.exact();
        for (int i = 0; i < 3; i++) {
            for (int u = 0; u < 3; u++) {
                assertEquals(trapezoid[i][u], r2.values(i)[u], 1e-12, "trapezoid input " + i + " unit " + u);
                assertEquals(exact[i][u], rx.values(i)[u], 1e-12, "exact input " + i + " unit " + u);
            }
        }
        // neg/pos of the first input: trapezoid [0, -1, -2] / [1.5, 0, 0], centred [1, 0, -1] / [1, -.5, -.5]:
        // r = 1.5 / sqrt(2 * 1.5) = sqrt(3) / 2; exact [0, -1, -1.8] / [1.4, 0, 0], means -2.8/3 and 1.4/3
        double rTrap = Math.sqrt(3) / 2;
        double rExact = (1.4 * 2 / 3 * (0 - (-2.8 / 3)) + (-1.4 / 3) * (-1 + 2.8 / 3) + (-1.4 / 3) * (-1.8 + 2.8 / 3))
                / Math.sqrt((4 * 1.4 * 1.4 / 9 + 2 * 1.4 * 1.4 / 9)
                        * (2.8 * 2.8 / 9 + Math.pow(1 - 2.8 / 3, 2) + Math.pow(1.8 - 2.8 / 3, 2)));
        // x = 0.4: neg [0, -.8, -.6], pos [.8, 0, 0]: centred [.4667, -.3333, -.1333] / [.5333, -.2667, -.2667]
        double r04 = (7.0 / 15 * 8.0 / 15 + 1.0 / 3 * 4.0 / 15 + 2.0 / 15 * 4.0 / 15)
                / Math.sqrt((49.0 / 225 + 25.0 / 225 + 4.0 / 225) * (64.0 / 225 + 16.0 / 225 + 16.0 / 225));
        for (Object[] run : new Object[][] {{r2, trapezoid, rTrap}, {rx, exact, rExact}}) {
            ContributionResult r = (ContributionResult) run[0];
            double[][] v = (double[][]) run[1];
            LayerStatistics.Layer l = r.statistics().layers().get(0);
            assertEquals("1.relu", l.site());
            assertEquals(r.method(), l.method());
            assertEquals(3, l.width());
            for (int i = 0; i < 3; i++) {
                assertEquals(hoyer(v[i]), l.hoyer()[i], 1e-12, l.method() + " Hoyer of input " + i);
                assertEquals(hoyer(activations[i]), l.hoyerActivations()[i], 1e-12, "Hoyer of activations " + i);
            }
            assertEquals(1.0, l.hoyer()[2], 1e-12, "one non-zero contribution");
            assertEquals(-(double) run[2], l.decorrelation()[0], 1e-12, l.method() + " decorrelation of x = 1");
            assertEquals(-r04, l.decorrelation()[1], 1e-12, "decorrelation of x = 0.4");
            assertTrue(Double.isNaN(l.decorrelation()[2]), "x = -1 has no negative part");
            assertEquals((-(double) run[2] - r04) / 2, l.meanDecorrelation(), 1e-12);
            // one input per class: the class means are the inputs' vectors
            double[] dim = dimensionOfThree(v);
            assertEquals(dim[0], l.participationRatio(), 1e-9, l.method() + " participation ratio");
            assertEquals((int) dim[1], l.components95(), l.method() + " 95% components");
            double[] dimA = dimensionOfThree(activations);
            assertEquals(dimA[0], l.participationRatioActivations(), 1e-9);
            assertEquals((int) dimA[1], l.components95Activations());
        }
        // the trapezoid's first input is less sparse than the exact integral's: (sqrt 3 - 4.5 / sqrt 7.25) / (sqrt 3 - 1)
        assertEquals((Math.sqrt(3) - 4.5 / Math.sqrt(7.25)) / (Math.sqrt(3) - 1), r2.statistics().layers().get(0).hoyer()[0],
                1e-12);
        assertTrue(r2.statistics().toTable().stringColumn("method").get(0).contains("2 steps"));
        assertTrue(rx.statistics().toString().contains("exact integral"), rx.statistics().toString());
    }

    /**
     * The statistics of integrated gradients over a dataset, through the fluent API, equal those taken from
     * each input's own result, for per-unit and sign-split contributions of a CNN and the units of an MLP.
     */
    @Test
    void integratedGradientStatisticsEqualThoseOfThePerInputResults() {
        record Case(Network net, List<String> sites, Reduction reduction) {}
        Network cnn = RandomNetworks.cnn(5);
        List<Case> cases = List.of(new Case(cnn, List.of("2.relu", "5.leaky_relu"), Reduction.SIGN_SPLIT),
                new Case(cnn, List.of("2.relu"), Reduction.NONE),
                new Case(RandomNetworks.mlp(3, 0.05, 4, 16, 8, 4, 3), List.of("1.leaky_relu", "3.leaky_relu"), Reduction.NONE));
        List<Function<Contributions, ContributionResult>> methods = List.of(c -> c.integrated(5), Contributions::exact,
                Contributions::activationTimesGradient);
        for (Case k : cases) {
            double[][] xs = ContributionsTest.inputs(k.net(), 9, 43);
            int[] labels = new int[xs.length];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = i % 3;
            }
            Contributions all = Contributions.of(k.net(), Dataset.of(xs, labels)).optReduce(k.reduction());
            for (Function<Contributions, ContributionResult> method : methods) {
                LayerStatistics bySite = all.statistics(k.sites(), method);
                assertEquals(k.sites().size(), bySite.layers().size());
                for (int s = 0; s < k.sites().size(); s++) {
                    String site = k.sites().get(s);
                    LayerStatistics.Layer l = bySite.layers().get(s);
                    LayerStatistics.Layer fluent = method.apply(all.at(site)).statistics().layers().get(0);
                    assertEquals(site, l.site());
                    double[][] v = new double[xs.length][];
                    double[][] a = new double[xs.length][];
                    for (int i = 0; i < xs.length; i++) {
                        ContributionResult one = method.apply(Contributions.of(k.net(), xs[i]).optReduce(k.reduction()).at(site));
                        assertEquals(one.method(), l.method());
                        v[i] = one.values(0);
                        a[i] = one.activations()[0];
                        assertEquals(hoyer(v[i]), l.hoyer()[i], 1e-9, l.method() + " " + site + " Hoyer " + i);
                        assertEquals(hoyer(a[i]), l.hoyerActivations()[i], 1e-9);
                        double d = Stats.decorrelation(v[i], k.reduction() == Reduction.SIGN_SPLIT);
                        assertEquals(d, l.decorrelation()[i], 1e-9, l.method() + " " + site + " decorrelation " + i);
                        assertEquals(d, fluent.decorrelation()[i], 1e-9);
                        assertEquals(l.hoyer()[i], fluent.hoyer()[i], 1e-12);
                    }
                    double[] dim = dimensionOfThree(Stats.classMeans(v, labels));
                    assertEquals(dim[0], l.participationRatio(), 1e-7 * dim[0], l.method() + " " + site);
                    assertEquals((int) dim[1], l.components95());
                    assertEquals(dimensionOfThree(Stats.classMeans(a, labels))[0], l.participationRatioActivations(),
                            1e-7 * l.participationRatioActivations());
                    assertEquals(l.participationRatio(), fluent.participationRatio(), 1e-12);
                }
            }
        }
        Contributions c = Contributions.of(cnn, ContributionsTest.inputs(cnn, 2, 44));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.statistics(List.of("9.nope"), x -> x.integrated(5)));
        assertTrue(e.getMessage().contains("2.relu"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.statistics(List.of(), x -> x.integrated(5)));
        assertThrows(IllegalArgumentException.class, () -> c.statistics(List.of("2.relu"), null));
        e = assertThrows(IllegalArgumentException.class, () -> c.statistics(List.of("2.relu"), x -> x.integrated(0)));
        assertTrue(e.getMessage().contains("steps"), e.getMessage());
    }
}
