package dev.re3.interaction;

import java.util.Arrays;
import java.util.Comparator;

/** The edges of one section ordered by strength, largest first; the constant node's edges (column 0) are free. */
final class EdgeOrder {
    private final int rows;
    private final int cols;
    private final boolean constantFree;
    private final int[] order;

    EdgeOrder(double[][] e, boolean constantFree) {
        this.rows = e.length;
        this.cols = e[0].length;
        this.constantFree = constantFree;
        int first = constantFree ? 1 : 0;
        Integer[] idx = new Integer[rows * (cols - first)];
        int n = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = first; j < cols; j++) {
                idx[n++] = i * cols + j;
            }
        }
        Arrays.sort(idx, Comparator.comparingDouble((Integer k) -> -e[k / cols][k % cols]).thenComparingInt(k -> k));
        order = Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    int size() {
        return order.length;
    }

    boolean[][] keep(int n) {
        if (n < 0 || n > order.length) {
            throw new IllegalArgumentException("edges kept: expected 0.." + order.length + ", got " + n);
        }
        boolean[][] k = new boolean[rows][cols];
        if (constantFree) {
            for (boolean[] row : k) {
                row[0] = true;
            }
        }
        for (int m = 0; m < n; m++) {
            k[order[m] / cols][order[m] % cols] = true;
        }
        return k;
    }
}
