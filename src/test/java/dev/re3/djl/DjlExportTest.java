package dev.re3.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DjlExportTest {

    static List<Network> networks() {
        Network plain = RandomNetworks.mlp(2, 0.05, 6, 10, 7, 2);
        return List.of(RandomNetworks.mlp(1, 0, 4, 8, 3), new Network(plain.inputShape(), null, null, plain.layers(), false),
                RandomNetworks.mlp(3, 0, 4, 16, 8, 4, 3), RandomNetworks.paddedCnn(4), RandomNetworks.threeBranchResidual(5),
                RandomNetworks.cnn(6), RandomNetworks.residualCnn(7), RandomNetworks.stridedCnn(8),
                RandomNetworks.excludedPadCnn(9));
    }

    static double[][] forward(Block block, Network net, double[][] xs, DataType dataType) {
        return DjlFixtures.forward(block, net.inputShape(), xs, dataType);
    }

    static double[][] inputs(Network net, int count, long seed) {
        Random r = new Random(seed);
        double[][] xs = new double[count][];
        for (int i = 0; i < count; i++) {
            xs[i] = RandomNetworks.input(r, net.inputSize());
        }
        return xs;
    }

    @Test
    void roundTripGivesTheSameNetwork() {
        for (Network net : networks()) {
            try (NDManager m = NDManager.newBaseManager()) {
                NetworkBlock block = DjlExport.toBlock(net, DataType.FLOAT64, m);
                assertEquals(net, DjlImport.fromBlock(block, net.inputShape()), net.toString());
                assertEquals(net, DjlImport.fromBlock(block), "the block records its input shape");
            }
        }
    }

    @Test
    void float64ForwardEqualsNetworkForward() {
        for (Network net : networks()) {
            try (Model model = DjlExport.toModel(net, DataType.FLOAT64)) {
                double[][] xs = inputs(net, 20, 7);
                double[][] ys = forward(model.getBlock(), net, xs, DataType.FLOAT64);
                for (int i = 0; i < xs.length; i++) {
                    assertArrayEquals(net.forward(xs[i]), ys[i], 1e-12, net.toString());
                }
            }
        }
    }

    @Test
    void float32ForwardIsCloseAndImportsAsFloat32Values() {
        Network net = RandomNetworks.paddedCnn(11);
        try (NDManager m = NDManager.newBaseManager()) {
            NetworkBlock block = DjlExport.toBlock(net, DataType.FLOAT32, m);
            double[][] xs = inputs(net, 5, 3);
            double[][] ys = forward(block, net, xs, DataType.FLOAT32);
            for (int i = 0; i < xs.length; i++) {
                assertArrayEquals(net.forward(xs[i]), ys[i], 1e-4);
            }
            dev.re3.net.Dense last = (dev.re3.net.Dense) DjlImport.fromBlock(block).layers().get(12);
            dev.re3.net.Dense original = (dev.re3.net.Dense) net.layers().get(12);
            assertEquals((double) (float) original.weight(1, 2), last.weight(1, 2));
        }
    }

    @Test
    void autogradGradientMatchesFiniteDifferences() {
        for (Network net : List.of(RandomNetworks.mlp(21, 0.1, 4, 8, 4, 3), RandomNetworks.paddedCnn(22),
                RandomNetworks.threeBranchResidual(23))) {
            double[] x = inputs(net, 1, 5)[0];
            double[][] jacobian = DjlGradients.jacobian(net, x);
            double h = 1e-6;
            for (int k = 0; k < net.outputSize(); k++) {
                double[] fd = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    double[] up = x.clone();
                    double[] down = x.clone();
                    up[i] += h;
                    down[i] -= h;
                    fd[i] = (net.forward(up)[k] - net.forward(down)[k]) / (2 * h);
                }
                assertArrayEquals(fd, jacobian[k], 1e-6, "logit " + k + " of " + net);
                assertArrayEquals(jacobian[k], DjlGradients.gradient(net, x, k), 0.0);
            }
        }
    }

    @Test
    void rejectsOtherDataTypes() {
        Network net = RandomNetworks.mlp(1, 0, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DjlExport.toBlock(net, DataType.INT32));
        assertTrue(e.getMessage().contains("FLOAT64 or FLOAT32"), e.getMessage());
    }
}
