package dev.re3.codec;

import dev.re3.net.Network;
import dev.re3.polytope.PathSegment;
import dev.re3.polytope.PathWalk;
import dev.re3.polytope.PathWalker;
import dev.re3.region.Pullback;
import dev.re3.region.SiteForward;
import java.util.List;

/**
 * The three ways of giving one input's per-unit contributions at a site for a fixed target row {@code r}
 * ({@code T(x) = r . f(x)}), all from the engine's pullback and forward pass. Each gives {@code c} with an
 * offset {@code o} such that {@code sum_u c_u + o = T(x)} up to the method's error.
 */
final class Integrals {
    /** One input's contributions {@code c}, the site's activation {@code a}, {@code T(x)}, the offset, segments. */
    record One(double[] c, double[] activation, double target, double offset, int segments) {}

    private final Network network;
    private final Pullback pullback;
    private final String site;

    Integrals(Network network, String site) {
        this.network = network;
        this.pullback = Pullback.of(network);
        this.site = site;
    }

    /** {@code T} at {@code x}. */
    private double target(double[] x, double[] row) {
        double[] z = network.forward(x);
        double t = 0;
        for (int k = 0; k < z.length; k++) {
            t += row[k] * z[k];
        }
        return t;
    }

    /**
     * Activation times gradient: {@code c = a * dT/da}; offset the downstream bias {@code beta = r . t}. {@code t}
     * is the target's value {@code r . f(x)}, from the caller's forward pass.
     */
    One activationTimesGradient(double[] x, double[] row, double t) {
        Pullback.Result p = pullback.pull(x, new double[][] {row}, Pullback.OUTPUT, site);
        double[] a = p.activation();
        double[] g = p.cotangents()[0];
        double[] c = new double[a.length];
        for (int u = 0; u < a.length; u++) {
            c[u] = a[u] * g[u];
        }
        return new One(c, a, t, p.beta()[0], 1);
    }

    /**
     * CODEC's hidden-space integrated gradients: {@code x_i = (i/S) x}, {@code a_i}, {@code g_i = dT/da} at
     * {@code x_i}, {@code c = sum_{i=1..S} (g_{i-1} + g_i) / 2 * (a_i - a_{i-1})}; offset {@code T(0)}.
     */
    One integrated(double[] x, double[] row, int steps) {
        double[][] g1 = {row};
        Pullback.Result prev = pullback.pull(new double[x.length], g1, Pullback.OUTPUT, site);
        double[] gPrev = prev.cotangents()[0];
        double[] aPrev = prev.activation();
        double[] c = new double[aPrev.length];
        double[] xi = new double[x.length];
        for (int i = 1; i <= steps; i++) {
            double s = (double) i / steps;
            for (int j = 0; j < x.length; j++) {
                xi[j] = s * x[j];
            }
            Pullback.Result p = pullback.pull(i == steps ? x : xi, g1, Pullback.OUTPUT, site);
            double[] g = p.cotangents()[0];
            double[] a = p.activation();
            for (int u = 0; u < c.length; u++) {
                c[u] += 0.5 * (gPrev[u] + g[u]) * (a[u] - aPrev[u]);
            }
            gPrev = g;
            aPrev = a;
        }
        return new One(c, aPrev, target(x, row), target(new double[x.length], row), steps);
    }

    /**
     * The same integral exactly: along the region walk of the path {@code t x}, {@code t in [0, 1]}, the site
     * gradient is constant on each segment {@code [t_j, t_{j+1}]}, so
     * {@code c = sum_j g(t_mid,j) * (a(t_{j+1}) - a(t_j))}; offset {@code T(0)}.
     *
     * <p>At a site inside a residual branch the target also moves through the skip and the other branches, which
     * bypass the site: on segment {@code j}, {@code T = g_j . a + beta_j(t)} with the pullback's offset
     * {@code beta_j} (which holds {@code G_y . sum_{other branches}(x_in)}, see {@link Pullback}) changing along the
     * path, by continuity up to the segment's ends. The offset is then {@code T(0) + sum_j (beta_j(t_{j+1}) -
     * beta_j(t_j))}, {@code beta_j(t) = T(t) - g_j . a(t)}: the share of the change that goes around the site.
     */
    One exact(double[] x, double[] row, PathWalker walker, SiteForward forward) {
        double[] zero = new double[x.length];
        boolean allZero = true;
        for (double v : x) {
            allZero &= v == 0;
        }
        if (allZero) {
            One at = activationTimesGradient(x, row, target(x, row));
            return new One(new double[at.c().length], at.activation(), at.target(), at.target(), 0);
        }
        PathWalk walk = walker.segment(zero, x);
        if (walk.isPartial()) {
            throw new IllegalStateException("exact integral: the region walk from 0 to the input stopped early: "
                    + walk.message());
        }
        List<PathSegment> segments = walk.segments();
        double[][] ends = new double[segments.size() + 1][];
        ends[0] = zero;
        for (int j = 0; j < segments.size(); j++) {
            ends[j + 1] = j + 1 == segments.size() ? x : walk.point(segments.get(j).tEnd());
        }
        double[][] a = forward.activations(ends, site);
        double[] c = new double[a[0].length];
        double[][] g1 = {row};
        boolean inBranch = !Contributions.topLevelSites(network).contains(site);
        double[] t = inBranch ? targets(forward.logits(ends), row) : null;
        double around = 0;
        for (int j = 0; j < segments.size(); j++) {
            double[] g = pullback.pull(walk.point(segments.get(j).tMid()), g1, Pullback.OUTPUT, site).cotangents()[0];
            double through = 0;
            for (int u = 0; u < c.length; u++) {
                double step = g[u] * (a[j + 1][u] - a[j][u]);
                c[u] += step;
                through += step;
            }
            if (inBranch) {
                around += t[j + 1] - t[j] - through;
            }
        }
        double t0 = target(zero, row);
        return new One(c, a[segments.size()], target(x, row), t0 + around, segments.size());
    }

    /** {@code row . z} for each row of logits. */
    private static double[] targets(double[][] z, double[] row) {
        double[] t = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            for (int k = 0; k < row.length; k++) {
                t[i] += row[k] * z[i][k];
            }
        }
        return t;
    }
}
