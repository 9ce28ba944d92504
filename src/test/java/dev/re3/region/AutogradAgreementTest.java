package dev.re3.region;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.re3.djl.DjlExport;
import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The rows of the local map {@code W} are the input gradients of the logits, taken independently by
 * DJL's autograd through the network exported as a float64 DJL block.
 */
class AutogradAgreementTest {

    static double[] gradient(Block block, Network net, double[] x, int c, NDManager m) {
        long[] dims = new long[net.inputShape().length + 1];
        dims[0] = 1;
        for (int i = 1; i < dims.length; i++) {
            dims[i] = net.inputShape()[i - 1];
        }
        NDArray in = m.create(x, new Shape(dims));
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            in.setRequiresGradient(true);
            NDArray logits = block.forward(new ParameterStore(m, false), new NDList(in), false).singletonOrThrow();
            gc.backward(logits.get(0, c));
            return in.getGradient().toDoubleArray();
        }
    }

    @Test
    void rowsOfWAreTheAutogradGradients() {
        Random r = new Random(31);
        for (Network withLink : RandomNetworks.all()) {
            Network net = new Network(withLink.inputShape(), null, null, withLink.layers(), false);
            try (NDManager m = NDManager.newBaseManager()) {
                Block block = DjlExport.toBlock(net, DataType.FLOAT64, m);
                for (int k = 0; k < 3; k++) {
                    double[] x = RandomNetworks.input(r, net.inputSize());
                    double[][] w = Region.of(net, x).weight();
                    for (int c = 0; c < net.outputSize(); c++) {
                        double[] g = gradient(block, net, x, c, m);
                        for (int i = 0; i < g.length; i++) {
                            double scale = Math.max(1, Math.abs(g[i]));
                            assertTrue(Math.abs(g[i] - w[c][i]) <= 1e-9 * scale,
                                    net.sites().get(0).name() + ": dz" + c + "/dx" + i + " autograd " + g[i] + ", W " + w[c][i]);
                        }
                    }
                }
            }
        }
    }
}
