package dev.re3.codec;

import java.util.Arrays;

/**
 * A matrix of {@code n} rows of {@code width} numbers, stored flat in blocks of about 16 MB rather than one array
 * per row. A large dataset's contributions are then a few large arrays, which the collector places outside the
 * young generation and never copies, instead of thousands of rows copied from one young collection to the next.
 *
 * <p>Filled once, each row by one writer ({@link #set}, from several threads for distinct rows), then only read,
 * after the fill has been joined (a parallel stream's end): reads are safe from any number of threads.
 */
final class Rows {
    private static final int BLOCK_VALUES = 1 << 21;

    private final int n;
    private final int width;
    private final int perBlock;
    private final double[][] blocks;

    Rows(int n, int width) {
        this(n, width, BLOCK_VALUES);
    }

    /** Rows in blocks of at most {@code blockValues} numbers (at least one row per block). */
    Rows(int n, int width, int blockValues) {
        this.n = n;
        this.width = width;
        this.perBlock = Math.max(1, Math.min(n, blockValues / Math.max(1, width)));
        int count = (n + perBlock - 1) / perBlock;
        this.blocks = new double[count][];
        for (int b = 0; b < count; b++) {
            blocks[b] = new double[Math.min(perBlock, n - b * perBlock) * width];
        }
    }

    int size() {
        return n;
    }

    int width() {
        return width;
    }

    /** Copies {@code row} ({@code width} numbers) into row {@code i}. */
    void set(int i, double[] row) {
        if (row.length != width) {
            throw new IllegalArgumentException("row " + i + ": expected " + width + " values, got " + row.length);
        }
        System.arraycopy(row, 0, blocks[i / perBlock], (i % perBlock) * width, width);
    }

    /** Row {@code i}, a copy. */
    double[] row(int i) {
        int at = (i % perBlock) * width;
        return Arrays.copyOfRange(blocks[i / perBlock], at, at + width);
    }

    /** One value. */
    double get(int i, int j) {
        return blocks[i / perBlock][(i % perBlock) * width + j];
    }

    /** Every row, copied, {@code [n][width]}. */
    double[][] toArray() {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = row(i);
        }
        return out;
    }
}
