package dev.re3.polytope;

import dev.re3.polytope.Program.Gate;
import dev.re3.polytope.Program.Pool;
import dev.re3.polytope.Refiner.Context;
import dev.re3.polytope.Refiner.Work;

/**
 * The cuts at a ReLU site ({@link Refiner}): each cell is cut by the zero line {@code z_u(p) = 0} of every
 * unit that changes sign on it, one line at a time, each piece keeping only the lines that still cross it
 * (so the work grows with the pieces, not with pieces times units); each final piece knows the sign of
 * every unit and gates the forms: {@code z} where on, {@code alpha z} where off. A ReLU followed by a max
 * pool hands the pool its pre-activations and on/off bits instead of a gated copy.
 */
final class GateCuts {
    private static final double TOL = Refiner.TOL;

    private final Refiner r;
    private final int k;
    private final int cols;

    GateCuts(Refiner r) {
        this.r = r;
        this.k = r.k;
        this.cols = r.cols;
    }

    void gate(Cell cell, Gate g, Context ctx, Work w) {
        int n = g.units();
        long[] on = new long[(n + 63) >>> 6];
        int[] found = w.units(n);
        int m = 0;
        double[] z = ctx.z();
        Cell.Box box = cell.box();
        for (int u = 0; u < n; u++) {
            // the bounding-box test of Cell.classify, inlined: most units are settled here
            double a = z[u];
            double b = k == 2 ? z[n + u] : 0;
            double c = z[k * n + u];
            double aa = Math.abs(a);
            double ab = Math.abs(b);
            double eps = TOL * (aa * box.px() + ab * box.py() + Math.abs(c));
            double mid = a * box.cx() + b * box.cy() + c;
            double reach = aa * box.hx() + ab * box.hy();
            if (mid - reach > eps) {
                on[u >>> 6] |= 1L << u;
            } else if (!(mid + reach < -eps) && classifyUnit(cell, z, n, u, on) == Cell.CROSS) {
                found[m++] = u;
            }
        }
        int[] cand = java.util.Arrays.copyOf(found, m);
        if (g.alpha() == 0 && ctx.pc() + 1 < r.ops.size() && r.ops.get(ctx.pc() + 1) instanceof Pool p) {
            long[] crossing = new long[on.length];
            for (int i = 0; i < m; i++) {
                crossing[cand[i] >>> 6] |= 1L << cand[i];
            }
            ctx = new Context(ctx.pc(), z, ctx.stack(), ctx.choices(), null, cell, new PoolCuts.Memo(p.pairs(), crossing));
        }
        cutGate(cell, cand, m, on, g, ctx, w, 0);
    }

    /** Classifies unit {@code u}'s line on the cell; records its sign unless it crosses. */
    private int classifyUnit(Cell cell, double[] z, int n, int u, long[] on) {
        double a = z[u];
        double b = k == 2 ? z[n + u] : 0;
        double c = z[k * n + u];
        int cls = cell.classify(a, b, c, cell.eps(a, b, c, TOL));
        if (cls == Cell.POSITIVE) {
            set(on, u, true);
        } else if (cls == Cell.NEGATIVE) {
            set(on, u, false);
        } else if (cls == Cell.ZERO) {
            set(on, u, cell.positiveInside(a, b, c));
        }
        return cls;
    }

    private static void set(long[] bits, int u, boolean value) {
        if (value) {
            bits[u >>> 6] |= 1L << u;
        } else {
            bits[u >>> 6] &= ~(1L << u);
        }
    }

    private void cutGate(Cell cell, int[] cand, int m, long[] on, Gate g, Context ctx, Work w, int depth) {
        if (w.stopped) {
            return;
        }
        if (w.tasks != null && ctx.pc() == r.firstSplit && (depth >= 7 || m == 0)) {
            long[] mine = on.clone();
            w.tasks.add(t -> cutGate(cell, cand, m, mine, g, ctx, t, depth));
            return;
        }
        if (m == 0) {
            leafGate(cell, on, g, ctx, w);
            return;
        }
        int n = g.units();
        double[] z = ctx.z();
        int u = cand[0];
        double a = z[u];
        double b = k == 2 ? z[n + u] : 0;
        double c = z[k * n + u];
        Cell[] parts = cell.split(a, b, c, cell.eps(a, b, c, TOL));
        for (int side = 0; side < 2; side++) {
            Cell part = parts[side];
            if (part == null) {
                continue;
            }
            set(on, u, side == 0);
            int[] sub = new int[m - 1];
            int mm = 0;
            for (int i = 1; i < m; i++) {
                if (classifyUnit(part, z, n, cand[i], on) == Cell.CROSS) {
                    sub[mm++] = cand[i];
                }
            }
            cutGate(part, sub, mm, on, g, ctx, w, depth + 1);
        }
    }

    private void leafGate(Cell cell, long[] on, Gate g, Context ctx, Work w) {
        int n = g.units();
        long[] bits = on.clone();
        Choices ch = Choices.gate(ctx.choices(), g.index(), bits);
        double[] z = ctx.z();
        double alpha = g.alpha();
        if (alpha == 0 && ctx.pc() + 1 < r.ops.size() && r.ops.get(ctx.pc() + 1) instanceof Pool p) {
            r.pools.pool(cell, p, new Context(ctx.pc() + 1, z, ctx.stack(), ch, bits, ctx.parent(), ctx.memo()), w);
            return;
        }
        double[] out = new double[z.length];
        if (alpha != 0) {
            for (int i = 0; i < out.length; i++) {
                out[i] = alpha * z[i];
            }
        }
        for (int word = 0; word < bits.length; word++) {
            long b = bits[word];
            while (b != 0) {
                int u = (word << 6) + Long.numberOfTrailingZeros(b);
                b &= b - 1;
                for (int j = 0; j < cols; j++) {
                    out[j * n + u] = z[j * n + u];
                }
            }
        }
        r.run(cell, ctx.pc() + 1, out, ctx.stack(), ch, w);
    }
}
