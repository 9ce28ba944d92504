package dev.re3.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Dense;
import dev.re3.net.Layer;
import dev.re3.net.Network;
import dev.re3.net.Residual;
import dev.re3.net.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Pullbacks that start or end at sites inside residual branches, nested ones included: the cotangents are the
 * central differences of the start value under a nudge of the end site's output (through a forward pass written
 * here, independent of the engine), and match the gradient and offset worked out by hand on a small block; the
 * reconstruction {@code G a + beta = g s} is exact; every pair the pullback refuses is one where the start does
 * not depend on the end at all.
 */
class PullbackBranchTest {
    private static final double H = 1e-6;

    static void close(double expected, double actual, double rel, String what) {
        assertTrue(Math.abs(expected - actual) <= rel * Math.max(1, Math.abs(expected)),
                what + ": expected " + expected + ", got " + actual);
    }

    static List<Network> nets() {
        return List.of(RandomNetworks.nestedResidual(41), RandomNetworks.nestedResidualCnn(42),
                RandomNetworks.residual(43), RandomNetworks.residualCnn(44), RandomNetworks.threeBranchResidual(45));
    }

    /** The output of site {@code at} ({@code null}: the logits) with {@code delta} added to the output of {@code hook}. */
    static double[] hooked(Network net, double[] x, String hook, double[] delta, String at) {
        double[][] seen = new double[1][];
        double[] out = forward(net.layers(), "", x, net.inputShape(), hook, delta, at, seen);
        return at == null ? out : seen[0];
    }

