package dev.re3.interaction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.net.Network;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InteractionGraphTest {
    @Test
    void edgesMatchFiniteDifferencesOfTheSectionsInTheBasis() {
        Network net = InteractionBasisTest.relu(21, 3, 5, 4, 3);
        double[][] xs = InteractionBasisTest.gaussian(new Random(22), 40, 3);
        LibResult lib = InteractionBasis.of(net).fit(xs);
        InteractionGraph graph = lib.graph(xs);
        for (int l = 0; l < 3; l++) {
            double[][] f = lib.activations(xs, l);
            LayerBasis b = lib.bases().get(l);
            double[][] e = graph.edges(l);
            double[][] want = new double[e.length][e[0].length];
            for (double[] fx : f) {
                double[] h = b.toBasis(fx);
                for (int j = 0; j < h.length; j++) {
                    double step = 1e-6 * Math.max(1, Math.abs(h[j]));
                    double[] up = h.clone();
                    double[] down = h.clone();
                    up[j] += step;
                    down[j] -= step;
                    double[] yu = lib.forwardInBasis(l, up);
                    double[] yd = lib.forwardInBasis(l, down);
                    for (int i = 0; i < yu.length; i++) {
                        double v = (yu[i] - yd[i]) / (2 * step) * h[j];
                        want[i][j] += v * v / f.length;
                    }
                }
            }
            double scale = java.util.Arrays.stream(want).flatMapToDouble(java.util.Arrays::stream).max().orElse(1);
            for (int i = 0; i < e.length; i++) {
                for (int j = 0; j < e[i].length; j++) {
                    assertEquals(want[i][j], e[i][j], 1e-5 * scale, "section " + l + " edge " + i + "," + j);
                }
            }
        }
    }

    @Test
    void everyIntegrationRuleGivesTheGradientEdgesOnAPiecewiseLinearNetwork() {
        Network net = InteractionBasisTest.relu(31, 3, 4, 2);
        double[][] xs = InteractionBasisTest.gaussian(new Random(32), 30, 3);
        LibResult lib = InteractionBasis.of(net).fit(xs);
        InteractionGraph grad = lib.graph(xs);
        for (Integration rule : List.of(Integration.trapezoid(4), Integration.gaussLegendre(3))) {
            InteractionGraph other = lib.graph(xs, rule);
            for (int l = 0; l < 2; l++) {
                double[][] a = grad.edges(l);
                double[][] b = other.edges(l);
                for (int i = 0; i < a.length; i++) {
                    for (int j = 0; j < a[i].length; j++) {
                        assertEquals(a[i][j], b[i][j], 1e-9 * Math.max(1, a[i][j]), rule.name());
                    }
                }
            }
        }
    }

    @Test
    void gaussLegendreNodesAndTrapezoidWeights() {
        Integration g = Integration.gaussLegendre(1);
        double r = 1 / Math.sqrt(3);
        assertEquals((1 - r) / 2, Math.min(g.alphas()[0], g.alphas()[1]), 1e-14);
        assertEquals((1 + r) / 2, Math.max(g.alphas()[0], g.alphas()[1]), 1e-14);
        assertEquals(0.5, g.weights()[0], 1e-14);
        Integration t = Integration.trapezoid(2);
        assertEquals(0.25, t.weights()[0], 1e-15);
        assertEquals(0.5, t.weights()[1], 1e-15);
        assertEquals(1e-3 / 3, t.alphas()[0], 1e-15);
    }

    @Test
    void bisectionFindsTheSameEdgeCountAsAScanOfEveryCount() {
        Network net = InteractionBasisTest.relu(41, 2, 3, 2);
        double[][] xs = InteractionBasisTest.gaussian(new Random(42), 60, 2);
        int[] labels = new int[xs.length];
        for (int n = 0; n < xs.length; n++) {
            double[] y = net.forward(xs[n]);
            labels[n] = y[0] > y[1] ? 0 : 1;
        }
        LibResult lib = InteractionBasis.of(net).fit(xs);
        InteractionGraph graph = lib.graph(xs);
        for (int l = 0; l < 2; l++) {
            int total = graph.edges(l).length * (graph.edges(l)[0].length - 1);
            int brute = -1;
            for (int n = 0; n <= total && brute < 0; n++) {
                if (lib.accuracyWithEdges(graph, l, xs, labels, n) >= 1.0 - 0.001) {
                    brute = n;
                }
            }
            assertEquals(1.0, lib.accuracyWithEdges(graph, l, xs, labels, total), 1e-12);
            assertEquals(brute, lib.edgesNeeded(graph, l, xs, labels, 0.001), "section " + l);
        }
    }

    @Test
    void fastEdgeAblationEqualsOneSectionPassPerNode() {
        Network net = InteractionBasisTest.relu(71, 4, 7, 5, 3);
        double[][] xs = InteractionBasisTest.gaussian(new Random(72), 30, 4);
        Random r = new Random(73);
        for (LibResult lib : List.of(InteractionBasis.of(net).fit(xs), InteractionBasis.of(net).optPca(true).fit(xs))) {
            for (int l = 0; l < 3; l++) {
                int kn = lib.bases().get(l + 1).size();
                int k = lib.bases().get(l).size();
                for (double p : new double[] {0.2, 0.5, 0.9}) {
                    boolean[][] keep = new boolean[kn][k];
                    for (boolean[] row : keep) {
                        for (int j = 0; j < k; j++) {
                            row[j] = r.nextDouble() < p;
                        }
                    }
                    double[][] fast = lib.logitsWithEdges(l, xs, keep);
                    double[][] plain = lib.logitsWithEdgesPlain(l, xs, keep);
                    for (int x = 0; x < xs.length; x++) {
                        for (int c = 0; c < fast[x].length; c++) {
                            assertEquals(plain[x][c], fast[x][c], 1e-9 * Math.max(1, Math.abs(plain[x][c])),
                                    lib.kind() + " section " + l + " p " + p);
                        }
                    }
                }
            }
        }
    }

    @Test
    void modularityOfTwoSeparateEdgesIsOneHalf() {
        double[][] e = {{0, 1, 0}, {0, 0, 1}};
        InteractionGraph g = new InteractionGraph(List.of("a", "b"), new int[] {3, 2}, new boolean[] {true, false},
                List.<double[][]>of(e), "gradient");
        Modularity m = g.modularity(0);
        assertEquals(2, m.count());
        assertEquals(0.5, m.q(), 1e-12);
        int[] c = m.clusters();
        assertEquals(c[0], c[2]);
        assertEquals(c[1], c[3]);
        assertTrue(g.plot().toJson().contains("Interaction graph"));
        assertEquals(6, g.toTable().rowCount());
    }

    @Test
    void edgeNormsByHand() {
        double[][] e = {{0, 100, 1}, {0, 0.5, 10}};
        InteractionGraph g = new InteractionGraph(List.of("a", "b"), new int[] {3, 2}, new boolean[] {true, false},
                List.<double[][]>of(e), "gradient");
        assertArrayEquals(new double[] {0, 2, 0}, EdgeNorm.log10(1).apply(0, e)[0], 1e-15);
        assertArrayEquals(new double[] {0, 0, 1}, EdgeNorm.log10(1).apply(0, e)[1], 1e-15);
        assertArrayEquals(new double[] {0, 10, 1}, EdgeNorm.sqrt().apply(0, e)[0], 1e-15);
        // the two strongest free edges are 100 and 10: eps = 10, so 100 -> 1 and everything else -> 0
        EdgeNorm needed = EdgeNorm.log10AtEdgesNeeded(g, 2);
        assertArrayEquals(new double[] {10}, needed.eps(), 0);
        assertArrayEquals(new double[] {0, 1, 0}, needed.apply(0, e)[0], 1e-15);
        assertArrayEquals(new double[] {0, 0, 0}, needed.apply(0, e)[1], 1e-15);
        // no edge needed: every edge goes to 0
        assertEquals(0, EdgeNorm.log10AtEdgesNeeded(g, 0).apply(0, e)[0][1], 0);
        String m = assertThrows(IllegalArgumentException.class, () -> EdgeNorm.log10AtEdgesNeeded(g, 1, 2)).getMessage();
        assertTrue(m.contains("one count per section (1), got 2"), m);
        m = assertThrows(IllegalArgumentException.class, () -> EdgeNorm.log10(0)).getMessage();
        assertTrue(m.contains("positive finite"), m);
    }

    @Test
    void modularityOfTwoUnequalEdgesDependsOnTheNorm() {
        // two separate edges of strength 4 and 1: with weights w, Q = sum_c [w_c / W - (w_c / W)^2], W = w_1 + w_2
        double[][] e = {{0, 4, 0}, {0, 0, 1}};
        InteractionGraph g = new InteractionGraph(List.of("a", "b"), new int[] {3, 2}, new boolean[] {true, false},
                List.<double[][]>of(e), "gradient");
        assertEquals(0.8 - 0.64 + 0.2 - 0.04, g.modularity(0, EdgeNorm.identity(), 1).q(), 1e-12);
        assertEquals(4.0 / 9, g.modularity(0, EdgeNorm.sqrt(), 1).q(), 1e-12);
        assertEquals(4.0 / 9, g.modularity(0).q(), 1e-12);
        // log10 at eps 2: only the strong edge keeps a weight, a single cluster edge has Q = 1 - 1 = 0
        assertEquals(0, g.modularity(0, EdgeNorm.log10(2), 1).q(), 1e-12);
        Modularity clusters = g.modularity(0);
        String json = g.plot(EdgeNorm.log10AtEdgesNeeded(g, 2), clusters).toJson();
        // the constant node of the first layer is hidden, the last layer's nodes all shown
        assertTrue(!json.contains("\"a/0") && json.contains("\"a/1") && json.contains("\"b/0"), json);
        assertTrue(json.contains("2 clusters"), json);
    }

    @Test
    void fluentEntryAndNodeAblationAgainstPca() {
        Network net = InteractionBasisTest.relu(51, 3, 6, 3);
        double[][] xs = InteractionBasisTest.gaussian(new Random(52), 80, 3);
        int[] labels = new int[xs.length];
        for (int n = 0; n < xs.length; n++) {
            labels[n] = LibResult.accuracy(new double[][] {net.forward(xs[n])}, new int[] {0}) == 1 ? 0 : 1;
        }
        LibResult lib = dev.re3.Re3.of(net).interactionBasis(dev.re3.data.Dataset.of(xs, labels));
        LibResult pca = InteractionBasis.of(net).optPca(true).fit(xs);
        for (LibResult r : List.of(lib, pca)) {
            int k = r.basis("1.relu").size();
            AblationCurve curve = r.nodeAblation("1.relu", xs, labels, 1, k);
            double[][] logits = dev.re3.region.SiteForward.of(net).logits(xs);
            // all kept: the network itself
            assertEquals(LibResult.accuracy(logits, labels), curve.accuracy()[1], 1e-12);
            assertEquals(LibResult.crossEntropy(logits, labels), curve.loss()[1], 1e-9);
            // only the constant kept: every hidden activation at its mean, so every row gets the same logits
            double[] mean = r.basis("1.relu").mean();
            double[] atMean = new Network(new int[] {6}, null, null, net.layers().subList(2, 3), false).forward(mean);
            double[][] same = new double[xs.length][];
            java.util.Arrays.fill(same, atMean);
            assertEquals(LibResult.crossEntropy(same, labels), curve.loss()[0], 1e-9);
            assertEquals(2, curve.toTable().rowCount());
        }
        assertTrue(lib.toString().contains("1.relu: 6 units"), lib.toString());
    }

    @Test
    void resultsGiveTablesFiguresAndText() {
        Network net = InteractionBasisTest.relu(61, 3, 5, 3);
        double[][] xs = InteractionBasisTest.gaussian(new Random(62), 50, 3);
        int[] labels = new int[xs.length];
        LibResult lib = InteractionBasis.of(net).optRotateOutput(true).fit(xs);
        InteractionGraph graph = lib.graph(xs);
        Modularity m = graph.modularity(1);
        AblationCurve curve = lib.nodeAblation("1.relu", xs, labels);
        assertEquals(lib.bases().stream().mapToInt(LayerBasis::size).sum(), lib.toTable().rowCount());
        assertEquals(m.nodes().size(), m.toTable().rowCount());
        for (dev.re3.plot.Figure f : List.of(lib.plot(), graph.plot(), m.plot(), curve.plot())) {
            assertTrue(f.toJson().contains("\"data\""));
        }
        assertTrue(graph.toString().contains("input -> 1.relu"), graph.toString());
        assertTrue(m.toString().startsWith("Modularity"), m.toString());
        assertTrue(curve.toString().contains("kept: accuracy"), curve.toString());
        AblationCurve other = new AblationCurve("1.relu", "pca", new int[] {1, 3}, new double[] {0.5, 1}, new double[] {1, 0});
        String json = AblationCurve.compare(curve, other).toJson();
        assertTrue(json.contains("\"name\":\"pca\"") && json.contains("\"x\":[1,3]"), json);
    }
}
