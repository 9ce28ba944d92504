package dev.re3.polytope;

import java.util.ArrayList;
import java.util.List;

/**
 * The predicted class on a polygon where the logits are affine, {@code l_c(u, v) = M[c] . (u, v, 1)}:
 * the part of the polygon where class {@code c} is the first maximum is the polygon clipped by
 * {@code l_c - l_j >= 0} for every other class {@code j} (strictly for earlier {@code j}), and the
 * decision boundary between classes {@code c} and {@code c'} is the chord of the line
 * {@code l_c = l_c'} through the part where both beat every other class.
 */
final class ClassCells {
    /** The part of a polygon where one class is predicted. */
    record Piece(int cls, Cell cell) {}

    private ClassCells() {}

    /** The first maximum of the logits at {@code (u, v)}. */
    static int argmax(double[][] map, double u, double v) {
        int best = 0;
        double top = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < map.length; c++) {
            double l = map[c][0] * u + map[c][1] * v + map[c][2];
            if (l > top) {
                top = l;
                best = c;
            }
        }
        return best;
    }

    /** The class predicted on the whole cell, or -1 if the prediction changes inside it. */
    static int single(Cell cell, double[][] map) {
        double[] m = cell.vertexMean();
        int g = argmax(map, m[0], m[1]);
        for (int c = 0; c < map.length; c++) {
            if (c == g) {
                continue;
            }
            double[] d = difference(cell, map, g, c);
            int cls = cell.classify(d[0], d[1], d[2], d[3]);
            boolean ok = c < g ? cls == Cell.POSITIVE : cls == Cell.POSITIVE || cls == Cell.ZERO;
            if (!ok) {
                return -1;
            }
        }
        return g;
    }

    /** The parts of the cell by predicted class, in class order. */
    static List<Piece> pieces(Cell cell, double[][] map) {
        int g = single(cell, map);
        if (g >= 0) {
            return List.of(new Piece(g, cell));
        }
        List<Piece> out = new ArrayList<>();
        for (int c = 0; c < map.length; c++) {
            Cell piece = cell;
            for (int j = 0; j < map.length && piece != null; j++) {
                if (j != c) {
                    double[] d = difference(cell, map, c, j);
                    piece = piece.clip(d[0], d[1], d[2], d[3], j > c);
                }
            }
            if (piece != null) {
                out.add(new Piece(c, piece));
            }
        }
        return out;
    }

    /** The decision boundary inside the cell, given its class pieces: segments {@code {u0, v0, u1, v1}}. */
    static List<double[]> boundary(Cell cell, double[][] map, List<Piece> pieces) {
        List<double[]> out = new ArrayList<>();
        for (int p = 0; p < pieces.size(); p++) {
            for (int q = p + 1; q < pieces.size(); q++) {
                int c = pieces.get(p).cls();
                int e = pieces.get(q).cls();
                Cell both = cell;
                for (int j = 0; j < map.length && both != null; j++) {
                    if (j != c && j != e) {
                        double[] d = difference(cell, map, c, j);
                        both = both.clip(d[0], d[1], d[2], d[3], true);
                        if (both != null) {
                            d = difference(cell, map, e, j);
                            both = both.clip(d[0], d[1], d[2], d[3], true);
                        }
                    }
                }
                if (both != null) {
                    double[] d = difference(cell, map, c, e);
                    double[] seg = both.chord(d[0], d[1], d[2], d[3]);
                    if (seg != null) {
                        out.add(seg);
                    }
                }
            }
        }
        return out;
    }

    /** {@code l_c - l_j} as {@code {a, b, c, eps}}, the tolerance from the terms of both. */
    private static double[] difference(Cell cell, double[][] map, int c, int j) {
        double[] x = map[c];
        double[] y = map[j];
        double eps = cell.eps(Math.abs(x[0]) + Math.abs(y[0]), Math.abs(x[1]) + Math.abs(y[1]),
                Math.abs(x[2]) + Math.abs(y[2]), Refiner.TOL);
        return new double[] {x[0] - y[0], x[1] - y[1], x[2] - y[2], eps};
    }
}
