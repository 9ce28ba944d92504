package dev.re3.polytope;

import dev.re3.polytope.Program.Linear;
import dev.re3.polytope.Program.Pool;
import dev.re3.polytope.Refiner.Context;
import dev.re3.polytope.Refiner.Work;

/**
 * The cuts at a max-pool site ({@link Refiner}): each cell is cut into the parts where one member of a
 * window is the first maximum ({@code z_i > z_j} for earlier members {@code j}, {@code z_i >= z_j} for
 * later ones), window by window, each part keeping only the windows whose choice still changes on it;
 * each final part copies the selected forms.
 *
 * <p>A pool right after a ReLU ({@code alpha = 0}) reads the ReLU's pre-activations and on/off bits: an
 * off member has the zero form and an on member is positive on the cell (what the ReLU decided), so an on
 * member beats every off one and only on members are compared. The order of two on members is the sign of
 * {@code z_i - z_j}, the same function on every piece cut from the ReLU's parent cell; when that sign is
 * strict on the parent it is kept (per pair of members) and holds on every piece.
 *
 * <p>A pool followed by an affine layer does not materialise the pooled forms: the task keeps them in a
 * buffer and passes only the windows whose selected form changed through the layer.
 */
final class PoolCuts {
    private static final double TOL = Refiner.TOL;
    private static final int REFRESH = Refiner.REFRESH;

    private final Refiner r;
    private final int k;
    private final int cols;

    PoolCuts(Refiner r) {
        this.r = r;
        this.k = r.k;
        this.cols = r.cols;
    }

    /** Coefficient {@code j} of input unit {@code u} of the pool, gated when the context carries gate bits. */
    private static double coef(Context ctx, int n, int j, int u) {
        return ctx.gate() != null && (ctx.gate()[u >>> 6] >>> u & 1L) == 0 ? 0 : ctx.z()[j * n + u];
    }

