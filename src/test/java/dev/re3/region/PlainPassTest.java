package dev.re3.region;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The plain-Java local maps (every network that is not a plain dense stack) against DJL's reverse mode with
 * autograd through conv and pool layers: the same maps, biases, logits, patterns, region ids and hidden
 * layers, on every random fixture (convolutions with stride and padding, pools, batch norm, residual blocks
 * with two and three branches, leaky rectifiers).
 */
class PlainPassTest {
    @Test
    void plainPassEqualsDjlReverseModeOnEveryFixture() {
        Random r = new Random(5);
        for (Network net : RandomNetworks.all()) {
            double[][] xs = new double[7][];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = RandomNetworks.input(r, net.inputSize());
            }
            LocalMaps djl = Linearizer.of(net).djlOnly().withHidden(true).linearize(xs);
            LocalMaps plain = new PlainPass(net, true).run(xs);
            DenseFastPathTest.assertSameMaps(djl, plain, net.toString());
            DenseFastPathTest.assertSameMaps(Linearizer.of(net).djlOnly().linearize(xs), new PlainPass(net, false).run(xs),
                    net + ", no hidden");
        }
    }

    @Test
    void linearizerTakesThePlainPassForConvolutions() {
        Network net = RandomNetworks.cnn(3);
        double[][] xs = {RandomNetworks.input(new Random(1), net.inputSize())};
        LocalMaps maps = Linearizer.of(net).withChunkSize(1).linearize(xs);
        DenseFastPathTest.assertSameMaps(Linearizer.of(net).djlOnly().linearize(xs), maps, "cnn");
        assertEquals(1, maps.size());
    }
}