    private static double[] forward(List<Layer> layers, String prefix, double[] v, int[] shape, String hook,
                                    double[] delta, String at, double[][] seen) {
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String name = prefix + i + "." + layer.type();
            double[] y;
            if (layer instanceof Residual r) {
                y = null;
                for (int b = 0; b < r.branches().size(); b++) {
                    double[] yb = forward(r.branches().get(b), name + "." + b + ".", v, shape, hook, delta, at, seen);
                    if (y == null) {
                        y = yb.clone();
                    } else {
                        for (int u = 0; u < y.length; u++) {
                            y[u] += yb[u];
                        }
                    }
                }
            } else {
                y = layer.forward(v, shape);
            }
            if (name.equals(hook)) {
                y = y.clone();
                for (int u = 0; u < y.length; u++) {
                    y[u] += delta[u];
                }
            }
            if (name.equals(at)) {
                seen[0] = y.clone();
            }
            v = y;
            shape = layer.outputShape(shape);
        }
        return v;
    }

    static double[][] rows(Random r, int k, int units) {
        double[][] g = new double[k][units];
        for (double[] row : g) {
            for (int u = 0; u < units; u++) {
                row[u] = r.nextGaussian();
            }
        }
        return g;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /**
     * Every start (the logits or a site) against every end (a site or the input): accepted pairs give the central
     * differences and an exact reconstruction; refused pairs are those where nudging the end leaves the start
     * unchanged.
     */
    @Test
    void cotangentsAreFiniteDifferencesForEveryPairOfSites() {
        Random r = new Random(51);
        for (Network net : nets()) {
            double[] x = RandomNetworks.input(r, net.inputSize());
            Pullback pb = Pullback.of(net);
            List<String> starts = new ArrayList<>(List.of(Pullback.OUTPUT));
            List<String> ends = new ArrayList<>(List.of(Pullback.INPUT));
            for (Site s : net.sites()) {
                starts.add(s.name());
                ends.add(s.name());
            }
            int accepted = 0;
            int insideBranch = 0;
            for (String from : starts) {
                String at = from.equals(Pullback.OUTPUT) ? null : from;
                double[] s = hooked(net, x, null, null, at);
                double[][] g = rows(r, 2, s.length);
                for (String to : ends) {
                    int units = to.equals(Pullback.INPUT) ? x.length : net.site(to).units();
                    Pullback.Result p;
                    try {
                        p = pb.pull(x, g, from, to);
                    } catch (IllegalArgumentException e) {
                        assertTrue(e.getMessage().contains("'" + from + "'") && e.getMessage().contains("'" + to + "'"),
                                e.getMessage());
                        for (int u = 0; u < units; u += 5) {
                            double[] d = new double[units];
                            d[u] = 1;
                            assertTrue(java.util.Arrays.equals(s, nudged(net, x, to, d, at)),
                                    from + " refused to " + to + " but depends on unit " + u + ": " + e.getMessage());
                        }
                        continue;
                    }
                    accepted++;
                    insideBranch += from.contains(".residual.") || to.contains(".residual.") ? 1 : 0;
                    String what = net.sites().get(0).name() + ".. " + from + " -> " + to;
                    double[] a = to.equals(Pullback.INPUT) ? x : hooked(net, x, null, null, to);
                    double[][] G = p.cotangents();
                    for (int u = 0; u < units; u++) {
                        close(a[u], p.activation()[u], 1e-15, what + " activation " + u);
                    }
                    for (int row = 0; row < g.length; row++) {
                        close(dot(g[row], s), p.reconstruct(row), 1e-9, what + " reconstruction row " + row);
                    }
                    // central differences on a spread of units (every unit of the small ones)
                    int step = Math.max(1, units / 12);
                    for (int u = r.nextInt(step); u < units; u += step) {
                        double[] d = new double[units];
                        d[u] = H;
                        double[] up = nudged(net, x, to, d, at);
                        d[u] = -H;
                        double[] down = nudged(net, x, to, d, at);
                        for (int row = 0; row < g.length; row++) {
                            double fd = (dot(g[row], up) - dot(g[row], down)) / (2 * H);
                            close(fd, G[row][u], 1e-6, what + " row " + row + " unit " + u);
                        }
                    }
                }
            }
            assertTrue(insideBranch > 10, net + ": only " + insideBranch + " pairs with a branch site");
            assertTrue(accepted > insideBranch, net + ": " + accepted + " pairs accepted");
        }
    }

    /** The start value with {@code d} added at the end site (or to the input). */
    private static double[] nudged(Network net, double[] x, String to, double[] d, String at) {
        if (to.equals(Pullback.INPUT)) {
            double[] xi = x.clone();
            for (int i = 0; i < xi.length; i++) {
                xi[i] += d[i];
            }
            return hooked(net, xi, null, null, at);
        }
        return hooked(net, x, to, d, at);
    }

    /**
     * On {@code dense D1, relu, x + D3 relu(D2 x), relu, dense D4} the gradients and offsets worked out by hand:
     * with {@code r1 = relu(D1 x)}, {@code p = D2 r1 + b2}, {@code h = relu(p)}, {@code y = r1 + D3 h + b3},
     * <ul>
     *   <li>logits to {@code h}: {@code G = g W4 [y>0] W3}, {@code beta = g b4 + g W4 [y>0] (r1 + b3)};</li>
     *   <li>{@code h} to {@code r1}: {@code G = (g [p>0]) W2}, {@code beta = g [p>0] b2};</li>
     *   <li>{@code q = D3 h + b3} to the input: {@code G = g W3 [p>0] W2 [z1>0] W1},
     *       {@code beta = g b3 + g W3 [p>0] (b2 + W2 [z1>0] b1)}.</li>
     * </ul>
     */
    @Test
    void branchPullbacksMatchTheBlockWorkedOutByHand() {
        Network net = RandomNetworks.residual(43);
        Dense d1 = (Dense) net.layers().get(0);
        List<Layer> body = ((Residual) net.layers().get(2)).branches().get(1);
        Dense d2 = (Dense) body.get(0);
        Dense d3 = (Dense) body.get(2);
        Dense d4 = (Dense) net.layers().get(4);
        Random r = new Random(52);
        Pullback pb = Pullback.of(net);
        for (int trial = 0; trial < 5; trial++) {
            double[] x = RandomNetworks.input(r, 5);
            double[] z1 = affine(d1, x);
            double[] r1 = relu(z1);
            double[] p = affine(d2, r1);
            double[] h = relu(p);
            double[] y = affine(d3, h);
            for (int u = 0; u < 6; u++) {
                y[u] += r1[u];
            }
            double[] g = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            // logits -> h
            double[] gy = new double[6];
            for (int u = 0; u < 6; u++) {
                for (int c = 0; c < 3; c++) {
                    gy[u] += g[c] * d4.weight(c, u);
                }
                gy[u] *= y[u] > 0 ? 1 : 0;
            }
            double[] gh = transpose(d3, gy);
            double beta = dot(g, d4.bias()) + dot(gy, r1) + dot(gy, d3.bias());
            Pullback.Result got = pb.pull(x, new double[][] {g}, Pullback.OUTPUT, "2.residual.1.1.relu");
            for (int u = 0; u < 6; u++) {
                close(gh[u], got.cotangents()[0][u], 1e-12, "logits -> h, unit " + u);
            }
            close(beta, got.beta()[0], 1e-12, "logits -> h, beta");
            // h -> r1
            double[] g6 = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian(),
                r.nextGaussian()};
            double[] gp = new double[6];
            for (int u = 0; u < 6; u++) {
                gp[u] = p[u] > 0 ? g6[u] : 0;
            }
            got = pb.pull(x, new double[][] {g6}, "2.residual.1.1.relu", "1.relu");
            double[] gr1 = transpose(d2, gp);
            for (int u = 0; u < 6; u++) {
                close(gr1[u], got.cotangents()[0][u], 1e-12, "h -> r1, unit " + u);
            }
            close(dot(gp, d2.bias()), got.beta()[0], 1e-12, "h -> r1, beta (no skip term)");
            // q -> input
            double[] gq = transpose(d3, g6);
            for (int u = 0; u < 6; u++) {
                gq[u] *= p[u] > 0 ? 1 : 0;
            }
            double[] gz = transpose(d2, gq);
            for (int u = 0; u < 6; u++) {
                gz[u] *= z1[u] > 0 ? 1 : 0;
            }
            double[] gx = transpose(d1, gz);
            double b = dot(g6, d3.bias()) + dot(gq, d2.bias()) + dot(gz, d1.bias());
            got = pb.pull(x, new double[][] {g6}, "2.residual.1.2.dense", Pullback.INPUT);
            for (int i = 0; i < 5; i++) {
                close(gx[i], got.cotangents()[0][i], 1e-12, "q -> x, input " + i);
            }
            close(b, got.beta()[0], 1e-12, "q -> x, beta");
        }
    }

    /**
     * The nested block of {@link RandomNetworks#nestedResidual}, by hand: {@code r = relu(D1 x)},
     * {@code h = relu(D2 r)}, {@code l = leaky(D3 h)}, {@code m = h + D4 l} (the inner block),
     * {@code y = r + D5 m + D7 relu(D6 r)}, {@code z = D8 relu(y)}. From the logits to {@code l}:
     * {@code G_y = g W8 [y>0]}, {@code G_m = G_y W5}, {@code G = G_m W4} and
     * {@code beta = g b8 + G_y (r + b5 + D7 relu(D6 r)) + G_m (h + b4)}: both skips and the sibling branch.
     */
    @Test
    void nestedBranchPullbackMatchesTheBlockWorkedOutByHand() {
        Network net = RandomNetworks.nestedResidual(41);
        Residual outer = (Residual) net.layers().get(2);
        List<Layer> b1 = outer.branches().get(1);
        List<Layer> b2 = outer.branches().get(2);
        Residual inner = (Residual) b1.get(2);
        Dense d1 = (Dense) net.layers().get(0);
        Dense d2 = (Dense) b1.get(0);
        Dense d3 = (Dense) inner.branches().get(1).get(0);
        Dense d4 = (Dense) inner.branches().get(1).get(2);
        Dense d5 = (Dense) b1.get(3);
        Dense d6 = (Dense) b2.get(0);
        Dense d7 = (Dense) b2.get(2);
        Dense d8 = (Dense) net.layers().get(4);
        Random rnd = new Random(54);
        for (int trial = 0; trial < 5; trial++) {
            double[] x = RandomNetworks.input(rnd, 5);
            double[] r = relu(affine(d1, x));
            double[] h = relu(affine(d2, r));
            double[] l = affine(d3, h);
            for (int u = 0; u < 6; u++) {
                l[u] = l[u] > 0 ? l[u] : 0.1 * l[u];
            }
            double[] m = affine(d4, l);
            double[] sibling = affine(d7, relu(affine(d6, r)));
            double[] q = affine(d5, add(h, m));
            double[] y = add(r, add(q, sibling));
            double[] g = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            double[] gy = transpose(d8, g);
            for (int u = 0; u < 6; u++) {
                gy[u] *= y[u] > 0 ? 1 : 0;
            }
            double[] gm = transpose(d5, gy);
            double[] gl = transpose(d4, gm);
            double[] rest = add(r, add(d5.bias(), sibling));
            double beta = dot(g, d8.bias()) + dot(gy, rest) + dot(gm, add(h, d4.bias()));
            Pullback.Result got = Pullback.of(net).pull(x, new double[][] {g}, Pullback.OUTPUT,
                    "2.residual.1.2.residual.1.1.leaky_relu");
            for (int u = 0; u < 6; u++) {
                close(gl[u], got.cotangents()[0][u], 1e-12, "logits -> l, unit " + u);
                close(l[u], got.activation()[u], 1e-12, "l, unit " + u);
            }
            close(beta, got.beta()[0], 1e-12, "logits -> l, beta");
            close(dot(g, net.forward(x)), got.reconstruct(0), 1e-12, "G l + beta = g z");
        }
    }

    private static double[] add(double[] a, double[] b) {
        double[] s = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    private static double[] affine(Dense d, double[] x) {
        double[] y = new double[d.out()];
        for (int o = 0; o < d.out(); o++) {
            y[o] = d.bias(o);
            for (int i = 0; i < d.in(); i++) {
                y[o] += d.weight(o, i) * x[i];
            }
        }
        return y;
    }

    private static double[] relu(double[] z) {
        double[] a = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            a[i] = Math.max(0, z[i]);
        }
        return a;
    }

    /** {@code g W}: a row vector through the dense layer's weights. */
    private static double[] transpose(Dense d, double[] g) {
        double[] out = new double[d.in()];
        for (int o = 0; o < d.out(); o++) {
            for (int i = 0; i < d.in(); i++) {
                out[i] += g[o] * d.weight(o, i);
            }
        }
        return out;
    }

    /** One pass to every site at once gives, site by site, what a pull to each site alone gives. */
    @Test
    void pullToSitesReachesBranchSites() {
        Random r = new Random(53);
        for (Network net : nets()) {
            double[] x = RandomNetworks.input(r, net.inputSize());
            double[][] g = rows(r, 2, net.outputSize());
            List<String> names = net.sites().stream().map(Site::name).toList();
            Pullback.SiteStates all = Pullback.of(net).pullToSites(x, z -> g, names);
            assertEquals(names, List.copyOf(all.sites().keySet()));
            for (String name : names) {
                Pullback.Result one = Pullback.of(net).pull(x, g, Pullback.OUTPUT, name);
                Pullback.Result got = all.sites().get(name);
                for (int row = 0; row < g.length; row++) {
                    for (int u = 0; u < one.activation().length; u++) {
                        close(one.cotangents()[row][u], got.cotangents()[row][u], 1e-12, name + " unit " + u);
                        close(one.activation()[u], got.activation()[u], 1e-15, name + " activation " + u);
                    }
                    close(one.beta()[row], got.beta()[row], 1e-12, name + " beta");
                    close(dot(g[row], net.forward(x)), got.reconstruct(row), 1e-9, name + " reconstruction");
                }
            }
        }
    }

    /** The receiver form hands each site's state once, deepest first, equal to the copying form's; it returns f(x). */
    @Test
    void receiverTakesEachSiteOnce() {
        Random r = new Random(54);
        List<Network> nets = new java.util.ArrayList<>(nets());
        // every site at the top level: the pullback stops at the earliest
        nets.add(RandomNetworks.cnn(55));
        nets.add(RandomNetworks.mlp(56, 0.1, 5, 7, 6, 3));
        for (Network net : nets) {
            double[] x = RandomNetworks.input(r, net.inputSize());
            double[][] g = rows(r, 2, net.outputSize());
            List<String> names = net.sites().stream().map(Site::name).toList();
            Pullback pb = Pullback.of(net);
            Pullback.SiteStates all = pb.pullToSites(x, z -> g, names);
            List<String> seen = new java.util.ArrayList<>();
            double[] out = pb.pullToSites(x, z -> g, names, (site, cotangents, beta, activation) -> {
                seen.add(site);
                Pullback.Result want = all.sites().get(site);
                for (int row = 0; row < g.length; row++) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(want.cotangents()[row], cotangents[row], 0.0, site);
                }
                org.junit.jupiter.api.Assertions.assertArrayEquals(want.beta(), beta, 0.0, site);
                org.junit.jupiter.api.Assertions.assertArrayEquals(want.activation(), activation, 0.0, site);
            });
            assertEquals(java.util.Set.copyOf(names), java.util.Set.copyOf(seen));
            assertEquals(names.size(), seen.size());
            org.junit.jupiter.api.Assertions.assertArrayEquals(net.forward(x), out, 0.0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> pb.pullToSites(x, z -> g, names, null));
            assertTrue(e.getMessage().contains("a receiver, got"), e.getMessage());
        }
    }

    @Test
    void badSitesAreNamed() {
        Network net = RandomNetworks.nestedResidual(41);
        Pullback pb = Pullback.of(net);
        double[] x = new double[5];
        double[][] g = new double[1][6];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pb.pull(x, g, Pullback.OUTPUT, "2.residual.3.0.dense"));
        assertTrue(e.getMessage().contains("no site named '2.residual.3.0.dense'")
                && e.getMessage().contains("2.residual.1.2.residual.1.1.leaky_relu"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> pb.pull(x, g, "2.residual.2.0.dense", "2.residual.1.0.dense"));
        assertTrue(e.getMessage().contains("in another branch of the same residual"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> pb.pull(x, g, "2.residual.1.0.dense", "2.residual"));
        assertTrue(e.getMessage().contains("the residual whose branch holds it"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> pb.pull(x, g, "2.residual.1.0.dense", "3.relu"));
        assertTrue(e.getMessage().contains("expected the end site '3.relu' before the start site"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> pb.pullToSites(x, z -> new double[1][3],
                List.of("2.residual.1.1.relu", "2.residual.1.1.relu")));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> pb.pull(x, new double[1][5], "2.residual.1.1.relu", Pullback.INPUT));
        assertTrue(e.getMessage().contains("expected rows of 6 numbers (the output of 2.residual.1.1.relu)"),
                e.getMessage());
    }
}
