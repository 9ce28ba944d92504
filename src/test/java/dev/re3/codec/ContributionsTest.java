package dev.re3.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import dev.re3.region.HiddenLayer;
import dev.re3.region.Intervention;
import dev.re3.region.Linearizer;
import dev.re3.region.LocalMaps;
import dev.re3.region.SiteForward;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Contributions at sites: activation times gradient is complete on every random network and equals DJL's
 * downstream maps; hidden integrated gradients equal a recomputation with finite differences through
 * interventions; the exact integral is complete and is the limit of fine trapezoid sums.
 */
class ContributionsTest {
    static void close(double expected, double actual, double rel, String what) {
        assertTrue(Math.abs(expected - actual) <= rel * Math.max(1, Math.abs(expected)),
                what + ": expected " + expected + ", got " + actual);
    }

    static double[][] inputs(Network net, int n, long seed) {
        Random r = new Random(seed);
        double[][] xs = new double[n][];
        for (int i = 0; i < n; i++) {
            xs[i] = RandomNetworks.input(r, net.inputSize());
        }
        return xs;
    }

    static double target(double[] z, double[] row) {
        double t = 0;
        for (int k = 0; k < z.length; k++) {
            t += z[k] * row[k];
        }
        return t;
    }

    @Test
    void activationTimesGradientPlusDownstreamBiasIsTheTargetOnEveryNetwork() {
        List<Target> targets = List.of(Target.predicted(), Target.topK(2), Target.topTwoDifference(), Target.difference(1, 0));
        for (Network net : RandomNetworks.all()) {
            double[][] xs = inputs(net, 4, 31);
            for (String site : Contributions.topLevelSites(net)) {
                for (Target t : targets) {
                    ContributionResult r = Contributions.of(net, xs).at(site).optTarget(t).activationTimesGradient();
                    for (int i = 0; i < xs.length; i++) {
                        double[] z = net.forward(xs[i]);
                        double expected = target(z, t.row(z));
                        close(expected, r.targets()[i], 1e-12, "T(x)");
                        double sum = r.offsets()[i];
                        for (double c : r.values(i)) {
                            sum += c;
                        }
                        close(expected, sum, 1e-9, site + " " + t + " sum c + beta");
                    }
                    assertTrue(r.completenessDelta() <= 1e-9 * (1 + max(r.targets())), r.toString());
                }
            }
        }
    }

