package dev.re3.polytope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.data.Dataset;
import dev.re3.data.Datasets;
import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import org.junit.jupiter.api.Test;

/** The interpolation experiment on digits: seeded pairs of the right kinds, statistics from the exact walks. */
class InterpolationExperimentTest {
    @Test
    void pairsOfBothKindsWithTheirWalksStatistics() {
        Dataset digits = Datasets.digits().head(300);
        Network net = RandomNetworks.mlp(17, 0, 64, 24, 16, 10);
        InterpolationResult r = InterpolationExperiment.of(net, digits).optPairs(5).optSeed(3).run();
        assertEquals(10, r.pairs().size());
        for (InterpolationResult.Pair p : r.pairs()) {
            assertEquals(p.kind().equals(InterpolationResult.SAME), p.labelI() == p.labelJ());
            PathWalk w = PathWalker.of(net).segment(digits.x(p.i()), digits.x(p.j()));
            assertEquals(w.regions(), p.regions());
            assertEquals(w.predictionChanges(), p.changes());
            assertEquals(w.boundariesPerUnitLength(), p.boundariesPerUnitLength(), 0);
            assertEquals(p.changes().isEmpty(), Double.isNaN(p.densityNear()));
            assertEquals(101, p.profile().t().length);
        }
        assertEquals(2, r.summary().rowCount());
        assertEquals(10, r.toTable().rowCount());
        assertEquals(101, r.meanProfile(InterpolationResult.DIFFERENT).density().length);
        InterpolationResult again = InterpolationExperiment.of(net, digits).optPairs(5).optSeed(3).run();
        assertEquals(r.toTable().intColumn("i").asList(), again.toTable().intColumn("i").asList());
        assertTrue(r.toText().contains("same class"));
    }

    @Test
    void aNetworkOfAnotherInputSizeIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> InterpolationExperiment.of(RandomNetworks.mlp(1, 0, 4, 8, 3), Datasets.digits()));
        assertTrue(e.getMessage().contains("expected inputs of 4 numbers") && e.getMessage().contains("got 64"),
                e.getMessage());
    }
}
