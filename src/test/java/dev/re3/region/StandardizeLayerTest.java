package dev.re3.region;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.re3.djl.DjlExport;
import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import dev.re3.net.Standardize;
import dev.re3.polytope.PathSegment;
import dev.re3.polytope.PathWalker;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The {@link Standardize} layer through every interpreter of the engine: the local map of a network with the layer
 * in front is {@code W / scale} with bias {@code b - W mean / scale}, worked out by hand for a small network and
 * taken independently by DJL's autograd, the same from the dense fast path, DJL's reverse mode, the plain pass, the
 * pullback and forward-mode tracing, for a dense network and a CNN.
 */
class StandardizeLayerTest {
    static final double EPS = 1e-12;

    /**
     * {@code x -> (x - (1, 2)) / (2, 0.5)} in front of the network of {@code Re3Test.byHand()}: at the raw
     * {@code (7, 2.5)} the layer gives {@code (3, 1)}, where {@code W = [[5,1],[1,2]]} and {@code b = (-1.5,-1)}.
     */
    static Network byHand() {
        return Network.builder(2).standardize(new double[] {1, 2}, new double[] {2, 0.5})
                .dense(new double[][] {{1, -1}, {2, 1}}, new double[] {0, -1}).relu()
                .dense(new double[][] {{1, 2}, {-1, 1}}, new double[] {0.5, 0}).build();
    }

    @Test
    void theLocalMapIsWOverScaleOnEveryPath() {
        Network net = byHand();
        double[] x = {7, 2.5};
        assertArrayEquals(new double[] {14.5, 4}, net.forward(x), EPS);
        // W_raw = W / scale = [[5/2, 1/0.5], [1/2, 2/0.5]]; b_raw = b - W mean / scale = (-1.5 - 2.5 - 4, -1 - 0.5 - 8)
        double[][] w = {{2.5, 2}, {0.5, 4}};
        double[] b = {-8, -9.5};
        double[][] xs = {x};
        List<LocalMaps> all = List.of(Linearizer.of(net).linearize(xs), Linearizer.of(net).djlOnly().linearize(xs),
                new PlainPass(net, false).run(xs));
        for (LocalMaps maps : all) {
            assertArrayEquals(w[0], maps.weight(0)[0], EPS);
            assertArrayEquals(w[1], maps.weight(0)[1], EPS);
            assertArrayEquals(b, maps.bias(0), EPS);
            assertEquals("11", maps.patterns(0).get(0));
        }
        Pullback.Result p = Pullback.of(net).map(x);
        assertArrayEquals(w[0], p.cotangents()[0], EPS);
        assertArrayEquals(w[1], p.cotangents()[1], EPS);
        assertArrayEquals(b, p.beta(), EPS);
        AffineTracer.Trace t = AffineTracer.trace(net, x);
        assertArrayEquals(w[0], t.weight()[0], EPS);
        assertArrayEquals(b, t.bias(), EPS);
        // the pullback from the ReLU back through the layer: d(z1 . g)/dx for g = (1, 0): row 1 of W1, over scale
        Pullback.Result down = Pullback.of(net).pull(x, new double[][] {{1, 0}}, "2.relu", Pullback.INPUT);
        assertArrayEquals(new double[] {0.5, -2}, down.cotangents()[0], EPS);
        assertEquals(-(1 * 1 / 2.0 - 1 * 2 / 0.5), down.beta()[0], EPS);
    }

    @Test
    void rowsOfTheMapAreTheAutogradGradientsForADenseNetworkAndACnn() {
        Random r = new Random(17);
        Network mlp = RandomNetworks.mlp(4, 0.0, 5, 7, 3);
        Network cnn = RandomNetworks.cnn(3);
        for (Network inner : List.of(new Network(mlp.inputShape(), null, null, mlp.layers(), false),
                new Network(cnn.inputShape(), null, null, cnn.layers(), false))) {
            int d = inner.inputSize();
            double[] mean = new double[d];
            double[] scale = new double[d];
            for (int i = 0; i < d; i++) {
                mean[i] = r.nextGaussian() * 3;
                scale[i] = 0.2 + 4 * r.nextDouble();
            }
            Network net = inner.withStandardize(new Standardize(mean, scale));
            double[][] xs = new double[3][d];
            for (double[] x : xs) {
                for (int i = 0; i < d; i++) {
                    x[i] = mean[i] + scale[i] * r.nextGaussian();
                }
            }
            LocalMaps djl = Linearizer.of(net).djlOnly().withHidden(true).linearize(xs);
            DenseFastPathTest.assertSameMaps(djl, new PlainPass(net, true).run(xs), "plain pass " + net);
            DenseFastPathTest.assertSameMaps(djl, Linearizer.of(net).withHidden(true).linearize(xs), "default " + net);
            try (NDManager m = NDManager.newBaseManager()) {
                Block block = DjlExport.toBlock(net, DataType.FLOAT64, m);
                assertEquals(net, dev.re3.djl.DjlImport.fromBlock(block, net.inputShape()), "DJL export and import");
                for (int n = 0; n < xs.length; n++) {
                    // and the layer changes nothing but units: the same pattern as the network behind it
                    assertEquals(Region.of(inner, new Standardize(mean, scale).forward(xs[n], net.inputShape())).id(),
                            djl.regionId(n));
                    for (int c = 0; c < net.outputSize(); c++) {
                        double[] g = AutogradAgreementTest.gradient(block, net, xs[n], c, m);
                        double[] w = djl.weight(n)[c];
                        for (int i = 0; i < d; i++) {
                            assertEquals(g[i], w[i], 1e-9 * Math.max(1, Math.abs(g[i])), "dz" + c + "/dx" + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aPathInRawUnitsCrossesTheSameRegionsAtTheSameTimes() {
        Network net = byHand();
        Network inner = net.withoutStandardize();
        Standardize st = net.standardize().orElseThrow();
        double[] a = {7, 2.5};
        double[] c = {-3, 1};
        List<PathSegment> raw = PathWalker.of(net).walk(a, c).segments();
        List<PathSegment> standardised = PathWalker.of(inner).walk(st.forward(a, new int[] {2}),
                st.forward(c, new int[] {2})).segments();
        assertEquals(standardised.size(), raw.size());
        assertTrue(raw.size() > 1, "the path crosses a boundary");
        for (int k = 0; k < raw.size(); k++) {
            assertEquals(standardised.get(k).tEnd(), raw.get(k).tEnd(), 1e-12);
            assertEquals(standardised.get(k).regionId(), raw.get(k).regionId());
        }
    }

    @Test
    void badParametersAreRefusedWithWhatWasExpected() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> new Standardize(new double[] {0, 0}, new double[] {1, 0}));
        assertTrue(zero.getMessage().contains("> 0") && zero.getMessage().contains("feature 1"), zero.getMessage());
        IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class,
                () -> new Standardize(new double[] {0, 0}, new double[] {1}));
        assertTrue(lengths.getMessage().contains("2 means and 1 scales"), lengths.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> byHand().withStandardize(new Standardize(new double[] {0, 0}, new double[] {1, 1})));
        assertTrue(twice.getMessage().contains("already"), twice.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> byHand().withoutStandardize().withStandardize(new Standardize(new double[3], new double[] {1, 1, 1})));
        assertTrue(size.getMessage().contains("2 features") && size.getMessage().contains("got 3"), size.getMessage());
    }
}