    /** One pass for every site gives, site by site, what the per-site pass gives. */
    @Test
    void everySiteAtOnceEqualsEachSiteAlone() {
        List<Target> targets = List.of(Target.predicted(), Target.topTwoDifference());
        for (Network net : RandomNetworks.all()) {
            double[][] xs = inputs(net, 3, 37);
            List<String> sites = Contributions.topLevelSites(net);
            for (Target t : targets) {
                List<ContributionResult> all = Contributions.of(net, xs).optTarget(t).activationTimesGradientAt(sites);
                assertEquals(sites.size(), all.size());
                for (int j = 0; j < sites.size(); j++) {
                    ContributionResult one = Contributions.of(net, xs).at(sites.get(j)).optTarget(t)
                            .activationTimesGradient();
                    ContributionResult r = all.get(j);
                    assertEquals(one.site(), r.site());
                    for (int i = 0; i < xs.length; i++) {
                        String what = net + " " + sites.get(j) + " " + t + " input " + i;
                        close(one.targets()[i], r.targets()[i], 1e-12, what + " T(x)");
                        close(one.offsets()[i], r.offsets()[i], 1e-12, what + " beta");
                        assertEquals(one.targetClasses()[i], r.targetClasses()[i], what);
                        for (int u = 0; u < r.width(); u++) {
                            close(one.values(i)[u], r.values(i)[u], 1e-12, what + " c[" + u + "]");
                            close(one.activations()[i][u], r.activations()[i][u], 1e-12, what + " a[" + u + "]");
                        }
                    }
                    assertTrue(r.completenessDelta() <= 1e-9 * (1 + max(r.targets())), r.toString());
                }
            }
        }
        Network net = RandomNetworks.cnn(3);
        double[][] xs = inputs(net, 2, 1);
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> Contributions.of(net, xs).activationTimesGradientAt(List.of("2.relu", "2.relu")));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Contributions.of(net, xs).activationTimesGradientAt(List.of()));
    }

    private static double max(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /** DJL's reverse mode gives the downstream map W_c of each hidden layer: c = a * W_c, the bias is beta. */
    @Test
    void activationTimesGradientEqualsDjlsDownstreamMaps() {
        for (Network net : List.of(RandomNetworks.mlp(3, 0.05, 4, 16, 8, 4, 3), RandomNetworks.cnn(6), RandomNetworks.residual(8))) {
            double[][] xs = inputs(net, 3, 32);
            LocalMaps maps = Linearizer.of(net).withHidden(true).linearize(xs);
            for (int i = 0; i < xs.length; i++) {
                int c = maps.predicted(i);
                for (HiddenLayer h : maps.hidden(i)) {
                    if (!Contributions.topLevelSites(net).contains(h.site().name())) {
                        continue;
                    }
                    ContributionResult r = Contributions.of(net, xs[i]).at(h.site().name()).optTarget(Target.logit(c))
                            .activationTimesGradient();
                    double[] got = r.values(0);
                    for (int u = 0; u < got.length; u++) {
                        close(h.activation()[u] * h.downstreamWeight()[c][u], got[u], 1e-9, h.site().name() + " unit " + u);
                    }
                    close(h.downstreamBias()[c], r.offsets()[0], 1e-9, "beta");
                }
            }
        }
    }

    /**
     * CODEC's trapezoid rule recomputed from scratch: activations from the forward pass, gradients dT/da_u by
     * central differences of the logits under {@code Intervention.add(+-eps e_u)} at the site.
     */
    @Test
    void hiddenIntegratedGradientsEqualADirectRecomputation() {
        int steps = 5;
        // (sites not followed by a max pool: at x = 0 its windows tie, where a difference quotient has no one answer)
        for (Network net : List.of(RandomNetworks.mlp(2, 0, 4, 8, 4, 3), RandomNetworks.cnn(6), RandomNetworks.residual(8))) {
            double[][] xs = inputs(net, 2, 33);
            SiteForward f = SiteForward.of(net);
            int first = net.inputShape().length == 3 ? 4 : 1;
            for (String site : List.of(Contributions.topLevelSites(net).get(first), Contributions.topLevelSites(net).get(first + 1))) {
                ContributionResult r = Contributions.of(net, xs).at(site).integrated(steps);
                for (int n = 0; n < xs.length; n++) {
                    double[] row = Target.predicted().row(net.forward(xs[n]));
                    int units = net.site(site).units();
                    double[] c = new double[units];
                    double[] aPrev = null;
                    double[] gPrev = null;
                    for (int i = 0; i <= steps; i++) {
                        double[] xi = xs[n].clone();
                        for (int j = 0; j < xi.length; j++) {
                            xi[j] *= (double) i / steps;
                        }
                        double[] a = f.activations(new double[][] {xi}, site)[0];
                        double[] g = new double[units];
                        double eps = 1e-5;
                        for (int u = 0; u < units; u++) {
                            double[] e = new double[units];
                            e[u] = eps;
                            double up = target(f.logits(new double[][] {xi}, site, Intervention.add(e))[0], row);
                            e[u] = -eps;
                            double down = target(f.logits(new double[][] {xi}, site, Intervention.add(e))[0], row);
                            g[u] = (up - down) / (2 * eps);
                        }
                        if (i > 0) {
                            for (int u = 0; u < units; u++) {
                                c[u] += 0.5 * (gPrev[u] + g[u]) * (a[u] - aPrev[u]);
                            }
                        }
                        aPrev = a;
                        gPrev = g;
                    }
                    double[] got = r.values(n);
                    for (int u = 0; u < units; u++) {
                        close(c[u], got[u], 1e-6, site + " unit " + u);
                    }
                }
            }
        }
    }

    @Test
    void exactIntegralIsCompleteAndTheLimitOfFineTrapezoidSums() {
        boolean crossed = false;
        for (Network net : RandomNetworks.all()) {
            double[][] xs = inputs(net, 3, 34);
            for (String site : Contributions.topLevelSites(net)) {
                ContributionResult r = Contributions.of(net, xs).at(site).optTarget(Target.topK(2)).exact();
                for (int i = 0; i < xs.length; i++) {
                    double[] z = net.forward(xs[i]);
                    double[] row = Target.topK(2).row(z);
                    double expected = target(z, row) - target(net.forward(new double[xs[i].length]), row);
                    double sum = 0;
                    for (double c : r.values(i)) {
                        sum += c;
                    }
                    close(expected, sum, 1e-9, net + " " + site + " sum c = T(x) - T(0)");
                    crossed |= r.segments()[i] > 2;
                }
            }
        }
        assertTrue(crossed, "some path crosses more than one boundary");
        // the trapezoid sum converges to the exact integral, with an error of O(1 / S) from the kinks
        Network net = RandomNetworks.mlp(3, 0.05, 4, 16, 8, 4, 3);
        double[][] xs = inputs(net, 2, 35);
        ContributionResult exact = Contributions.of(net, xs).at("3.leaky_relu").exact();
        ContributionResult fine = Contributions.of(net, xs).at("3.leaky_relu").integrated(20000);
        ContributionResult coarse = Contributions.of(net, xs).at("3.leaky_relu").integrated(200);
        for (int i = 0; i < xs.length; i++) {
            double fineErr = 0;
            double coarseErr = 0;
            for (int u = 0; u < exact.width(); u++) {
                fineErr = Math.max(fineErr, Math.abs(exact.values(i)[u] - fine.values(i)[u]));
                coarseErr = Math.max(coarseErr, Math.abs(exact.values(i)[u] - coarse.values(i)[u]));
            }
            assertTrue(fineErr < 1e-3, "fine trapezoid error " + fineErr);
            assertTrue(fineErr <= coarseErr, "finer sums come closer: " + fineErr + " vs " + coarseErr);
        }
        assertTrue(exact.completenessDelta() < 1e-9, exact.toString());
    }

    @Test
    void reductionsKeepTheTotalAndSplitBySign() {
        Network net = RandomNetworks.cnn(6);
        double[][] xs = inputs(net, 3, 36);
        Contributions at = Contributions.of(net, xs).at("2.relu");
        ContributionResult none = at.activationTimesGradient();
        ContributionResult sum = at.optReduce(Reduction.SPATIAL_SUM).activationTimesGradient();
        ContributionResult split = at.optReduce(Reduction.SIGN_SPLIT).activationTimesGradient();
        int[] shape = net.site("2.relu").outputShape();
        int plane = shape[1] * shape[2];
        assertEquals(shape[0], sum.width());
        assertEquals(2 * shape[0], split.width());
        for (int i = 0; i < xs.length; i++) {
            double[] c = none.values(i);
            for (int k = 0; k < shape[0]; k++) {
                double s = 0;
                double neg = 0;
                double pos = 0;
                for (int p = k * plane; p < (k + 1) * plane; p++) {
                    s += c[p];
                    neg += Math.min(c[p], 0);
                    pos += Math.max(c[p], 0);
                }
                close(s, sum.values(i)[k], 1e-12, "spatial sum");
                close(neg, split.values(i)[k], 1e-12, "negative part");
                close(pos, split.values(i)[shape[0] + k], 1e-12, "positive part");
            }
        }
        assertEquals("2.relu/neg 0", split.names().get(0));
        assertEquals(shape[0], sum.activations()[0].length);
        // sign split on a vector site is fine and keeps the total
        ContributionResult vec = Contributions.of(net, xs).at("10.relu").optReduce(Reduction.SIGN_SPLIT).activationTimesGradient();
        assertEquals(16, vec.width());
        assertTrue(vec.completenessDelta() < 1e-9);
        // streamed in chunks of two inputs: the same values
        java.util.List<double[]> streamed = new java.util.ArrayList<>();
        at.optChunk(2).forEachChunk(Contributions::activationTimesGradient, (start, r) -> {
            assertEquals(streamed.size(), (int) start);
            for (int i = 0; i < r.size(); i++) {
                streamed.add(r.values(i));
            }
        });
        assertEquals(xs.length, streamed.size());
        for (int i = 0; i < xs.length; i++) {
            assertEquals(java.util.Arrays.toString(none.values(i)), java.util.Arrays.toString(streamed.get(i)));
        }
    }

    @Test
    void badInputGetsClearErrors() {
        Network net = RandomNetworks.residual(8);
        double[][] xs = inputs(net, 2, 37);
        Contributions c = Contributions.of(net, xs);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.at("9.relu"));
        assertTrue(e.getMessage().contains("no site named '9.relu'") && e.getMessage().contains("1.relu"), e.getMessage());
        assertEquals("2.residual.1.1.relu", c.at("2.residual.1.1.relu").activationTimesGradient().site().name(),
                "a site inside a residual branch is taken like any other");
        e = assertThrows(IllegalArgumentException.class, () -> c.optTarget(Target.logit(3)));
        assertTrue(e.getMessage().contains("expected an index in 0..2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.at("1.relu").integrated(0));
        assertTrue(e.getMessage().contains("expected 1 or more integration steps, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.at("1.relu").optReduce(Reduction.SPATIAL_SUM));
        assertTrue(e.getMessage().contains("expected an image site"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Target.topK(0));
        assertTrue(e.getMessage().contains("k of 1 or more"), e.getMessage());
        assertThrows(IllegalStateException.class, c::activationTimesGradient);
        e = assertThrows(IllegalArgumentException.class, () -> c.optTarget(Target.difference(0, 5)));
        assertTrue(e.getMessage().contains("expected an index in 0..2 (the network has 3 classes), got 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.optTarget(Target.topK(4)));
        assertTrue(e.getMessage().contains("expected k in 1..3, got 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.at("1.relu").integrated(-3));
        assertTrue(e.getMessage().contains("got -3"), e.getMessage());
        // sign-split on a vector site is fine: the negative and the positive part of each unit
        int units = net.site("1.relu").outputShape()[0];
        ContributionResult split = c.at("1.relu").optReduce(Reduction.SIGN_SPLIT).activationTimesGradient();
        ContributionResult plain = c.at("1.relu").activationTimesGradient();
        assertEquals(2 * units, split.width());
        for (int u = 0; u < units; u++) {
            assertEquals(Math.min(0, plain.values(0)[u]), split.values(0)[u], 0);
            assertEquals(Math.max(0, plain.values(0)[u]), split.values(0)[units + u], 0);
        }
        // a dataset whose classes are not the network's
        e = assertThrows(IllegalArgumentException.class,
                () -> Contributions.of(net, dev.re3.data.Dataset.of(xs, new int[] {0, 4})));
        assertTrue(e.getMessage().contains("expected labels of the network's 3 classes, got a dataset of 5 classes"),
                e.getMessage());
    }

    @Test
    void theEntryPointHandsOutTheSameContributions() {
        Network net = RandomNetworks.mlp(2, 0, 4, 8, 4, 3);
        double[][] xs = inputs(net, 5, 38);
        int[] labels = {0, 1, 2, 0, 1};
        dev.re3.data.Dataset data = dev.re3.data.Dataset.of(xs, labels);
        ContributionResult a = dev.re3.Re3.of(net).contributions(data).at("3.relu").integrated(25);
        ContributionResult b = Contributions.of(net, xs).at("3.relu").integrated(25);
        for (int i = 0; i < xs.length; i++) {
            assertEquals(java.util.Arrays.toString(b.values(i)), java.util.Arrays.toString(a.values(i)));
        }
        assertTrue(a.hasLabels());
        assertEquals(java.util.Arrays.toString(labels), java.util.Arrays.toString(a.classes()));
        assertEquals(5, a.toTable().rowCount());
        assertEquals(4, a.unitsTable().rowCount());
        assertTrue(a.plot().toJson().contains("3.relu/"));
        assertTrue(a.toString().contains("integrated gradients, 25 steps"), a.toString());
    }
}
