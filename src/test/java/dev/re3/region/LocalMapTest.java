package dev.re3.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The local affine map reproduces the network: checked against the plain float64 forward pass, and the
 * two independent computations (reverse mode through DJL, forward mode in Java) agree.
 */
class LocalMapTest {
    static final double TOL = 1e-9;

    static void assertClose(double expected, double actual, String what) {
        double scale = Math.max(1.0, Math.abs(expected));
        assertTrue(Math.abs(expected - actual) <= TOL * scale, what + ": expected " + expected + ", got " + actual);
    }

    @Test
    void linearizerReproducesEveryFixture() {
        Random r = new Random(11);
        for (Network net : RandomNetworks.all()) {
            double[][] xs = new double[17][];
            for (int n = 0; n < xs.length; n++) {
                xs[n] = RandomNetworks.input(r, net.inputSize());
            }
            LocalMaps maps = Linearizer.of(net).withChunkSize(5).linearize(xs);
            assertEquals(xs.length, maps.size());
            for (int n = 0; n < xs.length; n++) {
                double[] f = net.forward(xs[n]);
                double[][] w = maps.weight(n);
                double[] b = maps.bias(n);
                for (int c = 0; c < f.length; c++) {
                    double fit = b[c];
                    for (int i = 0; i < xs[n].length; i++) {
                        fit += w[c][i] * xs[n][i];
                    }
                    assertClose(f[c], fit, net.sites().get(0).name() + " input " + n + " class " + c);
                    assertClose(f[c], maps.logits(n)[c], "logit");
                }
                assertTrue(maps.reconstructionError(n) < 1e-9, "self-check " + maps.reconstructionError(n));
            }
        }
    }

    @Test
    void forwardAndReverseModeAgree() {
        Random r = new Random(12);
        for (Network net : RandomNetworks.all()) {
            double[] x = RandomNetworks.input(r, net.inputSize());
            AffineTracer.Trace t = AffineTracer.trace(net, x);
            LocalMaps maps = Linearizer.of(net).linearize(new double[][] {x});
            assertEquals(t.patterns(), maps.patterns(0));
            assertEquals(t.regionId(), maps.regionId(0));
            double[][] w = maps.weight(0);
            for (int c = 0; c < w.length; c++) {
                assertClose(t.bias()[c], maps.bias(0)[c], "bias");
                for (int i = 0; i < w[c].length; i++) {
                    assertClose(t.weight()[c][i], w[c][i], "W[" + c + "][" + i + "]");
                }
            }
        }
    }

    @Test
    void patternCountsOneStringPerReluSite() {
        Network net = RandomNetworks.mlp(1, 0, 4, 8, 4, 3);
        LocalMaps maps = Linearizer.of(net).linearize(new double[][] {{1, 2, 3, 4}});
        assertEquals(2, maps.patterns(0).size());
        assertEquals(8, maps.patterns(0).get(0).length());
        assertEquals(4, maps.patterns(0).get(1).length());
        assertEquals(16, maps.regionId(0).length());
    }

    @Test
    void badInputGetsClearErrors() {
        Network net = RandomNetworks.mlp(1, 0, 4, 8, 3);
        Linearizer lin = Linearizer.of(net);
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> lin.linearize(new double[0][]));
        assertTrue(empty.getMessage().contains("empty batch"), empty.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> lin.linearize(new double[][] {{1, 2, 3}}));
        assertTrue(size.getMessage().contains("expected 4 numbers") && size.getMessage().contains("got 3"), size.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> lin.linearize(new double[][] {{1, 2, 3, 4}, {1, Double.NaN, 3, 4}}));
        assertTrue(nan.getMessage().contains("input 1") && nan.getMessage().contains("NaN"), nan.getMessage());
        IllegalArgumentException inf = assertThrows(IllegalArgumentException.class,
                () -> AffineTracer.trace(net, new double[] {1, 2, Double.POSITIVE_INFINITY, 4}));
        assertTrue(inf.getMessage().contains("Infinity"), inf.getMessage());
    }
}
