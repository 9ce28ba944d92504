package dev.re3.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.djl.NetworkTrainer;
import dev.re3.djl.TrainedNetwork;
import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Dense;
import dev.re3.net.LeakyRelu;
import dev.re3.net.Network;
import dev.re3.net.Relu;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Gate agreement, per-epoch change and attribution similarity, on checkpoints whose answers are worked by hand. */
class PathStabilityTest {
    /** 2 -> 2 (ReLU) -> 2; hidden unit u is on when x_u > cut_u. */
    static Network net(double cut0, double cut1, double outScale) {
        return new Network(new int[] {2}, List.of(), List.of(), List.of(
                new Dense(new double[][] {{1, 0}, {0, 1}}, new double[] {-cut0, -cut1}), new Relu(),
                new Dense(new double[][] {{outScale, 0}, {0, outScale * 2}}, new double[] {0, 0.1})), false);
    }

    static final double[][] PROBE = {{0.5, 0.5}, {1.5, 0.5}, {1.5, 1.5}, {2.5, 2.5}};

    @Test
    void agreementAndChangeCountTheGatesByHand() {
        // gates (unit 0, unit 1) per probe input:
        // cuts (2, 2): (0,0) (0,0) (0,0) (1,1); cuts (1, 2): (0,0) (1,0) (1,0) (1,1); cuts (1, 1): (0,0) (1,0) (1,1) (1,1)
        List<Network> cps = List.of(net(2, 2, 1), net(1, 2, 1), net(1, 1, 1));
        PathStabilityResult r = PathStability.of(cps).optMethod("gradient", Gradient::of).measure(PROBE);
        assertEquals(List.of("1.relu"), r.sites());
        assertEquals(3, r.checkpoints());
        assertEquals(5 / 8.0, r.agreement(0, 0), 1e-15);   // differs from final in 3 of 8 gates
        assertEquals(7 / 8.0, r.agreement(0, 1), 1e-15);
        assertEquals(1.0, r.agreement(0, 2), 1e-15);
        assertTrue(Double.isNaN(r.change(0, 0)));
        assertEquals(2 / 8.0, r.change(0, 1), 1e-15);
        assertEquals(1 / 8.0, r.change(0, 2), 1e-15);
        assertEquals(1, r.settledAt(0.8));
        assertEquals(2, r.settledAt(1.0));
        assertEquals(0, r.settledAt(0.5));
    }

    @Test
    void similarityIsTheMeanCosineWithTheFinalAttributions() {
        // the gradient of the final net's predicted logit: W2[t] masked by the gates, times W1 = I
        List<Network> cps = List.of(net(1, 1, -1), net(1, 1, 3), net(1, 1, 1));
        PathStabilityResult r = PathStability.of(cps).optMethod("gradient", Gradient::of).measure(PROBE);
        // probe 0: all gates closed: both gradients are zero: cosine 1 by convention
        // the others: a negated map gives -1, a scaled one +1
        assertEquals((1 - 3) / 4.0, r.similarity(0), 1e-12);
        assertEquals(1.0, r.similarity(1), 1e-12);
        assertEquals(1.0, r.similarity(2), 1e-12);
        assertEquals(0, PathStability.cosine(new double[] {0, 0}, new double[] {1, 0}));
    }

    @Test
    void theDefaultMethodIsTheExcitationPullback() {
        Network a = RandomNetworks.mlp(3, 0, 4, 6, 5, 3);
        Network b = RandomNetworks.mlp(4, 0, 4, 6, 5, 3);
        double[][] probe = new double[10][];
        Random rng = new Random(1);
        for (int n = 0; n < probe.length; n++) {
            probe[n] = RandomNetworks.input(rng, 4);
        }
        PathStabilityResult r = PathStability.of(List.of(a, b)).measure(probe);
        int[] t = Attribution.predicted(b, probe);
        double expected = 0;
        for (int n = 0; n < probe.length; n++) {
            expected += PathStability.cosine(ExcitationPullback.of(a).attribute(probe[n], t[n]).attribution(),
                    ExcitationPullback.of(b).attribute(probe[n], t[n]).attribution());
        }
        assertEquals(expected / probe.length, r.similarity(0), 1e-12);
        assertEquals(2, r.sites().size());
        String html = r.toHtml();
        assertTrue(html.contains("<table") && html.contains("re3-figure"));
        assertTrue(r.toString().contains("excitation-pullback cosine with final"), r.toString());
    }

