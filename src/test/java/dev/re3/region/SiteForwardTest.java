package dev.re3.region;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Conv2d;
import dev.re3.net.Dense;
import dev.re3.net.Layer;
import dev.re3.net.Network;
import dev.re3.net.Residual;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Batched forward passes with site hooks, checked against the plain forward pass, against the layers applied
 * one by one, and against networks edited by hand.
 */
class SiteForwardTest {
    static double[][] inputs(Network net, int n, long seed) {
        Random r = new Random(seed);
        double[][] xs = new double[n][];
        for (int i = 0; i < n; i++) {
            xs[i] = RandomNetworks.input(r, net.inputSize());
        }
        return xs;
    }

    @Test
    void logitsEqualThePlainForwardPass() {
        for (Network net : RandomNetworks.all()) {
            double[][] xs = inputs(net, 9, 1);
            double[][] logits = SiteForward.of(net).logits(xs);
            for (int n = 0; n < xs.length; n++) {
                assertArrayEquals(net.forward(xs[n]), logits[n], 0.0);
            }
        }
    }

    /** Activations at top-level sites equal the first layers applied one by one; inside a branch too. */
    @Test
    void activationsEqualTheLayersAppliedOneByOne() {
        for (Network net : RandomNetworks.all()) {
            double[][] xs = inputs(net, 4, 2);
            List<Layer> layers = net.layers();
            for (int l = 0; l < layers.size(); l++) {
                double[][] a = SiteForward.of(net).activations(xs, l + "." + layers.get(l).type());
                for (int n = 0; n < xs.length; n++) {
                    assertArrayEquals(prefix(net, l + 1, xs[n]), a[n], 0.0, "site " + l);
                }
            }
        }
        Network res = RandomNetworks.residual(8);
        double[][] xs = inputs(res, 3, 3);
        List<Layer> body = ((Residual) res.layers().get(2)).branches().get(1);
        double[][] inBranch = SiteForward.of(res).activations(xs, "2.residual.1.1.relu");
        for (int n = 0; n < xs.length; n++) {
            double[] v = prefix(res, 2, xs[n]);
            v = body.get(0).forward(v, new int[] {6});
            v = body.get(1).forward(v, new int[] {6});
            assertArrayEquals(v, inBranch[n], 0.0);
        }
    }

    private static double[] prefix(Network net, int count, double[] x) {
        double[] v = x;
        int[] shape = net.inputShape();
        for (int l = 0; l < count; l++) {
            v = net.layers().get(l).forward(v, shape);
            shape = net.layers().get(l).outputShape(shape);
        }
        return v;
    }

    /** Zeroing ReLU units equals zeroing the rows of the dense layer before; the network is unchanged after. */
    @Test
    void ablationEqualsANetworkEditedByHand() {
        Network net = RandomNetworks.mlp(4, 0, 10, 32, 32, 5);
        Dense first = (Dense) net.layers().get(0);
        double[][] w = first.weight();
        double[] b = first.bias();
        for (int u : new int[] {3, 17}) {
            w[u] = new double[w[u].length];
            b[u] = 0;
        }
        List<Layer> edited = new ArrayList<>(net.layers());
        edited.set(0, new Dense(w, b));
        Network byHand = new Network(net.inputShape(), null, null, edited, true);
        double[][] xs = inputs(net, 20, 4);
        SiteForward f = SiteForward.of(net);
        double[][] ablated = f.logits(xs, "1.relu", Intervention.zero(3, 17));
        double[][] again = f.logits(xs);
        for (int n = 0; n < xs.length; n++) {
            assertArrayEquals(byHand.forward(xs[n]), ablated[n], 1e-12);
            assertArrayEquals(net.forward(xs[n]), again[n], 0.0);
        }
        assertTrue(maxDiff(ablated, again) > 1e-6, "the ablation changes the logits");
    }

