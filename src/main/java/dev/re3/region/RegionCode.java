package dev.re3.region;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Stable region ids: the first 64 bits, in hex, of the SHA-256 of the region's choices.
 *
 * <p>The choices are the pattern strings of every ReLU site (in forward order, separated by {@code '|'})
 * followed by the index each max-pool window selects. The same pattern gives the same id in every run
 * and on every machine.
 */
public final class RegionCode {
    private RegionCode() {}

    /**
     * @param patterns one {@code '0'/'1'} string per ReLU site
     * @param poolChoices per max-pool site, the flat input index each window selects (may be empty)
     * @return 16 hex digits
     */
    public static String id(List<String> patterns, List<int[]> poolChoices) {
        int size = 0;
        for (String p : patterns) {
            size += p.length() + 1;
        }
        for (int[] choices : poolChoices) {
            size += 1 + 4 * choices.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        for (String p : patterns) {
            for (int i = 0; i < p.length(); i++) {
                buf.put((byte) p.charAt(i));
            }
            buf.put((byte) '|');
        }
        for (int[] choices : poolChoices) {
            buf.put((byte) '#');
            for (int c : choices) {
                buf.putInt(c);
            }
        }
        return digest(buf.array());
    }

    /**
     * The id of an already encoded region, hashed in one call: the bytes {@link #id(List, List)} describes.
     * For callers that hold the choices in another form (the polytope lens's bit sets).
     */
    public static String digest(byte[] encoded) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encoded), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /** A pattern string from pre-activations: {@code '1'} where {@code z > 0}, else {@code '0'}. */
    public static String pattern(double[] z) {
        char[] c = new char[z.length];
        for (int i = 0; i < z.length; i++) {
            c[i] = z[i] > 0 ? '1' : '0';
        }
        return new String(c);
    }
}
