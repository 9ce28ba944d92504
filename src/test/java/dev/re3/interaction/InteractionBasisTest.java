package dev.re3.interaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Dense;
import dev.re3.net.Network;
import dev.re3.net.Relu;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InteractionBasisTest {
    static double[][] gaussian(Random r, int n, int d) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return x;
    }

    static Network relu(long seed, int... sizes) {
        Random r = new Random(seed);
        Network.Builder b = Network.builder(sizes[0]);
        for (int i = 1; i < sizes.length; i++) {
            Dense d = RandomNetworks.dense(r, sizes[i], sizes[i - 1]);
            b.dense(d.weight(), d.bias());
            if (i + 1 < sizes.length) {
                b.relu();
            }
        }
        return b.build();
    }

    @Test
    void linearTwoLayerNetworkGivesTheSingularDirectionsOfTheSecondLayer() {
        double t = 0.4;
        double p = Math.PI / 6;
        double[][] w1 = {{Math.cos(t), -Math.sin(t)}, {Math.sin(t), Math.cos(t)}};
        double[] p1 = {Math.cos(p), Math.sin(p)};
        double[] p2 = {-Math.sin(p), Math.cos(p)};
        double[] q1 = {0.6, 0.8};
        double[] q2 = {-0.8, 0.6};
        double[][] w2 = new double[2][2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                w2[i][j] = 3 * q1[i] * p1[j] + q2[i] * p2[j];
            }
        }
        Network net = Network.builder(2).dense(w1, new double[2]).dense(w2, new double[] {0.5, -0.2}).build();
        double s = Math.sqrt(2);
        double[][] xs = {{s, 0}, {-s, 0}, {0, s}, {0, -s}};
        LibResult lib = InteractionBasis.of(net).fit(xs);
        assertEquals(List.of("input", "0.dense", "output"), lib.bases().stream().map(LayerBasis::name).toList());
        LayerBasis h = lib.basis("0.dense");
        double[][] c = h.c();
        assertEquals(3, h.size());
        // direction 1 is 3 p1, direction 2 is 1 p2 (up to sign); the constant column is sqrt(|b2|^2) e_const
        double sign1 = Math.signum(c[0][1] * p1[0] + c[1][1] * p1[1]);
        double sign2 = Math.signum(c[0][2] * p2[0] + c[1][2] * p2[1]);
        for (int i = 0; i < 2; i++) {
            assertEquals(3 * p1[i] * sign1, c[i][1], 1e-12);
            assertEquals(p2[i] * sign2, c[i][2], 1e-12);
            assertEquals(0, c[i][0], 1e-12);
        }
        assertEquals(Math.sqrt(0.29), c[2][0], 1e-12);
        assertEquals(9, h.lambda()[1], 1e-12);
        assertEquals(1, h.lambda()[2], 1e-12);
    }

    @Test
    void permutedAndScaledHiddenLayerGivesTheSameCoordinates() {
        Random r = new Random(3);
        Dense d1 = RandomNetworks.dense(r, 5, 3);
        Dense d2 = RandomNetworks.dense(r, 4, 5);
        int[] perm = {3, 0, 4, 1, 2};
        double[] scale = {0.5, 2.0, 1.5, 3.0, 0.25};
        double[][] w1 = new double[5][];
        double[] b1 = new double[5];
        double[][] w2 = new double[4][5];
        for (int i = 0; i < 5; i++) {
            double[] row = d1.weight()[perm[i]];
            w1[i] = new double[3];
            for (int j = 0; j < 3; j++) {
                w1[i][j] = scale[i] * row[j];
            }
            b1[i] = scale[i] * d1.bias()[perm[i]];
            for (int o = 0; o < 4; o++) {
                w2[o][i] = d2.weight()[o][perm[i]] / scale[i];
            }
        }
        Network a = Network.builder(3).dense(d1.weight(), d1.bias()).relu().dense(d2.weight(), d2.bias()).build();
        Network b = Network.builder(3).dense(w1, b1).relu().dense(w2, d2.bias()).build();
        double[][] xs = gaussian(r, 200, 3);
        LibResult la = InteractionBasis.of(a).fit(xs);
        LibResult lb = InteractionBasis.of(b).fit(xs);
        for (String layer : List.of("input", "1.relu")) {
            LayerBasis ba = la.basis(layer);
            LayerBasis bb = lb.basis(layer);
            assertEquals(ba.size(), bb.size());
            double[] fa = layer.equals("input") ? xs[7] : hidden(a, xs[7]);
            double[] fb = layer.equals("input") ? xs[7] : hidden(b, xs[7]);
            double[] ha = ba.toBasis(fa);
            double[] hb = bb.toBasis(fb);
            for (int j = 0; j < ha.length; j++) {
                assertEquals(ba.lambda()[j], bb.lambda()[j], 1e-9 * Math.max(1, ba.lambda()[j]));
                assertEquals(Math.abs(ha[j]), Math.abs(hb[j]), 1e-9 * Math.max(1, Math.abs(ha[j])), layer + " direction " + j);
            }
        }
    }

    static double[] hidden(Network n, double[] x) {
        return dev.re3.region.SiteForward.of(n).activations(new double[][] {x}, "1.relu")[0];
    }

    @Test
    void pseudoInverseIsTheIdentityAndKeepingAllDirectionsIsTheNetwork() {
        Network net = relu(11, 4, 6, 5, 3);
        double[][] xs = gaussian(new Random(12), 150, 4);
        for (InteractionBasis method : List.of(InteractionBasis.of(net), InteractionBasis.of(net).optRotateOutput(true),
                InteractionBasis.of(net).optPca(true))) {
            LibResult lib = method.fit(xs);
            for (LayerBasis b : lib.bases()) {
                double[][] id = Linalg.multiply(b.cPinv(), b.c());
                for (int i = 0; i < id.length; i++) {
                    for (int j = 0; j < id.length; j++) {
                        assertEquals(i == j ? 1 : 0, id[i][j], 1e-9, b.name());
                    }
                }
            }
            for (int n = 0; n < 20; n++) {
                double[] want = net.forward(xs[n]);
                double[] got = lib.logitsInBasis(xs[n]);
                for (int c = 0; c < want.length; c++) {
                    assertEquals(want[c], got[c], 1e-9 * Math.max(1, Math.abs(want[c])));
                }
            }
        }
    }

    @Test
    void rankDeficientDataIsTruncatedAndSaysSo() {
        Network net = relu(5, 6, 4, 2);
        double[][] xs = gaussian(new Random(6), 3, 6);
        LibResult lib = InteractionBasis.of(net).fit(xs);
        LayerBasis in = lib.basis("input");
        assertEquals(3, in.gramKept()); // two centred directions and the constant
        assertTrue(in.size() <= 3);
        assertTrue(lib.toString().contains("left after the Gram truncation"), lib.toString());
        double[][] id = Linalg.multiply(in.cPinv(), in.c());
        for (int i = 0; i < id.length; i++) {
            assertEquals(1, id[i][i], 1e-9);
        }
    }

    @Test
    void badInputGetsClearErrors() {
        Network conv = Network.builder(1, 4, 4).conv2d(new double[1][1][2][2], new double[1], new int[] {1, 1},
                new int[] {0, 0}).flatten().dense(new double[2][9], new double[2]).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InteractionBasis.of(conv));
        assertTrue(e.getMessage().contains("dense networks only"), e.getMessage());
        Network net = relu(1, 2, 3, 2);
        e = assertThrows(IllegalArgumentException.class, () -> InteractionBasis.of(net).optThreshold(-1));
        assertTrue(e.getMessage().contains("got -1"), e.getMessage());
        double[][] nan = {{0, Double.NaN}, {1, 2}};
        assertThrows(IllegalArgumentException.class, () -> InteractionBasis.of(net).fit(nan));
        assertTrue(new Relu().type().length() > 0);
    }
}
