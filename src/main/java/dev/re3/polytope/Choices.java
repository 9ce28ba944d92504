package dev.re3.polytope;

import dev.re3.region.RegionCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The choices of a cell, one link per gate or pool site passed so far, newest first: the on/off bits of a
 * ReLU site ({@code bits}, bit {@code u} set iff unit {@code u} is on) or, for a max pool, the position
 * in its window of the member each window selects ({@code picks}, row-major window order, padding left
 * out), packed {@link Program.Pool#bitsPerPick()} bits to a position.
 *
 * <p>Cells cut from the same parent share the parent's links, so a partition holds each layer's
 * choices once per cell of that layer, not once per final cell.
 */
final class Choices {
    final Choices parent;
    final int site;
    final long[] bits;
    final long[] picks;

    private Choices(Choices parent, int site, long[] bits, long[] picks) {
        this.parent = parent;
        this.site = site;
        this.bits = bits;
        this.picks = picks;
    }

    static Choices gate(Choices parent, int site, long[] bits) {
        return new Choices(parent, site, bits, null);
    }

    static Choices pool(Choices parent, int site, long[] packedPicks) {
        return new Choices(parent, site, null, packedPicks);
    }

    /** Window positions packed {@code bits} (a power of two, at most 16) to a position. */
    static long[] packPicks(char[] pick, int bits) {
        int lb = Integer.numberOfTrailingZeros(bits);
        int shift = 6 - lb;
        int mask = (1 << shift) - 1;
        long[] packed = new long[(pick.length + mask) >>> shift];
        for (int u = 0; u < pick.length; u++) {
            packed[u >>> shift] |= (long) pick[u] << ((u & mask) << lb);
        }
        return packed;
    }

    /**
     * {@link #packPicks(char[], int)} of {@code pick}, given the packing {@code base} of an array that
     * differs from {@code pick} only at the positions {@code only} and holds 0 there.
     */
    static long[] packPicks(char[] pick, int bits, long[] base, int[] only) {
        int lb = Integer.numberOfTrailingZeros(bits);
        int shift = 6 - lb;
        int mask = (1 << shift) - 1;
        long[] packed = base.clone();
        for (int u : only) {
            packed[u >>> shift] |= (long) pick[u] << ((u & mask) << lb);
        }
        return packed;
    }

    /** The links in forward order (oldest first); empty for null. */
    static List<Choices> chain(Choices last) {
        List<Choices> out = new ArrayList<>();
        for (Choices c = last; c != null; c = c.parent) {
            out.add(c);
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /** One {@code '0'/'1'} string per ReLU site, in forward order. */
    static List<String> patterns(Program program, Choices last) {
        List<String> out = new ArrayList<>();
        for (Choices c : chain(last)) {
            if (c.bits != null) {
                int n = ((Program.Gate) program.sites().get(c.site)).units();
                char[] s = new char[n];
                for (int u = 0; u < n; u++) {
                    s[u] = (c.bits[u >>> 6] >>> u & 1L) != 0 ? '1' : '0';
                }
                out.add(new String(s));
            }
        }
        return List.copyOf(out);
    }

    /** Per max-pool site, the flat input index each window selects. */
    static List<int[]> poolChoices(Program program, Choices last) {
        List<int[]> out = new ArrayList<>();
        for (Choices c : chain(last)) {
            if (c.picks != null) {
                out.add(selected(program, c));
            }
        }
        return out;
    }

    /** The flat input index each window of a pool link selects. */
    static int[] selected(Program program, Choices c) {
        Program.Pool pool = (Program.Pool) program.sites().get(c.site);
        int[][] windows = pool.windows();
        int lb = Integer.numberOfTrailingZeros(pool.bitsPerPick());
        int shift = 6 - lb;
        int within = (1 << shift) - 1;
        long mask = (1L << pool.bitsPerPick()) - 1;
        int[] flat = new int[windows.length];
        for (int u = 0; u < flat.length; u++) {
            flat[u] = windows[u][(int) (c.picks[u >>> shift] >>> ((u & within) << lb) & mask)];
        }
        return flat;
    }

    /**
     * The id of {@link RegionCode#id(List, List)} for these choices, hashed from one buffer holding the
     * same bytes: every pattern's {@code '0'/'1'} characters and a {@code '|'}, then per max pool a
     * {@code '#'} and each selected index as four big-endian bytes. The tests hold it equal to the ids of
     * {@link dev.re3.region.AffineTracer}.
     */
    static String regionId(Program program, Choices last) {
        List<Choices> links = chain(last);
        int size = 0;
        for (Choices c : links) {
            if (c.bits != null) {
                size += ((Program.Gate) program.sites().get(c.site)).units() + 1;
            } else {
                size += 1 + 4 * ((Program.Pool) program.sites().get(c.site)).windows().length;
            }
        }
        byte[] buf = new byte[size];
        int at = 0;
        for (Choices c : links) {
            if (c.bits != null) {
                int n = ((Program.Gate) program.sites().get(c.site)).units();
                for (int u = 0; u < n; u++) {
                    buf[at++] = on(c.bits, u) ? (byte) '1' : (byte) '0';
                }
                buf[at++] = '|';
            }
        }
        for (Choices c : links) {
            if (c.picks != null) {
                buf[at++] = '#';
                for (int v : selected(program, c)) {
                    buf[at++] = (byte) (v >>> 24);
                    buf[at++] = (byte) (v >>> 16);
                    buf[at++] = (byte) (v >>> 8);
                    buf[at++] = (byte) v;
                }
            }
        }
        return RegionCode.digest(buf);
    }

    /** Whether two chains hold the same choices (links shared or equal). */
    static boolean same(Choices a, Choices b) {
        while (a != null && b != null) {
            if (a == b) {
                return true;
            }
            if (a.site != b.site || !Arrays.equals(a.bits, b.bits) || !Arrays.equals(a.picks, b.picks)) {
                return false;
            }
            a = a.parent;
            b = b.parent;
        }
        return a == b;
    }

    /** The link of site {@code site}, or null. */
    static Choices at(Choices last, int site) {
        for (Choices c = last; c != null; c = c.parent) {
            if (c.site == site) {
                return c;
            }
        }
        return null;
    }

    static long[] pack(boolean[] on) {
        long[] bits = new long[(on.length + 63) >>> 6];
        for (int u = 0; u < on.length; u++) {
            if (on[u]) {
                bits[u >>> 6] |= 1L << u;
            }
        }
        return bits;
    }

    static boolean on(long[] bits, int u) {
        return (bits[u >>> 6] >>> u & 1L) != 0;
    }
}
