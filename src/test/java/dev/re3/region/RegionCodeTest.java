package dev.re3.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Region ids are the documented digest: patterns joined by '|', then '#' and big-endian pool choices. */
class RegionCodeTest {
    /** The digest fed one piece at a time, as the format is documented. */
    private static String reference(List<String> patterns, List<int[]> pools) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String p : patterns) {
            sha.update((p + "|").getBytes(StandardCharsets.US_ASCII));
        }
        for (int[] choices : pools) {
            sha.update((byte) '#');
            for (int c : choices) {
                sha.update(new byte[] {(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
            }
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 8);
    }

    @Test
    void idIsTheDocumentedDigest() throws Exception {
        Random r = new Random(7);
        for (int t = 0; t < 50; t++) {
            StringBuilder a = new StringBuilder();
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 1 + r.nextInt(300); i++) {
                a.append(r.nextBoolean() ? '1' : '0');
            }
            for (int i = 0; i < 1 + r.nextInt(40); i++) {
                b.append(r.nextBoolean() ? '1' : '0');
            }
            int[] pool = r.ints(r.nextInt(500), 0, 1 << 20).toArray();
            List<String> patterns = List.of(a.toString(), b.toString());
            assertEquals(reference(patterns, List.of(pool)), RegionCode.id(patterns, List.of(pool)));
            assertEquals(reference(patterns, List.of()), RegionCode.id(patterns, List.of()));
        }
    }

    @Test
    void idOfAKnownPatternByHand() throws Exception {
        // SHA-256 of the ASCII bytes "10|" : the id of one ReLU site with pattern "10" and no pools.
        String expected = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest("10|".getBytes(StandardCharsets.US_ASCII)), 0, 8);
        assertEquals(expected, RegionCode.id(List.of("10"), List.of()));
        assertNotEquals(RegionCode.id(List.of("10"), List.of()), RegionCode.id(List.of("1", "0"), List.of()));
    }
}
