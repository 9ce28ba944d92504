package dev.re3.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.Re3;
import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import dev.re3.polytope.PathWalk;
import dev.re3.polytope.PathWalker;
import dev.re3.region.Region;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

/** Each method against a second computation: the local map, Re3's contributions, a hand-written backward pass. */
class AttributionMethodsTest {
    static void close(double expected, double actual, double tol, String what) {
        assertTrue(Math.abs(expected - actual) <= tol * Math.max(1, Math.abs(expected)),
                what + ": expected " + expected + ", got " + actual);
    }

    static void close(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            close(expected[i], actual[i], tol, what + " [" + i + "]");
        }
    }

    /** Networks without residual layers, for the matrix reference. */
    static List<Network> plain() {
        return List.of(RandomNetworks.mlp(1, 0, 4, 8, 3), RandomNetworks.mlp(3, 0.05, 4, 16, 8, 4, 3),
                RandomNetworks.cnn(6), RandomNetworks.stridedCnn(7), RandomNetworks.paddedCnn(10));
    }

    @Test
    void gradientIsTheLocalMapsRow() {
        Random r = new Random(1);
        for (Network net : RandomNetworks.all()) {
            double[] x = RandomNetworks.input(r, net.inputSize());
            double[][] w = Region.of(net, x).weight();
            for (int t = 0; t < net.outputSize(); t++) {
                AttributionResult a = Gradient.of(net).attribute(x, t);
                close(w[t], a.attribution(), 1e-9, net + " class " + t);
                assertEquals(t, a.target());
                assertEquals("gradient", a.method());
                assertTrue(!a.hasCompletenessDelta());
            }
        }
    }

    @Test
    void inputTimesGradientIsRe3sContributions() {
        Random r = new Random(2);
        for (Network net : RandomNetworks.all()) {
            double[] x = RandomNetworks.input(r, net.inputSize());
            for (int t = 0; t < net.outputSize(); t++) {
                double[] expected = Re3.of(net).explain(x, t).contributions(t);
                close(expected, InputXGradient.of(net).attribute(x, t).attribution(), 1e-9, "x * grad, class " + t);
                AttributionResult c = Re3Contributions.of(net).attribute(x, t);
                close(expected, c.attribution(), 1e-12, "re3 contributions, class " + t);
                assertTrue(c.completenessDelta() < 1e-9, "W x + b = f(x): " + c.completenessDelta());
            }
        }
    }

    @Test
    void exactIntegratedGradientsAreCompleteAndMatchAFineTrapezoidSum() {
        Random r = new Random(3);
        for (Network net : RandomNetworks.all()) {
            double[] x = RandomNetworks.input(r, net.inputSize());
            double[] x0 = RandomNetworks.input(r, net.inputSize());
            int t = net.outputSize() - 1;
            IntegratedGradients ig = IntegratedGradients.of(net).optBaseline(x0);
            AttributionResult exact = ig.attribute(x, t);
            double[] f = net.forward(x);
            double[] f0 = net.forward(x0);
            double scale = Math.max(1, Math.abs(f[t]) + Math.abs(f0[t]));
            assertTrue(exact.completenessDelta() <= 1e-9 * scale, net + ": delta " + exact.completenessDelta());
            close(f[t] - f0[t], exact.sum(), 1e-9, "sum = f(x) - f(x')");
            // a piecewise-constant integrand: the trapezoid rule errs by at most h |jump| / 2 per boundary
            int n = 20_000;
            AttributionResult fine = ig.optRule(IntegratedGradients.Rule.TRAPEZOID).optSteps(n).attribute(x, t);
            PathWalk walk = PathWalker.of(net).segment(x0, x);
            double maxGrad = 0;
            for (var s : walk.segments()) {
                double[] p = walk.point(s.tMid());
                for (double g : Gradient.of(net).attribute(p, t).attribution()) {
                    maxGrad = Math.max(maxGrad, Math.abs(g));
                }
            }
            int boundaries = walk.segments().size() - 1;
            for (int i = 0; i < x.length; i++) {
                double bound = boundaries * (1.0 / n) * maxGrad * Math.abs(x[i] - x0[i]) + 1e-12;
                assertTrue(Math.abs(fine.attribution(i) - exact.attribution(i)) <= bound, net + " element " + i
                        + ": trapezoid " + fine.attribution(i) + ", exact " + exact.attribution(i) + ", bound " + bound);
            }
        }
    }

    @Test
    void sampledRulesOnAnAffineNetworkAreExactAndGaussLegendreNodesAreRight() {
        Network affine = Network.builder(3).dense(new double[][] {{1, -2, 0.5}, {0.25, 3, -1}}, new double[] {0.1, -0.2})
                .build();
        double[] x = {0.3, -0.7, 2};
        for (IntegratedGradients.Rule rule : IntegratedGradients.Rule.values()) {
            AttributionResult a = IntegratedGradients.of(affine).optRule(rule).optSteps(1).attribute(x, 1);
            close(new double[] {0.25 * 0.3, 3 * -0.7, -2}, a.attribution(), 1e-15, rule.name());
            assertTrue(a.completenessDelta() < 1e-15);
        }
        double[][] gl = IntegratedGradients.gaussLegendre(2);
        close(new double[] {0.5 - 0.5 / Math.sqrt(3), 0.5 + 0.5 / Math.sqrt(3)}, gl[0], 1e-15, "nodes");
        close(new double[] {0.5, 0.5}, gl[1], 1e-15, "weights");
        double[][] g5 = IntegratedGradients.gaussLegendre(5);
        // exact for polynomials of degree 9: integral of s^9 over [0, 1] is 1/10
        double s9 = 0;
        for (int k = 0; k < 5; k++) {
            s9 += g5[1][k] * Math.pow(g5[0][k], 9);
        }
        close(0.1, s9, 1e-14, "Gauss-Legendre with 5 nodes integrates s^9");
        // x = baseline: nothing to attribute
        AttributionResult zero = IntegratedGradients.of(affine).optBaseline(x).attribute(x, 0);
        assertArrayEquals(new double[3], zero.attribution());
    }

    @Test
    void excitationPullbackEqualsTheIndependentBackwardPass() {
        Random r = new Random(4);
        for (Network net : plain()) {
            double[] x = RandomNetworks.input(r, net.inputSize());
            for (double t : new double[] {0.3, 1.0}) {
                double tp = t / 2;
                int target = r.nextInt(net.outputSize());
                double[] sig = SoftReference.pullback(net, x, target, z -> 1 / (1 + Math.exp(-z / t)), tp, false, true);
                close(sig, ExcitationPullback.of(net).optTemperature(t).optPoolTemperature(tp).optDetachedPool(true)
                        .attribute(x, target).attribution(), 1e-9, net + " sigmoid T " + t);
                double[] through = SoftReference.pullback(net, x, target, z -> 1 / (1 + Math.exp(-z / t)), tp, false,
                        false);
                close(through, ExcitationPullback.of(net).optTemperature(t).optPoolTemperature(tp).attribute(x, target)
                        .attribution(), 1e-6, net + " sigmoid T " + t + ", through the soft maximum");
                double[] phi = SoftReference.pullback(net, x, target,
                        z -> 0.5 * (1 + Erf.erf(z / (Math.sqrt(2) * t))), tp, false, true);
                close(phi, ExcitationPullback.of(net).optGate(Gate.NORMAL).optTemperature(t).optPoolTemperature(tp)
                        .optDetachedPool(true).attribute(x, target).attribution(), 1e-9, net + " normal T " + t);
            }
        }
    }

    @Test
    void pullbackTendsToTheGradientAsTheTemperaturesGoToZero() {
        Random r = new Random(5);
        for (Network net : plain()) {
            double[] x = RandomNetworks.input(r, net.inputSize());
            double[] g = Gradient.of(net).attribute(x, 0).attribution();
            double previous = Double.POSITIVE_INFINITY;
            for (double t : new double[] {1e-1, 1e-3, 1e-6}) {
                double[] p = ExcitationPullback.of(net).optTemperature(t).optPoolTemperature(t).attribute(x, 0)
                        .attribution();
                double err = 0;
                for (int i = 0; i < g.length; i++) {
                    err = Math.max(err, Math.abs(p[i] - g[i]));
                }
                assertTrue(err <= previous + 1e-12, net + ": error grows as T falls: " + err + " after " + previous);
                previous = err;
            }
            assertTrue(previous < 1e-9, net + ": at T = 1e-6 the pullback is " + previous + " from the gradient");
        }
    }

    @Test
    void guidedBackpropEqualsTheIndependentBackwardPass() {
        Random r = new Random(6);
        for (Network net : plain()) {
            double[] x = RandomNetworks.input(r, net.inputSize());
            double[] expected = SoftReference.pullback(net, x, 1, null, 0, true);
            close(expected, GuidedBackprop.of(net).attribute(x, 1).attribution(), 1e-9, net.toString());
        }
    }

    @Test
    void smoothGradIsSeededAndIsTheMeanGradientAtItsPoints() {
        Network net = RandomNetworks.cnn(6);
        double[] x = RandomNetworks.input(new Random(7), net.inputSize());
        SmoothGrad sg = SmoothGrad.of(net).optSamples(12).optSigma(0.3).optSeed(42);
        AttributionResult a = sg.attribute(x, 2);
        assertArrayEquals(a.attribution(), sg.attribute(x, 2).attribution(), "same seed, same result");
        SmoothGrad fresh = SmoothGrad.of(net).optSamples(12).optSigma(0.3).optSeed(42);
        java.util.List<double[]> parallel = java.util.stream.IntStream.range(0, 8).parallel()
                .mapToObj(t -> fresh.attribute(x, 2).attribution()).toList();
        for (double[] p : parallel) {
            assertArrayEquals(a.attribution(), p, "the noise drawn once serves every thread");
        }
        Random noise = new Random(42);
        double[] mean = new double[x.length];
        for (int k = 0; k < 12; k++) {
            double[] p = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                p[i] = x[i] + 0.3 * noise.nextGaussian();
            }
            double[] g = Region.of(net, p).weight()[2];
            for (int i = 0; i < x.length; i++) {
                mean[i] += g[i] / 12;
            }
        }
        close(mean, a.attribution(), 1e-9, "mean of the local maps' rows at the noisy points");
        double[] other = sg.optSeed(43).attribute(x, 2).attribution();
        assertTrue(!java.util.Arrays.equals(other, a.attribution()), "another seed, other noise");
        close(Gradient.of(net).attribute(x, 2).attribution(), sg.optSigma(0).attribute(x, 2).attribution(), 1e-12,
                "sigma 0 is the gradient");
    }

    @Test
    void pullbackAscentFollowsTheNormalisedPullback() {
        Network net = RandomNetworks.stridedCnn(7);
        double[] x = RandomNetworks.input(new Random(8), net.inputSize());
        double alpha = 0.5;
        double[] z = x.clone();
        for (int k = 0; k < 3; k++) {
            double[] g = SoftReference.pullback(net, z, 3, u -> 1 / (1 + Math.exp(-u / 0.3)), 0.3, false, true);
            double n = Gradients.norm(g);
            for (int i = 0; i < z.length; i++) {
                z[i] += alpha * g[i] / n;
            }
        }
        AttributionResult a = PullbackAscent.of(net).optAlpha(alpha).optSteps(3).optDetachedPool(true).attribute(x, 3);
        for (int i = 0; i < x.length; i++) {
            close(z[i] - x[i], a.attribution(i), 1e-9, "x_K - x_0 at " + i);
        }
        double[][] path = PullbackAscent.of(net).optAlpha(alpha).optSteps(3).path(x, 3);
        assertTrue(net.forward(path[3])[3] > net.forward(path[0])[3], "the target logit rises");
        AttributionResult ball = PullbackAscent.of(net).optAlpha(alpha).optSteps(3).optRadius(0.7).attribute(x, 3);
        close(0.7, Gradients.norm(ball.attribution()), 1e-12, "held on the ball's surface");
        AttributionResult clipped = PullbackAscent.of(net).optAlpha(5).optClip(-1, 1).attribute(x, 3);
        for (int i = 0; i < x.length; i++) {
            double xk = x[i] + clipped.attribution(i);
            assertTrue(xk >= -1 && xk <= 1, "clipped to [-1, 1]: " + xk);
        }
    }

    @Test
    void batchesEqualOneAtATimeAndPredictedIsTheArgmax() {
        Network net = RandomNetworks.paddedCnn(10);
        Random r = new Random(9);
        double[][] xs = {RandomNetworks.input(r, net.inputSize()), RandomNetworks.input(r, net.inputSize()),
            RandomNetworks.input(r, net.inputSize())};
        for (String name : Attribution.names()) {
            Attribution m = Attributions.of(net, name);
            assertEquals(name, m.name());
            List<AttributionResult> batch = m.attribute(xs, new int[] {0, 2, 1});
            for (int n = 0; n < xs.length; n++) {
                assertArrayEquals(m.attribute(xs[n], batch.get(n).target()).attribution(), batch.get(n).attribution(),
                        name + " input " + n);
            }
            List<AttributionResult> predicted = m.attribute(xs);
            for (int n = 0; n < xs.length; n++) {
                double[] f = net.forward(xs[n]);
                int best = 0;
                for (int c = 1; c < f.length; c++) {
                    best = f[c] > f[best] ? c : best;
                }
                assertEquals(best, predicted.get(n).target());
            }
        }
    }
}
