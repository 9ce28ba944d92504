package dev.re3.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each metric on an affine network where its value can be worked out by hand. */
class FaithfulnessTest {
    /** f(x) = W x + b. */
    static final Network AFFINE = Network.builder(4)
            .dense(new double[][] {{1, -2, 0.5, 3}, {0.25, 1, -1, 0}}, new double[] {0.1, -0.2}).build();
    static final double[] X = {1, 2, -1, 0.5};

    @Test
    void faithfulnessCorrelationOfExactContributionsIsOne() {
        Faithfulness m = Faithfulness.of(AFFINE).optSubsets(30).optSubsetSize(2).optSeed(5);
        double[] ixg = InputXGradient.of(AFFINE).attribute(X, 0).attribution();
        // removing a subset drops the logit by exactly the sum of its W x: correlation 1
        assertEquals(1, m.faithfulnessCorrelation(X, 0, ixg), 1e-12);
        double[] negated = ixg.clone();
        for (int i = 0; i < 4; i++) {
            negated[i] = -negated[i];
        }
        assertEquals(-1, m.faithfulnessCorrelation(X, 0, negated), 1e-12);
        assertTrue(Double.isNaN(m.faithfulnessCorrelation(X, 0, new double[] {1, 1, 1, 1})),
                "equal sums over equal-size subsets: no correlation defined");
    }