    @Test
    void trainingKeepsItsCheckpointsAndTheLastIsTheFinalNetwork() {
        Random rng = new Random(5);
        double[][] x = new double[120][];
        int[] y = new int[120];
        for (int n = 0; n < x.length; n++) {
            y[n] = n % 3;
            x[n] = new double[] {y[n] + rng.nextGaussian() * 0.3, -y[n] + rng.nextGaussian() * 0.3};
        }
        // 120 rows in batches of 32: 4 batches per epoch; 2 checkpoints per epoch after batches 2 and 4
        TrainedNetwork t = NetworkTrainer.mlp(2, new int[] {8}, 3).optEpochs(3).optSeed(2).optCheckpoints(2)
                .fit(x, y);
        assertEquals(List.of(0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0), t.checkpointEpochs());
        assertEquals(7, t.checkpoints().size());
        assertEquals(t.network(), t.checkpoints().get(6));
        assertNotEquals(t.checkpoints().get(0), t.checkpoints().get(1));
        assertArrayEquals(t.network().forward(x[0]), t.checkpoints().get(6).forward(x[0]));
        TrainedNetwork plain = NetworkTrainer.mlp(2, new int[] {8}, 3).optEpochs(3).optSeed(2).fit(x, y);
        assertTrue(plain.checkpoints().isEmpty());
        assertEquals(plain.network(), t.network(), "keeping checkpoints does not change training");
        TrainedNetwork perEpoch = NetworkTrainer.mlp(2, new int[] {8}, 3).optEpochs(3).optSeed(2).optCheckpoints(1)
                .fit(x, y);
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0), perEpoch.checkpointEpochs());
        assertEquals(t.checkpoints().get(2), perEpoch.checkpoints().get(1), "the end of epoch 1 either way");
        PathStabilityResult r = PathStability.of(t.checkpoints()).optEpochs(t.checkpointEpochs()).measure(x);
        assertEquals(1.0, r.agreement(0, 6), 0);
        assertEquals(1.0, r.similarity(6), 1e-12);
        assertEquals(2.5, r.epoch(5), 0);
        assertEquals(List.of(0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0), r.toTable().doubleColumn("epoch").asList());
        assertThrows(IllegalArgumentException.class, () -> NetworkTrainer.mlp(2, new int[] {8}, 3).optCheckpoints(-1));
    }

    @Test
    void badInputIsAClearError() {
        Network n = net(1, 1, 1);
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> PathStability.of(List.of(n)));
        assertTrue(one.getMessage().contains("at least two networks"), one.getMessage());
        Network wider = RandomNetworks.mlp(1, 0, 2, 3, 2);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> PathStability.of(List.of(wider, n)));
        assertTrue(shape.getMessage().contains("at index 0"), shape.getMessage());
        Network negative = new Network(new int[] {2}, List.of(), List.of(), List.of(
                new Dense(new double[][] {{1, 0}, {0, 1}}, new double[] {0, 0}), new LeakyRelu(-0.5),
                new Dense(new double[][] {{1, 0}, {0, 1}}, new double[] {0, 0})), false);
        IllegalArgumentException slope = assertThrows(IllegalArgumentException.class,
                () -> PathStability.of(List.of(negative, negative)));
        assertTrue(slope.getMessage().contains("alpha >= 0"), slope.getMessage());
        IllegalArgumentException probe = assertThrows(IllegalArgumentException.class,
                () -> PathStability.of(List.of(n, n)).measure(new double[][] {{1, 2, 3}}));
        assertTrue(probe.getMessage().startsWith("input 0"), probe.getMessage());
        IllegalArgumentException epochs = assertThrows(IllegalArgumentException.class,
                () -> PathStability.of(List.of(n, n)).optEpochs(List.of(1.0, 0.5)));
        assertTrue(epochs.getMessage().contains("increasing"), epochs.getMessage());
    }
}