    /**
     * Whether input unit {@code u}'s form is zero. Behind a ReLU that is exactly the units that are off: an
     * on unit has {@code z > 0} inside the cell, so its form is not zero.
     */
    private boolean zeroForm(Context ctx, int n, int u) {
        if (ctx.gate() != null) {
            return (ctx.gate()[u >>> 6] >>> u & 1L) == 0;
        }
        for (int j = 0; j < cols; j++) {
            if (ctx.z()[j * n + u] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * What the pieces cut at a ReLU site from one parent cell share, for the max pool after it: the order of
     * each pair of members on the parent ({@link #inherited}), the units whose line crosses the parent (the
     * only units whose on/off bit differs between the pieces), and, once the first piece has reached the
     * pool, the {@link Plan}.
     */
    static final class Memo {
        final byte[] pairs;
        final long[] crossing;
        private volatile Plan plan;

        Memo(int pairs, long[] crossing) {
            this.pairs = new byte[pairs];
            this.crossing = crossing;
        }
    }

    /**
     * The windows whose choice is the same on every piece of a parent cell, and the others. A window is
     * settled on the parent when none of its members crosses it (so every piece has the same on/off bits
     * there) and either at most one member is on (the choice then follows from the bits alone) or one on
     * member is above every other on member on the whole parent ({@link #inherited}). On each piece
     * {@link #constantPick} would return that same member: it depends on the cell only through pairs whose
     * order is not strict on the parent. So only the {@code variable} windows are decided per piece.
     *
     * @param fixed per window, the settled choice (0 for a variable window)
     * @param variable the windows decided per piece, in increasing order
     * @param packed {@code fixed} packed as {@link Choices#packPicks} packs it
     */
    record Plan(char[] fixed, int[] variable, long[] packed) {}

    private Plan plan(Pool p, Context ctx) {
        Memo memo = ctx.memo();
        Plan plan = memo.plan;
        if (plan != null) {
            return plan;
        }
        int[][] all = p.windows();
        int n = p.inputs();
        long[] gate = ctx.gate();
        long[] crossing = memo.crossing;
        char[] fixed = new char[all.length];
        int[] variable = new int[all.length];
        int m = 0;
        for (int win = 0; win < all.length; win++) {
            int[] members = all[win];
            if (members.length == 1) {
                continue;
            }
            boolean crosses = false;
            int on = 0;
            int only = 0;
            for (int i = 0; i < members.length; i++) {
                int u = members[i];
                crosses |= (crossing[u >>> 6] >>> u & 1L) != 0;
                if ((gate[u >>> 6] >>> u & 1L) != 0) {
                    on++;
                    only = i;
                }
            }
            int sel = crosses ? -1 : on <= 1 ? only : aboveAllOnParent(ctx, n, win, members, p);
            if (sel < 0) {
                variable[m++] = win;
            } else {
                fixed[win] = (char) sel;
            }
        }
        plan = new Plan(fixed, java.util.Arrays.copyOf(variable, m), Choices.packPicks(fixed, p.bitsPerPick()));
        memo.plan = plan;
        return plan;
    }

    /**
     * The on member above every other on member on the whole parent cell, or -1 if the order of some pair is
     * not strict there or no member is above all ("above" is antisymmetric, so there is at most one).
     */
    private int aboveAllOnParent(Context ctx, int n, int win, int[] members, Pool p) {
        long[] gate = ctx.gate();
        for (int i = 0; i < members.length; i++) {
            int ui = members[i];
            if ((gate[ui >>> 6] >>> ui & 1L) == 0) {
                continue;
            }
            boolean above = true;
            for (int j = 0; j < members.length && above; j++) {
                int uj = members[j];
                if (j == i || (gate[uj >>> 6] >>> uj & 1L) == 0) {
                    continue;
                }
                int cls = inherited(ctx, n, win, members, i, j, p);
                if (cls == Cell.CROSS) {
                    return -1;
                }
                above = cls == Cell.POSITIVE;
            }
            if (above) {
                return i;
            }
        }
        return -1;
    }

    void pool(Cell cell, Pool p, Context ctx, Work w) {
        int windows = p.windows().length;
        char[] pick;
        int[] cand;
        int m = 0;
        if (ctx.memo() != null) {
            Plan plan = plan(p, ctx);
            pick = plan.fixed().clone();
            cand = new int[plan.variable().length];
            for (int win : plan.variable()) {
                int sel = constantPick(cell, p, ctx, win);
                if (sel < 0) {
                    cand[m++] = win;
                } else {
                    pick[win] = (char) sel;
                }
            }
        } else {
            pick = new char[windows];
            cand = new int[windows];
            for (int win = 0; win < windows; win++) {
                int sel = constantPick(cell, p, ctx, win);
                if (sel < 0) {
                    cand[m++] = win;
                } else {
                    pick[win] = (char) sel;
                }
            }
        }
        cutPool(cell, cand, m, pick, p, ctx, w, 0);
    }

    /**
     * The position in window {@code win} of the member selected on the whole cell, or -1 if the choice
     * changes inside it. Members whose form is zero (gated off by a ReLU before the pool) are settled
     * without arithmetic: all zero gives the first member; one non-zero member wins if it is positive on
     * the cell and loses to the first zero member if it is negative.
     */
    private int constantPick(Cell cell, Pool p, Context ctx, int win) {
        int[] members = p.windows()[win];
        if (members.length == 1) {
            return 0;
        }
        int n = p.inputs();
        if (ctx.gate() != null) {
            return gatedPick(cell, p, ctx, win, members, n);
        }
        int nonZero = 0;
        int only = -1;
        for (int i = 0; i < members.length; i++) {
            if (!zeroForm(ctx, n, members[i])) {
                nonZero++;
                only = i;
            }
        }
        if (nonZero == 0) {
            return 0;
        }
        if (nonZero == 1) {
            int u = members[only];
            double a = coef(ctx, n, 0, u);
            double b = k == 2 ? coef(ctx, n, 1, u) : 0;
            double c = coef(ctx, n, k, u);
            int cls = cell.classify(a, b, c, cell.eps(a, b, c, TOL));
            if (cls == Cell.POSITIVE) {
                return only;
            }
            if (cls == Cell.NEGATIVE) {
                return only == 0 ? 1 : 0;
            }
            return cls == Cell.ZERO ? 0 : -1;
        }
        int guess = 0;
        double[] mid = cell.vertexMean();
        double best = valueAt(ctx, n, members[0], mid);
        for (int i = 1; i < members.length; i++) {
            double v = valueAt(ctx, n, members[i], mid);
            if (v > best) {
                best = v;
                guess = i;
            }
        }
        if (wins(cell, ctx, n, win, members, guess, p)) {
            return guess;
        }
        for (int i = 0; i < members.length; i++) {
            if (i != guess && wins(cell, ctx, n, win, members, i, p)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@link #constantPick} behind a ReLU: an off member has the zero form and an on member is positive on
     * the cell (that is what the ReLU decided), so an on member beats every off one, no member on gives
     * the first member, and only the on members need comparing.
     */
    private int gatedPick(Cell cell, Pool p, Context ctx, int win, int[] members, int n) {
        long[] gate = ctx.gate();
        int on = 0;
        int guess = -1;
        double best = Double.NEGATIVE_INFINITY;
        double[] z = ctx.z();
        double mx = cell.vertexMean()[0];
        double my = k == 2 ? cell.vertexMean()[1] : 0;
        for (int i = 0; i < members.length; i++) {
            int u = members[i];
            if ((gate[u >>> 6] >>> u & 1L) != 0) {
                on++;
                double v = z[k * n + u] + z[u] * mx + (k == 2 ? z[n + u] * my : 0);
                if (guess < 0 || v > best) {
                    best = v;
                    guess = i;
                }
            }
        }
        if (on <= 1) {
            return Math.max(guess, 0);
        }
        if (beatsOnMembers(cell, ctx, n, win, members, guess, p)) {
            return guess;
        }
        for (int i = 0; i < members.length; i++) {
            int u = members[i];
            if (i != guess && (gate[u >>> 6] >>> u & 1L) != 0 && beatsOnMembers(cell, ctx, n, win, members, i, p)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether on member {@code i} is the first maximum among the on members of window {@code win} on the cell. */
    private boolean beatsOnMembers(Cell cell, Context ctx, int n, int win, int[] members, int i, Pool p) {
        long[] gate = ctx.gate();
        for (int j = 0; j < members.length; j++) {
            int u = members[j];
            if (j == i || (gate[u >>> 6] >>> u & 1L) == 0) {
                continue;
            }
            int cls = inherited(ctx, n, win, members, i, j, p);
            if (cls == Cell.CROSS) {
                double[] d = difference(cell, ctx, n, members[i], u);
                cls = cell.classify(d[0], d[1], d[2], d[3]);
            }
            boolean ok = j < i ? cls == Cell.POSITIVE : cls == Cell.POSITIVE || cls == Cell.ZERO;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private double valueAt(Context ctx, int n, int unit, double[] p) {
        double v = coef(ctx, n, k, unit) + coef(ctx, n, 0, unit) * p[0];
        return k == 2 ? v + coef(ctx, n, 1, unit) * p[1] : v;
    }

    /** Whether member {@code i} is the first maximum of window {@code win} on the whole cell. */
    private boolean wins(Cell cell, Context ctx, int n, int win, int[] members, int i, Pool p) {
        for (int j = 0; j < members.length; j++) {
            if (j == i) {
                continue;
            }
            int cls = inherited(ctx, n, win, members, i, j, p);
            if (cls == Cell.CROSS) {
                double[] d = difference(cell, ctx, n, members[i], members[j]);
                cls = cell.classify(d[0], d[1], d[2], d[3]);
            }
            boolean ok = j < i ? cls == Cell.POSITIVE : cls == Cell.POSITIVE || cls == Cell.ZERO;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static final byte UNKNOWN = 0;
    private static final byte ABOVE = 1;
    private static final byte BELOW = 2;
    private static final byte MIXED = 3;

    /**
     * The sign of {@code z_i - z_j} on every cell cut from the ReLU's parent cell, when both members are on
     * and the sign is strict on the parent ({@code > eps} or {@code < -eps} at every parent vertex, so at
     * every point of a piece, whose own tolerance is no larger); else {@link Cell#CROSS}, meaning "decide
     * on the cell itself". The parent's answer is kept per pair of members.
     */
    private int inherited(Context ctx, int n, int win, int[] members, int i, int j, Pool p) {
        if (ctx.memo() == null) {
            return Cell.CROSS;
        }
        int ui = members[i];
        int uj = members[j];
        if ((ctx.gate()[ui >>> 6] >>> ui & 1L) == 0 || (ctx.gate()[uj >>> 6] >>> uj & 1L) == 0) {
            return Cell.CROSS;
        }
        int lo = Math.min(i, j);
        int hi = Math.max(i, j);
        int key = p.pairOffset()[win] + lo * members.length - lo * (lo + 1) / 2 + (hi - lo - 1);
        byte code = ctx.memo().pairs[key];
        if (code == UNKNOWN) {
            double[] z = ctx.z();
            int a = members[lo];
            int b = members[hi];
            double ai = z[a];
            double aj = z[b];
            double bi = k == 2 ? z[n + a] : 0;
            double bj = k == 2 ? z[n + b] : 0;
            double ci = z[k * n + a];
            double cj = z[k * n + b];
            Cell parent = ctx.parent();
            double eps = parent.eps(Math.abs(ai) + Math.abs(aj), Math.abs(bi) + Math.abs(bj), Math.abs(ci) + Math.abs(cj),
                    TOL);
            int strict = parent.classifyStrict(ai - aj, bi - bj, ci - cj, eps);
            code = strict == Cell.POSITIVE ? ABOVE : strict == Cell.NEGATIVE ? BELOW : MIXED;
            ctx.memo().pairs[key] = code;
        }
        if (code == MIXED) {
            return Cell.CROSS;
        }
        boolean above = (code == ABOVE) == (lo == i);
        return above ? Cell.POSITIVE : Cell.NEGATIVE;
    }

    /**
     * {@code z_i - z_j} as {@code {a, b, c, eps}}, the tolerance taken from the terms of both forms so
     * that the rounding of each cannot decide the order of two nearly equal members.
     */
    private double[] difference(Cell cell, Context ctx, int n, int ui, int uj) {
        double ai = coef(ctx, n, 0, ui);
        double aj = coef(ctx, n, 0, uj);
        double bi = k == 2 ? coef(ctx, n, 1, ui) : 0;
        double bj = k == 2 ? coef(ctx, n, 1, uj) : 0;
        double ci = coef(ctx, n, k, ui);
        double cj = coef(ctx, n, k, uj);
        double eps = cell.eps(Math.abs(ai) + Math.abs(aj), Math.abs(bi) + Math.abs(bj), Math.abs(ci) + Math.abs(cj), TOL);
        return new double[] {ai - aj, bi - bj, ci - cj, eps};
    }

    private void cutPool(Cell cell, int[] cand, int m, char[] pick, Pool p, Context ctx, Work w, int depth) {
        if (w.stopped) {
            return;
        }
        if (w.tasks != null && ctx.pc() == r.firstSplit && (depth >= 4 || m == 0)) {
            char[] mine = pick.clone();
            w.tasks.add(t -> cutPool(cell, cand, m, mine, p, ctx, t, depth));
            return;
        }
        if (m == 0) {
            leafPool(cell, pick, p, ctx, w);
            return;
        }
        int win = cand[0];
        int[] members = p.windows()[win];
        int n = p.inputs();
        long[] gate = ctx.gate();
        for (int i = 0; i < members.length; i++) {
            if (gate != null && (gate[members[i] >>> 6] >>> members[i] & 1L) == 0) {
                continue;
            }
            Cell piece = cell;
            for (int j = 0; j < members.length && piece != null; j++) {
                if (j != i && (gate == null || (gate[members[j] >>> 6] >>> members[j] & 1L) != 0)) {
                    double[] d = difference(cell, ctx, n, members[i], members[j]);
                    piece = piece.clip(d[0], d[1], d[2], d[3], j > i);
                }
            }
            if (piece == null) {
                continue;
            }
            pick[win] = (char) i;
            int[] sub = new int[m - 1];
            int mm = 0;
            for (int c = 1; c < m; c++) {
                int sel = constantPick(piece, p, ctx, cand[c]);
                if (sel < 0) {
                    sub[mm++] = cand[c];
                } else {
                    pick[cand[c]] = (char) sel;
                }
            }
            cutPool(piece, sub, mm, pick, p, ctx, w, depth + 1);
        }
    }

    private void leafPool(Cell cell, char[] pick, Pool p, Context ctx, Work w) {
        Plan plan = ctx.memo() != null ? ctx.memo().plan : null;
        long[] packed = plan == null ? Choices.packPicks(pick, p.bitsPerPick())
                : Choices.packPicks(pick, p.bitsPerPick(), plan.packed(), plan.variable());
        Choices ch = Choices.pool(ctx.choices(), p.index(), packed);
        int next = ctx.pc() + 1;
        if (next < r.ops.size() && r.ops.get(next) instanceof Linear lin) {
            double[] y = poolIntoLinear(pick, p, ctx, lin.map(), next, w);
            r.run(cell, next + 1, y, ctx.stack(), ch, w);
            return;
        }
        int n = p.inputs();
        int out = pick.length;
        int[] flat = p.flat();
        int[] offset = p.offset();
        double[] f = new double[out * cols];
        for (int u = 0; u < out; u++) {
            int sel = flat[offset[u] + pick[u]];
            if (ctx.gate() == null || (ctx.gate()[sel >>> 6] >>> sel & 1L) != 0) {
                for (int j = 0; j < cols; j++) {
                    f[j * out + u] = ctx.z()[j * n + sel];
                }
            }
        }
        r.run(cell, next, f, ctx.stack(), ch, w);
    }

    /**
     * A pool followed by an affine layer, without materialising the pooled forms: the task keeps the last
     * pooled forms in a buffer, writes only the windows whose selected form changed, and adds their change
     * through the layer ({@link LinearMap#addColumn}); from scratch when many changed or after
     * {@value #REFRESH} updates.
     */
    /**
     * Whether the affine layer at {@code lpc} may update its previous output in place: when a ReLU or max
     * pool follows it, nothing keeps that output once the cell's descendants are done (only the first
     * split site hands cells to other tasks, and it comes before any pool; gates and pools do not cache
     * their input by identity), so copying it (a conv layer's forms, tens of kilobytes per cell) is waste.
     */
    private boolean inPlace(int lpc) {
        return lpc + 1 < r.ops.size() && lpc > r.firstSplit
                && r.ops.get(lpc + 1) instanceof Program.Split;
    }

    private double[] poolIntoLinear(char[] pick, Pool p, Context ctx, LinearMap map, int lpc, Work w) {
        int n = p.inputs();
        int out = pick.length;
        int[] flat = p.flat();
        int[] offset = p.offset();
        double[] buf = w.lastIn[lpc];
        boolean fresh = buf == null;
        if (fresh) {
            buf = new double[out * cols];
            w.lastIn[lpc] = buf;
        }
        int[] changed = w.changed[lpc];
        if (changed == null) {
            changed = new int[Math.max(1, map.in / 4)];
            w.changed[lpc] = changed;
            w.delta[lpc] = new double[changed.length * cols];
        }
        double[] delta = w.delta[lpc];
        int m = 0;
        boolean many = false;
        double[] z = ctx.z();
        long[] gate = ctx.gate();
        // after a cell of the same parent, only the windows decided per piece can have changed (Plan)
        Memo memo = ctx.memo();
        boolean sameZ = !fresh && memo != null && w.lastMemo[lpc] == memo;
        // z updated in place since this pool's previous cell: the units written since then are stamped later
        long[] stamps = null;
        if (!fresh && !sameZ && w.lastZ[lpc] == z) {
            for (int q = 0; q < w.stamped.length && stamps == null; q++) {
                stamps = w.stamped[q] == z ? w.stamps[q] : null;
            }
        }
        long since = w.visited[lpc];
        w.lastZ[lpc] = z;
        w.visited[lpc] = w.clock;
        int[] only = sameZ ? memo.plan.variable() : null;
        w.lastMemo[lpc] = memo;
        // per window, the input unit whose form the buffer holds (-1 for the zero form, whatever z); with the
        // same z, a window that selects the same unit holds the same form
        int[] held = w.lastSel[lpc];
        if (held == null) {
            held = new int[out];
            w.lastSel[lpc] = held;
        }
        int count = only == null ? out : only.length;
        for (int q = 0; q < count; q++) {
            int u = only == null ? q : only[q];
            int sel = flat[offset[u] + pick[u]];
            boolean on = gate == null || (gate[sel >>> 6] >>> sel & 1L) != 0;
            int key = on ? sel : -1;
            if (held[u] == key && (sameZ || key < 0 || stamps != null && stamps[key] <= since)) {
                continue;
            }
            held[u] = key;
            boolean differs = false;
            for (int j = 0; j < cols; j++) {
                double v = on ? z[j * n + sel] : 0;
                differs |= v != buf[j * out + u];
            }
            if (differs) {
                if (m < changed.length) {
                    changed[m] = u;
                    for (int j = 0; j < cols; j++) {
                        double v = on ? z[j * n + sel] : 0;
                        delta[m * cols + j] = v - buf[j * out + u];
                    }
                    m++;
                } else {
                    many = true;
                }
                for (int j = 0; j < cols; j++) {
                    buf[j * out + u] = on ? z[j * n + sel] : 0;
                }
            }
        }
        if (!fresh && m == 0) {
            return w.lastOut[lpc];
        }
        double[] y;
        if (fresh || many || w.uses[lpc] >= REFRESH) {
            y = map.apply(buf, cols);
            w.uses[lpc] = 0;
        } else {
            boolean inPlace = inPlace(lpc);
            y = inPlace ? w.lastOut[lpc] : w.lastOut[lpc].clone();
            for (int c = 0; c < m; c++) {
                map.addColumn(changed[c], delta, c * cols, cols, y);
            }
            w.uses[lpc]++;
            if (inPlace) {
                // record which output units this update wrote, for a later pool reading y
                if (w.stamped[lpc] != y) {
                    w.stamped[lpc] = y;
                    w.stamps[lpc] = new long[map.out];
                }
                long t = ++w.clock;
                for (int c = 0; c < m; c++) {
                    map.stamp(changed[c], w.stamps[lpc], t);
                }
            }
        }
        w.lastOut[lpc] = y;
        return y;
    }
}