    @Test
    void deletionAndInsertionCurvesByHand() {
        Faithfulness m = Faithfulness.of(AFFINE).optCurveSteps(4);
        double[] a = {1, -4, -0.5, 1.5}; // W[0] x: ranked 3, 0, 2, 1
        Faithfulness.Curve del = m.deletion(X, 0, a);
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, del.fractions(), 1e-15);
        assertArrayEquals(new double[] {-1.9, -3.4, -4.4, -3.9, 0.1}, del.logits(), 1e-12);
        assertEquals(0.25 * ((-1.9 + 0.1) / 2 - 3.4 - 4.4 - 3.9), del.area(), 1e-12);
        Faithfulness.Curve ins = m.insertion(X, 0, a);
        assertArrayEquals(new double[] {0.1, 1.6, 2.6, 2.1, -1.9}, ins.logits(), 1e-12);
        assertEquals(1.35, ins.area(), 1e-12);
        // two steps: half the elements at a time
        assertArrayEquals(new double[] {-1.9, -4.4, 0.1}, m.optCurveSteps(2).deletion(X, 0, a).logits(), 1e-12);
    }

    @Test
    void infidelityIsZeroForTheGradientUpToScaleAndMatchesItsFormula() {
        Faithfulness m = Faithfulness.of(AFFINE).optSamples(25).optSigma(0.3).optSeed(3);
        double[] g = Gradient.of(AFFINE).attribute(X, 0).attribution();
        assertEquals(0, m.infidelity(X, 0, g), 1e-20);
        double[] g3 = g.clone();
        for (int i = 0; i < 4; i++) {
            g3[i] *= -3;
        }
        assertEquals(0, m.infidelity(X, 0, g3), 1e-20, "the optimal scaling absorbs any factor");
        // attribution e_0: u_k = I_k[0], v_k = W[0] . I_k
        Random r = new Random(3);
        double uu = 0;
        double uv = 0;
        double[] u = new double[25];
        double[] v = new double[25];
        double[] w = {1, -2, 0.5, 3};
        for (int k = 0; k < 25; k++) {
            for (int i = 0; i < 4; i++) {
                double noise = 0.3 * r.nextGaussian();
                u[k] += i == 0 ? noise : 0;
                v[k] += w[i] * noise;
            }
            uu += u[k] * u[k];
            uv += u[k] * v[k];
        }
        double beta = uv / uu;
        double expected = 0;
        for (int k = 0; k < 25; k++) {
            expected += (beta * u[k] - v[k]) * (beta * u[k] - v[k]) / 25;
        }
        assertEquals(expected, m.infidelity(X, 0, new double[] {1, 0, 0, 0}), 1e-12);
        assertTrue(expected > 0.1);
    }

    @Test
    void maxSensitivityByHand() {
        Faithfulness m = Faithfulness.of(AFFINE).optSamples(10).optRadius(0.05).optSeed(8);
        assertEquals(0, m.maxSensitivity(Gradient.of(AFFINE), X, 1), "a constant gradient never changes");
        // f(x) = 2x at x = 1: input x gradient is 2x, so |a(x + d) - a(x)| / |a(x)| = |d|
        Network line = Network.builder(1).dense(new double[][] {{2}}, new double[] {0}).build();
        Random r = new Random(8);
        double worst = 0;
        for (int k = 0; k < 10; k++) {
            worst = Math.max(worst, Math.abs(0.05 * (2 * r.nextDouble() - 1)));
        }
        assertEquals(worst, Faithfulness.of(line).optSamples(10).optRadius(0.05).optSeed(8)
                .maxSensitivity(InputXGradient.of(line), new double[] {1}, 0), 1e-15);
        // the two metrics' sample counts are set apart: 3 sensitivity draws, infidelity's count not involved
        r = new Random(8);
        double worst3 = 0;
        for (int k = 0; k < 3; k++) {
            worst3 = Math.max(worst3, Math.abs(0.05 * (2 * r.nextDouble() - 1)));
        }
        assertEquals(worst3, Faithfulness.of(line).optInfidelitySamples(5).optSensitivitySamples(3).optRadius(0.05)
                .optSeed(8).maxSensitivity(InputXGradient.of(line), new double[] {1}, 0), 1e-15);
        Faithfulness five = Faithfulness.of(AFFINE).optSigma(0.3).optSeed(3);
        double[] a = InputXGradient.of(AFFINE).attribute(X, 1).attribution();
        assertEquals(five.optSamples(5).infidelity(X, 1, a), five.optInfidelitySamples(5).optSensitivitySamples(2)
                .infidelity(X, 1, a), 0);
    }

    @Test
    void randomLogitIsTheCorrelationWithTheOtherClass() {
        // two classes: the other class is always class 1; Pearson of W[0] and W[1]
        assertEquals(-0.47217942436301397, Faithfulness.of(AFFINE).randomLogit(Gradient.of(AFFINE), X, 0), 1e-12);
    }

    @Test
    void comparisonTableHoldsMeansAndIntervals() {
        Random r = new Random(4);
        double[][] xs = new double[12][];
        for (int n = 0; n < xs.length; n++) {
            xs[n] = RandomNetworks.input(r, 4);
        }
        int[] targets = new int[xs.length];
        MetricComparison c = Faithfulness.of(AFFINE).optSubsetSize(2).optSubsets(20)
                .compare(List.of(InputXGradient.of(AFFINE), Gradient.of(AFFINE)), xs, targets);
        assertEquals(1, c.mean("input-x-gradient", "faithfulnessCorrelation"), 1e-12);
        assertArrayEquals(new double[] {1, 1}, c.interval("input-x-gradient", "faithfulnessCorrelation"), 1e-12);
        assertEquals(0, c.mean("gradient", "infidelity"), 1e-18);
        assertEquals(-0.47217942436301397, c.mean("gradient", "randomLogit"), 1e-12);
        double[] del = c.values("input-x-gradient", "deletionArea");
        double mean = 0;
        for (double d : del) {
            mean += d / del.length;
        }
        assertEquals(mean, c.mean("input-x-gradient", "deletionArea"), 1e-12);
        double[] ci = c.interval("input-x-gradient", "deletionArea");
        assertTrue(ci[0] <= mean && mean <= ci[1] && ci[0] < ci[1], java.util.Arrays.toString(ci));
        assertEquals(12, c.toTable().rowCount());
        assertTrue(c.toString().contains("faithfulnessCorrelation"), c.toString());
        assertTrue(c.plot().toJson().contains("bar"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.mean("lime", "infidelity"));
        assertTrue(e.getMessage().startsWith("method: expected one of input-x-gradient, gradient, got 'lime'"));
        assertThrows(IllegalArgumentException.class, () -> Faithfulness.of(AFFINE).optSubsets(1));
        assertThrows(IllegalArgumentException.class, () -> Faithfulness.of(AFFINE).optSubsetSize(5));
    }
}
