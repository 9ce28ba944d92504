package dev.re3.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.data.Dataset;
import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Conv2d;
import dev.re3.net.Dense;
import dev.re3.net.Layer;
import dev.re3.net.Network;
import dev.re3.sae.Sae;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Modes of contributions: loadings and class correlations against their formulas; ablate and preserve through
 * interventions against networks edited by hand; a mode image against its gradient written out.
 */
class ModesTest {
    /** Inputs labelled with the network's own predictions, so that the plain accuracy is 1 in every group. */
    static Dataset data(Network net, int n, long seed) {
        double[][] xs = ContributionsTest.inputs(net, n, seed);
        int[] y = Arrays.stream(xs).mapToInt(x -> Target.argmax(net.forward(x))).toArray();
        return Dataset.of(xs, y);
    }

    static Modes modes(ContributionResult r, int latents, int k) {
        return r.modes(Sae.topk(latents, k).optSeed(5).optEpochs(30).optBatchSize(32).optHeldOut(0).optProgress(false));
    }

    @Test
    void loadingsAndClassCorrelationsFollowTheirFormulas() {
        Network net = RandomNetworks.mlp(2, 0, 4, 8, 4, 3);
        Dataset d = data(net, 90, 51);
        ContributionResult r = Contributions.of(net, d).at("1.relu").activationTimesGradient();
        Modes m = modes(r, 6, 2);
        assertEquals(6, m.size());
        int[] y = d.labels();
        for (int j = 0; j < m.size(); j++) {
            double[] load = new double[d.size()];
            for (int i = 0; i < d.size(); i++) {
                load[i] = m.sae().encode(r.values(i))[j];
                assertEquals(load[i], m.loadings()[i][j], 0);
            }
            for (int c = 0; c < 3; c++) {
                double[] mask = new double[d.size()];
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = y[i] == c ? 1 : 0;
                }
                double ml = Arrays.stream(load).average().orElse(0);
                double mm = Arrays.stream(mask).average().orElse(0);
                double sab = 0;
                double saa = 0;
                double sbb = 0;
                for (int i = 0; i < mask.length; i++) {
                    sab += (load[i] - ml) * (mask[i] - mm);
                    saa += (load[i] - ml) * (load[i] - ml);
                    sbb += (mask[i] - mm) * (mask[i] - mm);
                }
                double expected = saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
                assertEquals(expected, m.classCorrelations()[j][c], 1e-12);
            }
            assertArrayEqualsExactly(m.sae().decoderRow(j), m.atom(j));
        }
        int[] top = m.topModes(1, 3);
        assertTrue(m.classCorrelations()[top[0]][1] >= m.classCorrelations()[top[1]][1]);
        assertTrue(m.classCorrelations()[top[1]][1] >= m.classCorrelations()[top[2]][1]);
        assertEquals(6, m.toTable().rowCount());
        assertEquals(9, m.topModesTable(3).rowCount());
        assertTrue(m.plot().toJson().contains("correlation"));
        // bad input
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.atom(6));
        assertTrue(e.getMessage().contains("expected an index in 0..5, got 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.ablations(0, 0.0));
        assertTrue(e.getMessage().contains("expected fractions in (0, 1], got 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.topOwners(0, 1.5));
        assertTrue(e.getMessage().contains("(0, 1]"), e.getMessage());
        ContributionResult other = Contributions.of(net, d).at("3.relu").activationTimesGradient();
        e = assertThrows(IllegalArgumentException.class, () -> other.modes(m.sae()));
        assertTrue(e.getMessage().contains("expected one trained on the 4 contribution values per input at site 3.relu")
                && e.getMessage().contains("input size 8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> other.activationModes(m.sae()));
        assertTrue(e.getMessage().contains("expected one trained on the 4 activation values per input at site 3.relu")
                && e.getMessage().contains("input size 8"), e.getMessage());
        int classes = net.outputSize();
        e = assertThrows(IllegalArgumentException.class, () -> m.topModes(classes, 1));
        assertTrue(e.getMessage().contains("class: expected an index in 0.." + (classes - 1) + ", got " + classes),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.topModes(-1, 1));
        assertTrue(e.getMessage().contains("got -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.topModes(0, 0));
        assertTrue(e.getMessage().contains("k: expected 1 or more modes, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.ablations(-1, 0.5));
        assertTrue(e.getMessage().contains("mode: expected an index in 0..5, got -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.ablations(0));
        assertTrue(e.getMessage().contains("expected at least one fraction in (0, 1], got none"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.ablations(0, 0.5, 1.01));
        assertTrue(e.getMessage().contains("got 1.01"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.image(0, m.source().size()));
        assertTrue(e.getMessage().contains("input: expected an index in 0.." + (m.source().size() - 1)), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> r.modes((dev.re3.sae.SparseAutoencoder) null));
        assertTrue(e.getMessage().contains("expected a trained SparseAutoencoder, got null"), e.getMessage());
        Modes act = r.activationModes(m.sae());
        assertTrue(act.onActivations());
    }

    private static void assertArrayEqualsExactly(double[] a, double[] b) {
        assertEquals(Arrays.toString(a), Arrays.toString(b));
    }

    /** Zeroing units of {@code 1.relu} by intervention equals zeroing their rows of the first dense layer. */
    @Test
    void ablationThroughInterventionsEqualsAHandEditedDenseNetwork() {
        Network net = RandomNetworks.mlp(2, 0, 4, 8, 4, 3);
        Dataset d = data(net, 60, 52);
        Modes m = modes(Contributions.of(net, d).at("1.relu").activationTimesGradient(), 5, 2);
        double[] ps = {0.25, 0.5, 1};
        AblationCurves curves = m.ablations(0, ps);
        for (int q = 0; q < ps.length; q++) {
            int[] top = m.topOwners(0, ps[q]);
            boolean[] in = new boolean[8];
            for (int u : top) {
                in[u] = true;
            }
            for (AblationCurves.Kind kind : AblationCurves.Kind.values()) {
                Dense first = (Dense) net.layers().get(0);
                double[][] w = first.weight();
                double[] b = first.bias();
                for (int u = 0; u < 8; u++) {
                    if (in[u] == (kind == AblationCurves.Kind.ABLATE)) {
                        Arrays.fill(w[u], 0);
                        b[u] = 0;
                    }
                }
                List<Layer> layers = new ArrayList<>(net.layers());
                layers.set(0, new Dense(w, b));
                Network edited = new Network(net.inputShape(), null, null, layers, true);
                double[] expected = expected(net, edited, d, m.modeClass(0));
                double[] got = {curves.accuracyTarget(kind)[q], curves.accuracyOther(kind)[q], curves.logitTarget(kind)[q],
                        curves.logitOther(kind)[q]};
                for (int k = 0; k < 4; k++) {
                    assertEquals(expected[k], got[k], 1e-12, kind + " p " + ps[q] + " measure " + k);
                }
            }
        }
        double[] t = curves.accuracyTarget(AblationCurves.Kind.ABLATE);
        assertEquals(0.25 * 0.5 * (t[0] + t[1]) + 0.5 * 0.5 * (t[1] + t[2]), curves.auc(AblationCurves.Kind.ABLATE, true),
                1e-15);
        double[] o = curves.accuracyOther(AblationCurves.Kind.PRESERVE);
        double[] tp = curves.accuracyTarget(AblationCurves.Kind.PRESERVE);
        assertEquals((tp[0] - o[0]) / (tp[0] + o[0]), curves.selectivity(AblationCurves.Kind.PRESERVE)[0], 1e-15);
        assertEquals(6, curves.toTable().rowCount());
        assertTrue(curves.plot().toJson().contains("preserve, other classes"));
        Modes act = Contributions.of(net, d).at("1.relu").activationTimesGradient()
                .activationModes(Sae.topk(5, 2).optSeed(5).optEpochs(5).optBatchSize(32).optHeldOut(0).optProgress(false));
        AblationCurves actCurves = act.ablations(0, ps);
        String both = AblationCurves.compare(curves, actCurves).toJson();
        assertTrue(both.contains("contribution mode 0") && both.contains("activation mode 0"), both);
    }

    /** Zeroing channels of {@code 1.relu} in a CNN equals zeroing those output channels of the convolution. */
    @Test
    void channelAblationEqualsAHandEditedConvolution() {
        Network net = RandomNetworks.stridedCnn(7);
        Dataset d = data(net, 40, 53);
        ContributionResult r = Contributions.of(net, d).at("1.relu").optReduce(Reduction.SIGN_SPLIT).activationTimesGradient();
        Modes m = modes(r, 4, 2);
        AblationCurves curves = m.ablations(1, 0.34);
        int[] top = m.topOwners(1, 0.34);
        assertEquals(2, top.length, "ceil(0.34 * 3) channels");
        Conv2d conv = (Conv2d) net.layers().get(0);
        double[][][][] w = conv.weight();
        double[] zeroOut = conv.forward(new double[81], new int[] {1, 9, 9});
        int plane = zeroOut.length / 3;
        double[] b = new double[3];
        for (int k = 0; k < 3; k++) {
            b[k] = zeroOut[k * plane];
        }
        for (int k : top) {
            for (double[][] a : w[k]) {
                for (double[] row : a) {
                    Arrays.fill(row, 0);
                }
            }
            b[k] = 0;
        }
        List<Layer> layers = new ArrayList<>(net.layers());
        layers.set(0, new Conv2d(w, b, conv.stride(), conv.padding()));
        Network edited = new Network(net.inputShape(), null, null, layers, false);
        double[] expected = expected(net, edited, d, m.modeClass(1));
        assertEquals(expected[0], curves.accuracyTarget(AblationCurves.Kind.ABLATE)[0], 1e-12);
        assertEquals(expected[1], curves.accuracyOther(AblationCurves.Kind.ABLATE)[0], 1e-12);
        assertEquals(expected[2], curves.logitTarget(AblationCurves.Kind.ABLATE)[0], 1e-12);
        assertEquals(expected[3], curves.logitOther(AblationCurves.Kind.ABLATE)[0], 1e-12);
    }

    /** {@code [acc ratio target, acc ratio other, logit ratio target, logit ratio other]} of edited vs plain. */
    private static double[] expected(Network plain, Network edited, Dataset d, int cls) {
        double[] sumPlain = new double[4];
        double[] sumEdited = new double[4];
        for (int i = 0; i < d.size(); i++) {
            int g = d.label(i) == cls ? 0 : 1;
            double[] zp = plain.forward(d.x(i));
            double[] ze = edited.forward(d.x(i));
            sumPlain[g] += Target.argmax(zp) == d.label(i) ? 1 : 0;
            sumEdited[g] += Target.argmax(ze) == d.label(i) ? 1 : 0;
            sumPlain[2 + g] += zp[d.label(i)];
            sumEdited[2 + g] += ze[d.label(i)];
        }
        return new double[] {sumEdited[0] / sumPlain[0], sumEdited[1] / sumPlain[1], sumEdited[2] / sumPlain[2],
                sumEdited[3] / sumPlain[3]};
    }

    /** The map of a mode at {@code 1.relu} is {@code x * sum_{u in owners} g_u [z_u > 0] W1[u]}. */
    @Test
    void modeImageIsTheGradientThroughTheModesUnitsTimesTheInput() {
        Network net = RandomNetworks.mlp(2, 0, 4, 8, 4, 3);
        Dataset d = data(net, 40, 54);
        ContributionResult r = Contributions.of(net, d).at("1.relu").activationTimesGradient();
        Modes m = modes(r, 4, 2);
        ModeImage img = m.image(2, 5);
        double[] x = d.x(5);
        Dense first = (Dense) net.layers().get(0);
        double[] z = first.forward(x, new int[] {4});
        // g_u = dT/da_u = c_u / a_u where a_u > 0
        double[] c = r.values(5);
        double[] expected = new double[4];
        for (int u : img.owners()) {
            if (z[u] > 0) {
                double g = c[u] / z[u];
                for (int i = 0; i < 4; i++) {
                    expected[i] += g * first.weight(u, i);
                }
            }
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i] * x[i], img.map()[i], 1e-9);
        }
        assertEquals(3, img.owners().length);
        assertTrue(img.plot().toJson().length() > 0);
        assertThrows(IllegalArgumentException.class, () -> m.image(9, 0));
    }
}
