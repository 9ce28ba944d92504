package dev.re3.region;

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
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
        int size = 0;
        for (String p : patterns) {
            size += p.length() + 1;
        }
        for (int[] choices : poolChoices) {
            size += 1 + 4 * choices.length;
        }
        // One buffer, one digest call: feeding the digest byte by byte dominated the cost for wide CNNs.
        byte[] buf = new byte[size];
        int at = 0;
        for (String p : patterns) {
            for (int i = 0; i < p.length(); i++) {
                buf[at++] = (byte) p.charAt(i);
            }
            buf[at++] = (byte) '|';
        }
        for (int[] choices : poolChoices) {
            buf[at++] = (byte) '#';
            for (int c : choices) {
                buf[at++] = (byte) (c >>> 24);
                buf[at++] = (byte) (c >>> 16);
                buf[at++] = (byte) (c >>> 8);
                buf[at++] = (byte) c;
            }
        }
        sha.update(buf);
        return HexFormat.of().formatHex(sha.digest(), 0, 8);
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