    /** Adding a vector at a dense site equals adding it to that layer's bias. */
    @Test
    void steeringEqualsAShiftedBias() {
        Network net = RandomNetworks.mlp(2, 0, 4, 8, 4, 3);
        double[] v = new double[8];
        v[2] = 0.7;
        v[5] = -1.3;
        Dense first = (Dense) net.layers().get(0);
        double[] b = first.bias();
        for (int u = 0; u < 8; u++) {
            b[u] += v[u];
        }
        List<Layer> edited = new ArrayList<>(net.layers());
        edited.set(0, new Dense(first.weight(), b));
        Network byHand = new Network(net.inputShape(), null, null, edited, true);
        double[][] xs = inputs(net, 10, 5);
        double[][] steered = SiteForward.of(net).logits(xs, "0.dense", Intervention.add(v));
        double[][] replaced = SiteForward.of(net).logits(xs, "0.dense", Intervention.replace(a -> {
            for (int u = 0; u < a.length; u++) {
                a[u] += v[u];
            }
            return a;
        }));
        for (int n = 0; n < xs.length; n++) {
            assertArrayEquals(byHand.forward(xs[n]), steered[n], 1e-12);
            assertArrayEquals(byHand.forward(xs[n]), replaced[n], 1e-12);
        }
    }

    /** Zeroing a channel after a convolution equals zeroing that output channel's kernel and bias. */
    @Test
    void channelAblationEqualsAnEditedConvolution() {
        Network net = RandomNetworks.stridedCnn(7);
        Conv2d conv = (Conv2d) net.layers().get(0);
        double[][][][] k = conv.weight();
        double[] bias = conv.bias();
        k[1] = new double[k[1].length][k[1][0].length][k[1][0][0].length];
        bias[1] = 0;
        List<Layer> edited = new ArrayList<>(net.layers());
        edited.set(0, new Conv2d(k, bias, conv.stride(), conv.padding()));
        Network byHand = new Network(net.inputShape(), null, null, edited, false);
        double[][] xs = inputs(net, 6, 6);
        double[][] ablated = SiteForward.of(net).logits(xs, "1.relu", Intervention.zeroChannels(1));
        for (int n = 0; n < xs.length; n++) {
            assertArrayEquals(byHand.forward(xs[n]), ablated[n], 1e-12);
        }
    }

    @Test
    void chunksCoverTheDatasetInOrder() {
        Network net = RandomNetworks.cnn(6);
        double[][] xs = inputs(net, 11, 7);
        double[][] all = SiteForward.of(net).activations(xs, "2.relu");
        List<Integer> starts = new ArrayList<>();
        SiteForward.of(net).forEachChunk(xs, "2.relu", 4, (start, part) -> {
            starts.add(start);
            for (int i = 0; i < part.length; i++) {
                assertArrayEquals(all[start + i], part[i], 0.0);
            }
        });
        assertEquals(List.of(0, 4, 8), starts);
    }

    @Test
    void badInputIsNamed() {
        Network net = RandomNetworks.mlp(1, 0, 4, 8, 3);
        SiteForward f = SiteForward.of(net);
        double[][] xs = inputs(net, 2, 8);
        assertMessage(() -> f.activations(xs, "9.relu"), "no site named '9.relu'; sites are [0.dense, 1.relu, 2.dense]");
        assertMessage(() -> f.logits(xs, "1.relu", Intervention.zero(8)), "site 1.relu: expected units in 0..7, got 8");
        assertMessage(() -> f.logits(xs, "1.relu", Intervention.zeroChannels(0)), "channels need an image site");
        assertMessage(() -> f.logits(xs, "1.relu", Intervention.add(new double[3])), "expected a vector of the site's 8 units, got 3");
        assertMessage(() -> f.logits(xs, "1.relu", Intervention.replace(a -> new double[2])), "must give 8 values, got 2");
        assertMessage(() -> f.logits(new double[][] {{1, 2, 3, 4}, {1, 2}}), "input 1: input: expected 4 numbers");
        assertMessage(() -> f.logits(new double[0][]), "got an empty batch");
        assertMessage(() -> f.logits(null), "got null");
        assertMessage(() -> f.logits(xs, "1.relu", null), "expected an Intervention, got null");
        assertMessage(() -> Intervention.set(new int[] {1, 2}, new double[] {1}), "expected one value per unit (2), got 1");
        assertMessage(() -> Intervention.zero(-1), "expected indices of 0 or more, got -1");
        assertMessage(() -> Intervention.add(new double[] {Double.NaN}), "expected finite values");
    }

    private static void assertMessage(Runnable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(part), "expected a message with '" + part + "', got: " + e.getMessage());
    }

    private static double maxDiff(double[][] a, double[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return m;
    }
}
