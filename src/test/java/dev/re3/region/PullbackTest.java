package dev.re3.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The open pullback against the local maps of {@link Linearizer} (DJL's reverse mode with autograd through
 * conv and pool layers, or the dense fast path): the pullback of the identity is the map, the pullback to a
 * hidden site is its downstream map.
 */
class PullbackTest {
    static void close(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= 1e-9 * Math.max(1, Math.abs(expected)),
                what + ": expected " + expected + ", got " + actual);
    }

    @Test
    void identityPullbackIsTheLocalMap() {
        Random r = new Random(21);
        for (Network net : RandomNetworks.all()) {
            double[] x = RandomNetworks.input(r, net.inputSize());
            LocalMaps maps = Linearizer.of(net).djlOnly().linearize(new double[][] {x});
            Pullback.Result p = Pullback.of(net).map(x);
            double[][] w = maps.weight(0);
            for (int c = 0; c < net.outputSize(); c++) {
                for (int i = 0; i < x.length; i++) {
                    close(w[c][i], p.cotangents()[c][i], net.sites().get(0).name() + " W[" + c + "][" + i + "]");
                }
                close(maps.bias(0)[c], p.beta()[c], "bias " + c);
                close(net.forward(x)[c], p.reconstruct(c), "W x + b = f(x)");
            }
        }
    }

    @Test
    void pullbackToAHiddenSiteIsItsDownstreamMap() {
        Random r = new Random(22);
        for (Network net : List.of(RandomNetworks.cnn(6), RandomNetworks.mlp(3, 0.05, 4, 16, 8, 4, 3), RandomNetworks.residual(8))) {
            double[] x = RandomNetworks.input(r, net.inputSize());
            LocalMaps maps = Linearizer.of(net).djlOnly().withHidden(true).linearize(new double[][] {x});
            for (HiddenLayer h : maps.hidden(0)) {
                double[][] eye = new double[net.outputSize()][net.outputSize()];
                for (int c = 0; c < eye.length; c++) {
                    eye[c][c] = 1;
                }
                Pullback.Result p = Pullback.of(net).pull(x, eye, Pullback.OUTPUT, h.site().name());
                for (int c = 0; c < eye.length; c++) {
                    for (int u = 0; u < h.activation().length; u++) {
                        close(h.downstreamWeight()[c][u], p.cotangents()[c][u], h.site().name() + " unit " + u);
                        close(h.activation()[u], p.activation()[u], "activation");
                    }
                    close(h.downstreamBias()[c], p.beta()[c], "downstream bias");
                    close(net.forward(x)[c], p.reconstruct(c), "downstream map reproduces the logit");
                }
            }
        }
    }

    /**
     * Many cotangent rows at once equal the same rows pulled back one at a time, bit for bit: the kernels that
     * carry rows in groups give every entry its terms in the same order as a single row does.
     */
    @Test
    void rowsTogetherEqualRowsOneAtATimeBitForBit() {
        Random r = new Random(23);
        for (Network net : RandomNetworks.all()) {
            double[] x = RandomNetworks.input(r, net.inputSize());
            for (int k : new int[] {3, 4, 7, 10}) {
                double[][] g = new double[k][net.outputSize()];
                for (double[] row : g) {
                    for (int c = 0; c < row.length; c++) {
                        row[c] = r.nextGaussian();
                    }
                }
                Pullback.Result all = Pullback.of(net).pull(x, g, Pullback.OUTPUT, Pullback.INPUT);
                for (int q = 0; q < k; q++) {
                    Pullback.Result one = Pullback.of(net).pull(x, new double[][] {g[q]}, Pullback.OUTPUT, Pullback.INPUT);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(one.cotangents()[0], all.cotangents()[q], 0.0,
                            net + ", row " + q + " of " + k);
                    assertEquals(one.beta()[0], all.beta()[q], 0.0, "beta");
                }
            }
        }
    }

    /** The softmax pool rule, applied a layer at a time, equals the same weights handed over window by window. */
    @Test
    void softmaxPoolLayerAtATimeEqualsTheGenericRule() {
        Random r = new Random(24);
        for (Network net : List.of(RandomNetworks.cnn(7), RandomNetworks.paddedCnn(8), RandomNetworks.stridedCnn(9))) {
            double[] x = RandomNetworks.input(r, net.inputSize());
            Pullback.PoolRule soft = Pullback.PoolRule.softmax(0.3);
            Pullback.PoolRule generic = values -> soft.weights(values);
            double[][] g = {new double[net.outputSize()]};
            g[0][0] = 1;
            g[0][net.outputSize() - 1] = -0.5;
            Pullback.Result a = Pullback.of(net).optMaxPool(soft).pull(x, g, Pullback.OUTPUT, Pullback.INPUT);
            Pullback.Result b = Pullback.of(net).optMaxPool(generic).pull(x, g, Pullback.OUTPUT, Pullback.INPUT);
            // the layer-at-a-time softmax takes its exponentials with vector exp, within an ulp of Math.exp
            for (int i = 0; i < x.length; i++) {
                close(b.cotangents()[0][i], a.cotangents()[0][i], "input " + i);
            }
            close(b.beta()[0], a.beta()[0], "beta");
        }
    }

    /** A soft rule changes the cotangent only where the gate is soft: slope 1 everywhere gives the linear net. */
    @Test
    void rectifierRuleReplacesTheBackwardGateOnly() {
        Network net = RandomNetworks.mlp(2, 0, 4, 8, 4, 3);
        double[] x = RandomNetworks.input(new Random(23), 4);
        Pullback.Result all = Pullback.of(net).optRectifier((z, alpha) -> 1.0).map(x);
        // with every gate open the map is the product of the dense weights
        double[][] w0 = ((dev.re3.net.Dense) net.layers().get(0)).weight();
        double[][] w1 = ((dev.re3.net.Dense) net.layers().get(2)).weight();
        double[][] w2 = ((dev.re3.net.Dense) net.layers().get(4)).weight();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 4; i++) {
                double s = 0;
                for (int a = 0; a < 4; a++) {
                    for (int b = 0; b < 8; b++) {
                        s += w2[c][a] * w1[a][b] * w0[b][i];
                    }
                }
                close(s, all.cotangents()[c][i], "product of weights");
            }
        }
    }

    /**
     * One 2x2 max pool before a dense weight 2: the soft rule gives {@code 2 softmax(x / T)} at the input, by
     * hand; the hard rule and a very cold soft rule give 2 at the largest value.
     */
    @Test
    void maxPoolRuleSharesTheWindow() {
        Network net = new Network(new int[] {1, 2, 2}, null, null, List.of(
                new dev.re3.net.MaxPool2d(new int[] {2, 2}, new int[] {2, 2}), new dev.re3.net.Flatten(),
                new dev.re3.net.Dense(new double[][] {{2}}, new double[] {0.5})), false);
        double[] x = {0.3, 1.1, -0.4, 0.9};
        double t = 0.5;
        double z = 0;
        for (double v : x) {
            z += Math.exp(v / t);
        }
        double[] soft = Pullback.of(net).optMaxPool(Pullback.PoolRule.softmax(t)).map(x).cotangents()[0];
        for (int i = 0; i < 4; i++) {
            close(2 * Math.exp(x[i] / t) / z, soft[i], "soft weight " + i);
        }
        double[] hard = Pullback.of(net).map(x).cotangents()[0];
        double[] cold = Pullback.of(net).optMaxPool(Pullback.PoolRule.softmax(1e-6)).map(x).cotangents()[0];
        for (int i = 0; i < 4; i++) {
            close(i == 1 ? 2 : 0, hard[i], "hard " + i);
            close(hard[i], cold[i], "cold " + i);
        }
        Network cnn = RandomNetworks.cnn(6);
        double[] y = RandomNetworks.input(new Random(24), cnn.inputSize());
        double[][] a = Pullback.of(cnn).map(y).cotangents();
        double[][] b = Pullback.of(cnn).optMaxPool(Pullback.PoolRule.HARD::weights).map(y).cotangents();
        for (int c = 0; c < a.length; c++) {
            for (int i = 0; i < a[c].length; i++) {
                close(a[c][i], b[c][i], "hard rule by windows equals argmax routing");
            }
        }
    }

    @Test
    void badInputIsNamed() {
        Network net = RandomNetworks.mlp(1, 0, 4, 8, 3);
        double[] x = {0.1, 0.2, 0.3, 0.4};
        Pullback p = Pullback.of(net);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.pull(x, new double[][] {{1, 2}}, "output", "input"))
                .getMessage().contains("expected rows of 3 numbers (the output of the network), got 2 in row 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.pull(x, new double[][] {{1}}, "0.dense", "2.dense"))
                .getMessage().contains("expected the end site '2.dense' before the start site '0.dense'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.pull(x, new double[][] {{1}}, "7.relu", "input"))
                .getMessage().contains("sites are"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.pull(x, null, "output", "input"))
                .getMessage().contains("got null"));
        assertEquals(4, p.pull(x, new double[][] {new double[8]}, "1.relu", "input").cotangents()[0].length);
    }
}
