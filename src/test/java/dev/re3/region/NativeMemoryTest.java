package dev.re3.region;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Thousands of linearisations leave no DJL array behind: every array lives in a scoped manager. */
class NativeMemoryTest {

    static int liveArrays() {
        try (NDManager probe = NDManager.newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    @Test
    void noArrayOutlivesItsCall() {
        Random r = new Random(41);
        Network cnn = RandomNetworks.cnn(1);
        Network mlp = RandomNetworks.residual(2);
        double[][] a = {RandomNetworks.input(r, cnn.inputSize()), RandomNetworks.input(r, cnn.inputSize())};
        double[][] b = {RandomNetworks.input(r, mlp.inputSize())};
        Linearizer.of(cnn).linearize(a);
        int before = liveArrays();
        for (int k = 0; k < 1500; k++) {
            Linearizer.of(cnn).withHidden(k % 2 == 0).linearize(a);
            Linearizer.of(mlp).linearize(b);
        }
        assertEquals(before, liveArrays());
    }
}
