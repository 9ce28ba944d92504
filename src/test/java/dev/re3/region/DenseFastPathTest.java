package dev.re3.region;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Dense;
import dev.re3.net.Dropout;
import dev.re3.net.Flatten;
import dev.re3.net.Layer;
import dev.re3.net.LeakyRelu;
import dev.re3.net.Network;
import dev.re3.net.Relu;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The dense fast path gives the same maps as the DJL reverse mode: weights, biases, logits, patterns,
 * region ids and hidden layers, on ReLU and leaky ReLU stacks of assorted widths and class counts
 * (which exercise the wide and narrow class blocks and the tail columns of the kernel), and the storage
 * of the maps and contributions in blocks.
 */
class DenseFastPathTest {
    static final double TOL = 1e-9;

    static void assertClose(double expected, double actual, String what) {
        double scale = Math.max(1.0, Math.abs(expected));
        assertTrue(Math.abs(expected - actual) <= TOL * scale, what + ": expected " + expected + ", got " + actual);
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertClose(expected[i], actual[i], what + "[" + i + "]");
        }
    }

    /** Half the entries exactly zero, the rest Gaussian (so negative values too). */
    static double[][] sparseInputs(Random r, int n, int d) {
        double[][] xs = new double[n][d];
        for (double[] x : xs) {
            for (int i = 0; i < d; i++) {
                x[i] = r.nextBoolean() ? 0.0 : r.nextGaussian();
            }
        }
        return xs;
    }

    static List<Network> stacks() {
        return List.of(
                RandomNetworks.mlp(21, 0, 5, 7, 3),
                RandomNetworks.mlp(22, 0, 13, 24, 37, 10),
                RandomNetworks.mlp(23, 0.1, 13, 24, 37, 10),
                RandomNetworks.mlp(24, 0, 20, 64, 32, 16, 7),
                RandomNetworks.mlp(25, 0.2, 9, 16, 13),
                RandomNetworks.mlp(26, 0, 50, 40, 1),
                RandomNetworks.mlp(27, 0.05, 30, 48, 24, 5),
                RandomNetworks.mlp(28, 0, 17, 33, 19, 4),
                RandomNetworks.mlp(29, 0, 40, 32, 2));
    }

    /** Asserts that two batches of maps agree entry by entry, hidden layers included when present. */
    static void assertSameMaps(LocalMaps expected, LocalMaps actual, String what) {
        assertEquals(expected.size(), actual.size());
        for (int n = 0; n < expected.size(); n++) {
            String at = what + " input " + n;
            double[][] we = expected.weight(n);
            double[][] wa = actual.weight(n);
            for (int c = 0; c < we.length; c++) {
                assertClose(we[c], wa[c], at + " W[" + c + "]");
            }
            assertClose(expected.bias(n), actual.bias(n), at + " b");
            assertClose(expected.logits(n), actual.logits(n), at + " logits");
            assertEquals(expected.patterns(n), actual.patterns(n), at + " patterns");
            assertEquals(expected.regionId(n), actual.regionId(n), at + " region id");
            assertTrue(actual.reconstructionError(n) < 1e-9, at + " self-check " + actual.reconstructionError(n));
            List<HiddenLayer> he = expected.hidden(n);
            List<HiddenLayer> ha = actual.hidden(n);
            assertEquals(he.size(), ha.size(), at + " hidden layers");
            for (int h = 0; h < he.size(); h++) {
                HiddenLayer e = he.get(h);
                HiddenLayer a = ha.get(h);
                assertEquals(e.site(), a.site());
                assertClose(e.preActivation(), a.preActivation(), at + " z" + h);
                assertClose(e.activation(), a.activation(), at + " h" + h);
                assertClose(e.downstreamBias(), a.downstreamBias(), at + " beta" + h);
                for (int c = 0; c < e.downstreamWeight().length; c++) {
                    assertClose(e.downstreamWeight()[c], a.downstreamWeight()[c], at + " V" + h + "[" + c + "]");
                }
            }
        }
    }

    static void assertReproducesForward(Network net, double[][] xs, LocalMaps maps) {
        for (int n = 0; n < xs.length; n++) {
            double[] f = net.forward(xs[n]);
            double[][] w = maps.weight(n);
            double[] b = maps.bias(n);
            for (int c = 0; c < f.length; c++) {
                double fit = b[c];
                for (int i = 0; i < xs[n].length; i++) {
                    fit += w[c][i] * xs[n][i];
                }
                assertClose(f[c], fit, "W x + b, input " + n + " class " + c);
                assertClose(f[c], maps.logits(n)[c], "logit, input " + n + " class " + c);
            }
        }
    }

    @Test
    void denseStacksAreSupportedAndOthersAreNot() {
        for (Network net : stacks()) {
            assertTrue(DenseFastPath.supports(net), net.toString());
        }
        assertFalse(DenseFastPath.supports(RandomNetworks.cnn(1)));
        assertFalse(DenseFastPath.supports(RandomNetworks.stridedCnn(2)));
        assertFalse(DenseFastPath.supports(RandomNetworks.residual(3)));
        assertFalse(DenseFastPath.supports(RandomNetworks.residualCnn(4)));
    }

    @Test
    void fastPathEqualsDjlPath() {
        Random r = new Random(31);
        for (Network net : stacks()) {
            double[][] xs = sparseInputs(r, 23, net.inputSize());
            LocalMaps djl = Linearizer.of(net).withHidden(true).djlOnly().linearize(xs);
            LocalMaps fast = Linearizer.of(net).withHidden(true).linearize(xs);
            assertSameMaps(djl, fast, net.sites().size() + " layers, " + net.outputSize() + " classes");
            assertReproducesForward(net, xs, fast);
        }
    }

    @Test
    void withoutHiddenLayersNoneAreKept() {
        Network net = RandomNetworks.mlp(41, 0, 6, 8, 3);
        double[][] xs = sparseInputs(new Random(41), 5, 6);
        LocalMaps fast = Linearizer.of(net).linearize(xs);
        assertSameMaps(Linearizer.of(net).djlOnly().linearize(xs), fast, "no hidden");
        assertTrue(fast.hidden(0).isEmpty());
    }

    @Test
    void batchNormDropoutAndFlattenFollowTheDjlPath() {
        Random r = new Random(51);
        List<Layer> layers = List.of(new Flatten(), RandomNetworks.dense(r, 12, 16), RandomNetworks.batchNorm(r, 12),
                new Relu(), new Dropout(0.3), RandomNetworks.dense(r, 9, 12), new LeakyRelu(0.1),
                RandomNetworks.batchNorm(r, 9), RandomNetworks.dense(r, 4, 9));
        Network net = new Network(new int[] {1, 4, 4}, null, null, layers, true);
        assertTrue(DenseFastPath.supports(net));
        double[][] xs = sparseInputs(r, 19, 16);
        LocalMaps djl = Linearizer.of(net).withHidden(true).djlOnly().linearize(xs);
        LocalMaps fast = Linearizer.of(net).withHidden(true).linearize(xs);
        assertSameMaps(djl, fast, "batch norm");
        assertReproducesForward(net, xs, fast);
    }

    /** Stacks whose first step is not dense (the map is copied, not written by the last product), and no gates. */
    @Test
    void stacksThatDoNotStartDenseFollowTheDjlPath() {
        Random r = new Random(55);
        List<Network> nets = List.of(
                new Network(new int[] {6}, null, null, List.of(RandomNetworks.batchNorm(r, 6), RandomNetworks.dense(r, 9, 6),
                        new Relu(), RandomNetworks.dense(r, 3, 9)), true),
                new Network(new int[] {6}, null, null, List.of(new Relu(), RandomNetworks.dense(r, 5, 6), new LeakyRelu(0.2),
                        RandomNetworks.dense(r, 4, 5)), false),
                new Network(new int[] {6}, null, null, List.of(new LeakyRelu(0.1), new Relu()), false),
                new Network(new int[] {7}, null, null, List.of(RandomNetworks.dense(r, 3, 7)), true));
        for (Network net : nets) {
            assertTrue(DenseFastPath.supports(net), net.toString());
            double[][] xs = sparseInputs(r, 13, net.inputSize());
            LocalMaps djl = Linearizer.of(net).withHidden(true).djlOnly().linearize(xs);
            LocalMaps fast = Linearizer.of(net).withHidden(true).linearize(xs);
            assertSameMaps(djl, fast, net.toString());
            assertReproducesForward(net, xs, fast);
        }
    }

    @Test
    void chunksGiveTheSameMapsAsOneBatch() {
        Network net = RandomNetworks.mlp(61, 0, 11, 20, 20, 6);
        double[][] xs = sparseInputs(new Random(61), 41, 11);
        LocalMaps whole = Linearizer.of(net).linearize(xs);
        List<Integer> offsets = new ArrayList<>();
        Linearizer.of(net).withChunkSize(9).forEachChunk(xs, (offset, part) -> {
            offsets.add(offset);
            for (int n = 0; n < part.size(); n++) {
                assertArrayEquals(whole.weight(offset + n)[0], part.weight(n)[0]);
                assertEquals(whole.regionId(offset + n), part.regionId(n));
            }
        });
        assertEquals(List.of(0, 9, 18, 27, 36), offsets);
    }

    @Test
    void eachInputsMapIsTheSameAloneAndInABatch() {
        Network net = RandomNetworks.mlp(71, 0, 40, 64, 32, 10);
        double[][] xs = sparseInputs(new Random(71), 200, 40);
        LocalMaps batch = Linearizer.of(net).linearize(xs);
        for (int n = 0; n < xs.length; n += 37) {
            LocalMaps alone = Linearizer.of(net).linearize(new double[][] {xs[n]});
            for (int c = 0; c < 10; c++) {
                assertArrayEquals(alone.weight(0)[c], batch.weight(n)[c], "input " + n);
            }
            assertArrayEquals(alone.bias(0), batch.bias(n));
            assertArrayEquals(alone.logits(0), batch.logits(n));
        }
    }

    /** An MLP like {@link RandomNetworks#mlp} with every weight and bias rounded to a float32 value. */
    static Network floatMlp(long seed, double alpha, int... dims) {
        Random r = new Random(seed);
        List<Layer> layers = new ArrayList<>();
        for (int l = 1; l < dims.length; l++) {
            Dense d = RandomNetworks.dense(r, dims[l], dims[l - 1]);
            double[][] w = d.weight();
            double[] b = d.bias();
            for (double[] row : w) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = (float) row[i];
                }
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) b[i];
            }
            layers.add(new Dense(w, b));
            if (l < dims.length - 1) {
                layers.add(alpha > 0 ? new LeakyRelu(alpha) : new Relu());
            }
        }
        return new Network(new int[] {dims[0]}, null, null, layers, true);
    }

    /** Weights that are float32 values are read as floats by the kernels, with the same results. */
    @Test
    void floatWeightsFollowTheDjlPath() {
        Random r = new Random(95);
        for (Network net : List.of(floatMlp(95, 0, 70, 136, 72, 10), floatMlp(96, 0.1, 33, 64, 80, 5),
                floatMlp(97, 0, 20, 128, 3))) {
            double[][] xs = sparseInputs(r, 37, net.inputSize());
            LocalMaps djl = Linearizer.of(net).withHidden(true).djlOnly().linearize(xs);
            LocalMaps fast = Linearizer.of(net).withHidden(true).linearize(xs);
            assertSameMaps(djl, fast, "float weights " + net.sites().size() + " layers");
            assertReproducesForward(net, xs, fast);
            assertSameMaps(Linearizer.of(net).djlOnly().linearize(xs), Linearizer.of(net).linearize(xs), "float weights");
        }
    }

    /**
     * Maps held in several storage blocks, filled by both threads, read back like flat ones; the stored
     * contributions, whose zero feature groups are left unwritten, equal {@code W[c][i] x[i]} bit for bit
     * ({@code -0.0} included) through every accessor.
     */
    @Test
    void blockStorageAndStoredContributions() {
        int d = 2048;
        Network net = RandomNetworks.mlp(91, 0, d, 24, 10);
        double[][] xs = sparseInputs(new Random(91), 130, d);
        for (double[] x : xs) {
            Arrays.fill(x, 0, d / 2, 0.0);
        }
        LocalMaps fast = Linearizer.of(net).linearize(xs);
        assertSameMaps(Linearizer.of(net).djlOnly().linearize(xs), fast, "blocks");
        double[] weightFlat = fast.weightFlat();
        double[] contributionsFlat = fast.contributionsFlat();
        int negativeZeros = 0;
        for (int n = 0; n < xs.length; n++) {
            double[][] w = fast.weight(n);
            double[][] con = fast.contributions(n);
            for (int c = 0; c < 10; c++) {
                for (int i = 0; i < d; i++) {
                    double expected = w[c][i] * xs[n][i];
                    int at = (n * 10 + c) * d + i;
                    negativeZeros += Double.doubleToRawLongBits(expected) == Long.MIN_VALUE ? 1 : 0;
                    assertEquals(Double.doubleToRawLongBits(w[c][i]), Double.doubleToRawLongBits(weightFlat[at]));
                    assertEquals(Double.doubleToRawLongBits(w[c][i]), Double.doubleToRawLongBits(fast.weight(n, c, i)));
                    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(con[c][i]));
                    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(fast.contribution(n, c, i)));
                    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(contributionsFlat[at]));
                }
            }
        }
        assertTrue(negativeZeros > 0, "some contributions are -0.0");
    }

    /**
     * Unit 0 of the hidden layer computes {@code x0 - x1}, exactly zero at {@code x0 = x1}: it is off
     * ({@code '0'}), so it passes nothing for ReLU and {@code alpha} times its input for leaky ReLU:
     * {@code W = W2 diag(gate) W1}, {@code b = W2 diag(gate) b1 + b2}.
     */
    @Test
    void zeroPreActivationIsOff() {
        for (double alpha : new double[] {0.0, 0.3}) {
            Random r = new Random(81);
            Dense first = RandomNetworks.dense(r, 4, 3);
            double[][] w1 = first.weight();
            double[] b1 = first.bias();
            w1[0] = new double[] {1.0, -1.0, 0.0};
            b1[0] = 0.0;
            Dense second = RandomNetworks.dense(r, 2, 4);
            Network net = new Network(new int[] {3}, null, null,
                    List.of(new Dense(w1, b1), alpha == 0 ? new Relu() : new LeakyRelu(alpha), second), false);
            double[] x = {0.7, 0.7, -0.3};
            LocalMaps fast = Linearizer.of(net).withHidden(true).linearize(new double[][] {x});
            LocalMaps djl = Linearizer.of(net).withHidden(true).djlOnly().linearize(new double[][] {x});
            assertSameMaps(djl, fast, "alpha " + alpha);

            HiddenLayer hidden = fast.hidden(0).get(0);
            assertEquals(0.0, hidden.preActivation()[0]);
            assertEquals(0.0, hidden.activation()[0]);
            assertEquals('0', fast.patterns(0).get(0).charAt(0));

            double[] gate = new double[4];
            for (int j = 0; j < 4; j++) {
                gate[j] = hidden.preActivation()[j] > 0 ? 1.0 : alpha;
            }
            assertEquals(alpha, gate[0]);
            for (int c = 0; c < 2; c++) {
                double bias = second.bias(c);
                for (int j = 0; j < 4; j++) {
                    bias += second.weight(c, j) * gate[j] * b1[j];
                }
                assertClose(bias, fast.bias(0)[c], "b[" + c + "]");
                for (int i = 0; i < 3; i++) {
                    double w = 0;
                    for (int j = 0; j < 4; j++) {
                        w += second.weight(c, j) * gate[j] * w1[j][i];
                    }
                    assertClose(w, fast.weight(0, c, i), "W[" + c + "][" + i + "]");
                }
            }
        }
    }
}
