package dev.re3.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static dev.re3.codec.ContributionsTest.close;
import static dev.re3.codec.ContributionsTest.inputs;
import static dev.re3.codec.ContributionsTest.target;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import dev.re3.region.Intervention;
import dev.re3.region.SiteForward;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Contributions at sites inside residual branches, nested ones included: activation times gradient is complete
 * with its offset and its gradient is the central difference of the target under a nudge of the site
 * ({@link Intervention#add}); the exact integral sums to {@code T(x) - T(0)}; CODEC's trapezoid rule equals a
 * recomputation from central differences; one pass for all sites equals each site alone.
 */
class BranchContributionsTest {
    static List<Network> nets() {
        return List.of(RandomNetworks.nestedResidual(61), RandomNetworks.nestedResidualCnn(62),
                RandomNetworks.threeBranchResidual(63));
    }

    /** The central difference of {@code T = row . f} under {@code +-h e_u} at the site, at input {@code x}. */
    static double[] gradient(SiteForward f, double[] x, String site, int units, double[] row, double h) {
        double[] g = new double[units];
        for (int u = 0; u < units; u++) {
            double[] e = new double[units];
            e[u] = h;
            double up = target(f.logits(new double[][] {x}, site, Intervention.add(e))[0], row);
            e[u] = -h;
            double down = target(f.logits(new double[][] {x}, site, Intervention.add(e))[0], row);
            g[u] = (up - down) / (2 * h);
        }
        return g;
    }

    @Test
    void activationTimesGradientIsCompleteAtEveryBranchSite() {
        int branchSites = 0;
        for (Network net : nets()) {
            double[][] xs = inputs(net, 3, 64);
            SiteForward f = SiteForward.of(net);
            for (String site : Contributions.sites(net)) {
                branchSites += site.contains(".residual.") ? 1 : 0;
                for (Target t : List.of(Target.predicted(), Target.topTwoDifference())) {
                    ContributionResult r = Contributions.of(net, xs).at(site).optTarget(t).activationTimesGradient();
                    for (int i = 0; i < xs.length; i++) {
                        double[] z = net.forward(xs[i]);
                        double[] row = t.row(z);
                        double sum = r.offsets()[i];
                        for (double c : r.values(i)) {
                            sum += c;
                        }
                        close(target(z, row), sum, 1e-9, site + " " + t + " sum c + beta = T(x)");
                        // c_u = a_u * dT/da_u, the gradient by central differences through an intervention
                        double[] a = f.activations(new double[][] {xs[i]}, site)[0];
                        int units = a.length;
                        double[] g = gradient(f, xs[i], site, units, row, 1e-6);
                        for (int u = 0; u < units; u++) {
                            close(a[u] * g[u], r.values(i)[u], 1e-6, site + " c[" + u + "]");
                        }
                    }
                    assertTrue(r.completenessDelta() <= 1e-9 * (1 + Math.abs(r.targets()[0])), r.toString());
                }
            }
        }
        assertTrue(branchSites > 15, branchSites + " branch sites");
    }

    @Test
    void exactIntegralIsCompleteAtBranchSites() {
        for (Network net : nets()) {
            double[][] xs = inputs(net, 2, 65);
            for (String site : Contributions.sites(net)) {
                if (!site.contains(".residual.")) {
                    continue;
                }
                ContributionResult r = Contributions.of(net, xs).at(site).exact();
                for (int i = 0; i < xs.length; i++) {
                    double[] row = Target.predicted().row(net.forward(xs[i]));
                    double expected = target(net.forward(xs[i]), row);
                    double sum = r.offsets()[i];
                    for (double c : r.values(i)) {
                        sum += c;
                    }
                    close(expected, sum, 1e-9, site + " sum c + offset = T(x)");
                }
                assertTrue(r.completenessDelta() <= 1e-9 * (1 + Math.abs(r.targets()[0])), r.toString());
            }
        }
    }

    /**
     * On {@code dense, relu, y = r + body(r), relu, dense} the exact contributions at a site of the body are the
     * limit of fine trapezoid sums, and the offset minus {@code T(0)} is the share that goes along the skip,
     * {@code int_0^1 dT/dy . dr}: a trapezoid sum of the gradient at {@code y} times the change of {@code r}.
     */
    @Test
    void exactOffsetAtABranchSiteIsTheShareAlongTheSkip() {
        Network net = RandomNetworks.residual(68);
        double[][] xs = inputs(net, 2, 69);
        String site = "2.residual.1.1.relu";
        ContributionResult exact = Contributions.of(net, xs).at(site).exact();
        ContributionResult fine = Contributions.of(net, xs).at(site).integrated(20000);
        ContributionResult y = Contributions.of(net, xs).at("2.residual").integrated(20000);
        ContributionResult body = Contributions.of(net, xs).at("2.residual.1.2.dense").integrated(20000);
        boolean moved = false;
        for (int i = 0; i < xs.length; i++) {
            double fineErr = 0;
            for (int u = 0; u < exact.width(); u++) {
                fineErr = Math.max(fineErr, Math.abs(exact.values(i)[u] - fine.values(i)[u]));
            }
            assertTrue(fineErr < 1e-3, "fine trapezoid error " + fineErr);
            // dT/dy . dy = dT/dy . dr + dT/dy . d body: the skip's share is the first
            double skip = 0;
            for (int u = 0; u < y.width(); u++) {
                skip += y.values(i)[u] - body.values(i)[u];
            }
            double t0 = target(net.forward(new double[5]), Target.predicted().row(net.forward(xs[i])));
            close(skip, exact.offsets()[i] - t0, 1e-3, "input " + i + " skip share");
            moved |= Math.abs(skip) > 1e-2;
        }
        assertTrue(moved, "the skip carries part of the change");
    }

    /** CODEC's trapezoid rule from scratch at branch sites; sites after the max pool only in the CNN (ties at 0). */
    @Test
    void hiddenIntegratedGradientsAtBranchSitesEqualADirectRecomputation() {
        int steps = 4;
        List<List<String>> sites = List.of(
                List.of("2.residual.1.1.relu", "2.residual.1.2.residual.1.1.leaky_relu", "2.residual.2.2.dense"),
                List.of("2.residual.1.3.residual.1.2.relu", "2.residual.1.4.conv2d"));
        for (int n = 0; n < 2; n++) {
            Network net = nets().get(n);
            double[][] xs = inputs(net, 2, 66);
            SiteForward f = SiteForward.of(net);
            for (String site : sites.get(n)) {
                ContributionResult r = Contributions.of(net, xs).at(site).integrated(steps);
                for (int m = 0; m < xs.length; m++) {
                    double[] row = Target.predicted().row(net.forward(xs[m]));
                    int units = net.site(site).units();
                    double[] c = new double[units];
                    double[] aPrev = null;
                    double[] gPrev = null;
                    for (int i = 0; i <= steps; i++) {
                        double[] xi = xs[m].clone();
                        for (int j = 0; j < xi.length; j++) {
                            xi[j] *= (double) i / steps;
                        }
                        double[] a = f.activations(new double[][] {xi}, site)[0];
                        double[] g = gradient(f, xi, site, units, row, 1e-5);
                        if (i > 0) {
                            for (int u = 0; u < units; u++) {
                                c[u] += 0.5 * (gPrev[u] + g[u]) * (a[u] - aPrev[u]);
                            }
                        }
                        aPrev = a;
                        gPrev = g;
                    }
                    for (int u = 0; u < units; u++) {
                        close(c[u], r.values(m)[u], 1e-6, site + " unit " + u);
                    }
                }
            }
        }
    }

    @Test
    void everySiteAtOnceEqualsEachSiteAlone() {
        for (Network net : nets()) {
            double[][] xs = inputs(net, 2, 67);
            List<String> sites = Contributions.sites(net);
            List<ContributionResult> all = Contributions.of(net, xs).activationTimesGradientAt(sites);
            assertEquals(sites.size(), all.size());
            for (int j = 0; j < sites.size(); j++) {
                ContributionResult one = Contributions.of(net, xs).at(sites.get(j)).activationTimesGradient();
                ContributionResult r = all.get(j);
                assertEquals(one.site(), r.site());
                for (int i = 0; i < xs.length; i++) {
                    close(one.offsets()[i], r.offsets()[i], 1e-12, sites.get(j) + " beta");
                    for (int u = 0; u < r.width(); u++) {
                        close(one.values(i)[u], r.values(i)[u], 1e-12, sites.get(j) + " c[" + u + "]");
                    }
                }
                assertTrue(r.completenessDelta() <= 1e-9 * (1 + Math.abs(r.targets()[0])), r.toString());
            }
        }
    }
}
