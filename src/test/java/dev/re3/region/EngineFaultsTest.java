package dev.re3.region;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Faults of the engine found by probing: threads on conv and pool models, values that overflow float64. */
class EngineFaultsTest {

    /** Every conv and pool model linearised from four threads at once gives the single-thread maps. */
    @Test
    void convAndPoolModelsFromSeveralThreads() throws Exception {
        List<Network> nets = List.of(RandomNetworks.cnn(3), RandomNetworks.paddedCnn(4), RandomNetworks.residualCnn(5));
        Random r = new Random(9);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (Network net : nets) {
                double[][] xs = new double[6][];
                for (int n = 0; n < xs.length; n++) {
                    xs[n] = RandomNetworks.input(r, net.inputSize());
                }
                LocalMaps alone = Linearizer.of(net).linearize(xs);
                List<Future<LocalMaps>> calls = new ArrayList<>();
                for (int k = 0; k < 40; k++) {
                    calls.add(pool.submit(() -> Linearizer.of(net).linearize(xs)));
                }
                for (Future<LocalMaps> call : calls) {
                    LocalMaps maps = call.get();
                    for (int n = 0; n < xs.length; n++) {
                        assertArrayEquals(alone.weight(n)[0], maps.weight(n)[0], 0.0);
                        assertArrayEquals(alone.bias(n), maps.bias(n), 0.0);
                        assertEquals(alone.regionId(n), maps.regionId(n));
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Finite inputs whose values overflow on the way are an error that names the layer, not NaN logits. */
    @Test
    void overflowNamesTheLayer() {
        Network net = Network.builder(2)
                .dense(new double[][] {{1e308, 1e308}, {1, -1}}, new double[] {0, 0}).relu()
                .dense(new double[][] {{1, 1}, {1, -1}}, new double[] {0, 0})
                .build();
        double[] x = {1e10, 1e10};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.forward(x));
        assertTrue(e.getMessage().contains("layer 0.dense") && e.getMessage().contains("unit 0"), e.getMessage());
        for (Linearizer lin : List.of(Linearizer.of(net), Linearizer.of(net).djlOnly())) {
            IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
                    () -> lin.linearize(new double[][] {{0.5, 0.5}, x}));
            assertTrue(m.getMessage().startsWith("input 1: layer 0.dense"), m.getMessage());
        }
    }
}
