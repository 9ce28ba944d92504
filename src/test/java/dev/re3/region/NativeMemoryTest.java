package dev.re3.region;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;

import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Native memory stays flat over 100,000 calls of the engine's DJL path (the reverse pass through PyTorch) on a
 * small MLP, and no array outlives its call on a CNN with a residual block (conv, pool, batch norm and dense
 * layers all allocate native arrays).
 *
 * <p>Two measures. Exactly: the arrays DJL's root manager holds are the same before and after (no array outlives
 * its call). Roughly: the resident set size ({@code /proc/self/status}) less what the JVM has committed for its
 * heap and non-heap areas. That figure swings by about 100 MB from one sample to the next as the allocators take
 * and return pages, with no trend; so the test compares its least value over calls 20,000 to 50,000 with its
 * least over calls 70,000 to 100,000. A leak of 1 KB per call (less than one PyTorch tensor with its storage)
 * would raise the second by at least 20 MB more than noise; the bound is 32 MB. (The default paths,
 * {@link PlainPass} and {@link DenseFastPath}, are plain Java and allocate nothing native.)
 */
class NativeMemoryTest {
    private static final Path STATUS = Path.of("/proc/self/status");

    /** The resident set size less what the JVM has committed for its heap and its own non-heap areas. */
    private static long nativeBytes() throws IOException {
        java.lang.management.MemoryMXBean jvm = java.lang.management.ManagementFactory.getMemoryMXBean();
        long committed = jvm.getHeapMemoryUsage().getCommitted() + jvm.getNonHeapMemoryUsage().getCommitted();
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024 - committed;
            }
        }
        throw new IllegalStateException(STATUS + " has no VmRSS line");
    }

    static int liveArrays() {
        try (NDManager probe = NDManager.newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    @Test
    void flatOverOneHundredThousandCalls() throws IOException {
        assertTrue(Files.isReadable(STATUS), "this test reads the resident set size from " + STATUS + " (Linux)");
        Network net = RandomNetworks.mlp(5, 0, 6, 8, 3);
        Linearizer djl = Linearizer.of(net).djlOnly();
        double[][] x = {RandomNetworks.input(new Random(3), net.inputSize())};
        LocalMaps reference = Linearizer.of(net).linearize(x);
        djl.withHidden(true).linearize(x);
        int before = liveArrays();
        long early = Long.MAX_VALUE;
        long late = Long.MAX_VALUE;
        for (int call = 1; call <= 100_000; call++) {
            LocalMaps maps = (call % 2 == 0 ? djl.withHidden(true) : djl).linearize(x);
            if (call % 5_000 == 0) {
                assertArrayEquals(reference.bias(0), maps.bias(0), 1e-9, "call " + call);
                System.gc();
                if (call >= 20_000 && call <= 50_000) {
                    early = Math.min(early, nativeBytes());
                } else if (call >= 70_000) {
                    late = Math.min(late, nativeBytes());
                }
            }
        }
        assertEquals(before, liveArrays(), "DJL arrays left open after 100,000 calls");
        long grown = late - early;
        assertTrue(grown < 32L << 20, "resident memory outside the Java heap grew by " + grown / (1 << 20)
                + " MB between calls 20,000-50,000 and 70,000-100,000 (least of each); expected under 32 MB");
    }

    @Test
    void noArrayOutlivesItsCallOnConvolutions() {
        Network net = RandomNetworks.residualCnn(5);
        Linearizer djl = Linearizer.of(net).djlOnly();
        double[][] x = {RandomNetworks.input(new Random(4), net.inputSize()), RandomNetworks.input(new Random(5), net.inputSize())};
        LocalMaps reference = Linearizer.of(net).linearize(x);
        djl.linearize(x);
        int before = liveArrays();
        for (int call = 0; call < 1500; call++) {
            LocalMaps maps = djl.withHidden(call % 2 == 0).linearize(x);
            if (call % 500 == 0) {
                assertArrayEquals(reference.bias(1), maps.bias(1), 1e-9, "call " + call);
            }
        }
        assertEquals(before, liveArrays(), "DJL arrays left open after 1,500 calls");
    }
}
