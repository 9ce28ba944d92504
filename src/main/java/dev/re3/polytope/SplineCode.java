package dev.re3.polytope;

import java.util.Arrays;

/**
 * The spline code of one input: the on/off pattern of every ReLU unit of the network, all layers
 * concatenated in forward order, packed 64 units to a {@code long} (bit {@code u} set iff unit {@code u}
 * is on, {@code z > 0}). Two inputs share a spline code iff they share the polytope of every ReLU layer
 * (Black, Sharkey et al., "Interpreting Neural Networks through the Polytope Lens", 2022); max-pool
 * choices are not part of it.
 */
public final class SplineCode {
    private final long[] bits;
    private final int length;

    SplineCode(long[] bits, int length) {
        this.bits = bits;
        this.length = length;
    }

    /** The code of pattern strings ({@code '1'} for on), concatenated. */
    public static SplineCode of(java.util.List<String> patterns) {
        StringBuilder all = new StringBuilder();
        patterns.forEach(all::append);
        boolean[] on = new boolean[all.length()];
        for (int i = 0; i < on.length; i++) {
            on[i] = all.charAt(i) == '1';
        }
        return new SplineCode(Choices.pack(on), on.length);
    }

    /** Number of units (bits). */
    public int length() {
        return length;
    }

    /** Whether unit {@code u} is on. */
    public boolean on(int u) {
        return Choices.on(bits, u);
    }

    /** Number of units on. */
    public int active() {
        int s = 0;
        for (long b : bits) {
            s += Long.bitCount(b);
        }
        return s;
    }

    /** The packed bits, {@code ceil(length / 64)} longs. */
    public long[] bits() {
        return bits.clone();
    }

    /** The number of units whose state differs. */
    public static int hamming(SplineCode a, SplineCode b) {
        check(a, b);
        int d = 0;
        for (int i = 0; i < a.bits.length; i++) {
            d += Long.bitCount(a.bits[i] ^ b.bits[i]);
        }
        return d;
    }

    /** {@code 1 - |a and b| / |a or b|} over the units that are on; 0 if both are all off. */
    public static double jaccard(SplineCode a, SplineCode b) {
        check(a, b);
        int and = 0;
        int or = 0;
        for (int i = 0; i < a.bits.length; i++) {
            and += Long.bitCount(a.bits[i] & b.bits[i]);
            or += Long.bitCount(a.bits[i] | b.bits[i]);
        }
        return or == 0 ? 0 : 1 - and / (double) or;
    }

    private static void check(SplineCode a, SplineCode b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("spline codes: expected codes of one length, got " + a.length + " and "
                    + b.length + " units");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SplineCode c && c.length == length && Arrays.equals(c.bits, bits);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(length);
        for (int u = 0; u < length; u++) {
            s.append(on(u) ? '1' : '0');
        }
        return s.toString();
    }
}
