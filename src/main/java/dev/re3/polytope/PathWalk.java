package dev.re3.polytope;

import dev.re3.display.HtmlTables;
import dev.re3.display.Displayable;
import dev.re3.net.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The regions a path crosses, in order ({@link PathWalker}): segments, the boundaries between them with
 * the units that flip, where the predicted class changes, and the density of boundaries along the path.
 *
 * <p>{@code t} runs from 0 to 1 over the whole path in proportion to its Euclidean length
 * {@link #length()}. Segments tile {@code [0, 1]}: each starts where the previous one ends.
 */
public final class PathWalk implements Displayable {
    /** One interval of one straight piece, in {@code t}, with its logits {@code slope t + intercept}. */
    record Piece(double t0, double t1, double sLength, Choices choices, double[] slope, double[] intercept) {
        Piece withEnds(double a, double b) {
            return new Piece(a, b, sLength, choices, slope, intercept);
        }
    }

    private static final double TINY = 1e-12;

    private final Network network;
    private final Program program;
    private final double[][] points;
    private final double length;
    private final List<Piece> pieces;
    private final List<PathSegment> segments = new ArrayList<>();
    private final List<PathBoundary> boundaries = new ArrayList<>();
    private final List<ClassChange> changes = new ArrayList<>();
    private final boolean partial;
    private final int limit;

    PathWalk(Network network, Program program, double[][] points, double length, List<Piece> raw, boolean partial,
             int limit) {
        this.network = network;
        this.program = program;
        this.points = points;
        this.length = length;
        this.partial = partial;
        this.limit = limit;
        this.pieces = dropTiny(raw);
        List<Piece> run = new ArrayList<>();
        Piece before = null;
        for (Piece p : pieces) {
            if (!run.isEmpty() && !Choices.same(run.get(0).choices(), p.choices())) {
                close(run, before);
                before = run.get(run.size() - 1);
                run.clear();
            }
            run.add(p);
        }
        close(run, before);
        classChanges();
    }

    /** Intervals shorter than {@code 1e-12} of their straight piece are dropped; their neighbours meet in the middle. */
    private static List<Piece> dropTiny(List<Piece> raw) {
        List<Piece> kept = new ArrayList<>(raw);
        int i = 0;
        while (i < kept.size()) {
            if (kept.get(i).sLength() > TINY) {
                i++;
                continue;
            }
            int j = i;
            while (j < kept.size() && kept.get(j).sLength() <= TINY) {
                j++;
            }
            if (i == 0 && j == kept.size()) {
                return kept;
            }
            double g0 = kept.get(i).t0();
            double g1 = kept.get(j - 1).t1();
            boolean before = i > 0;
            boolean after = j < kept.size();
            double m = before && after ? 0.5 * (g0 + g1) : (before ? g1 : g0);
            if (before) {
                kept.set(i - 1, kept.get(i - 1).withEnds(kept.get(i - 1).t0(), m));
            }
            if (after) {
                kept.set(j, kept.get(j).withEnds(m, kept.get(j).t1()));
            }
            kept.subList(i, j).clear();
        }
        return kept;
    }

    private void close(List<Piece> run, Piece before) {
        if (run.isEmpty()) {
            return;
        }
        Piece first = run.get(0);
        double t0 = first.t0();
        double t1 = run.get(run.size() - 1).t1();
        double mid = 0.5 * (t0 + t1);
        Piece at = run.get(0);
        for (Piece p : run) {
            if (p.t0() <= mid) {
                at = p;
            }
        }
        int predicted = argmax(at, mid);
        if (before != null) {
            boundaries.add(new PathBoundary(t0, flips(before.choices(), first.choices())));
        }
        segments.add(new PathSegment(t0, t1, Choices.patterns(program, first.choices()),
                Choices.regionId(program, first.choices()), predicted));
    }

    private List<PathBoundary.Flip> flips(Choices before, Choices after) {
        List<PathBoundary.Flip> out = new ArrayList<>();
        List<Choices> a = Choices.chain(before);
        List<Choices> b = Choices.chain(after);
        for (int s = 0; s < a.size(); s++) {
            Choices x = a.get(s);
            Choices y = b.get(s);
            String site = program.siteName(x.site);
            if (x.bits != null) {
                int n = ((Program.Gate) program.sites().get(x.site)).units();
                for (int u = 0; u < n; u++) {
                    boolean p = Choices.on(x.bits, u);
                    boolean q = Choices.on(y.bits, u);
                    if (p != q) {
                        out.add(new PathBoundary.Flip(site, u, p ? 1 : 0, q ? 1 : 0));
                    }
                }
            } else {
                int[] p = Choices.selected(program, x);
                int[] q = Choices.selected(program, y);
                for (int u = 0; u < p.length; u++) {
                    if (p[u] != q[u]) {
                        out.add(new PathBoundary.Flip(site, u, p[u], q[u]));
                    }
                }
            }
        }
        return out;
    }

    private static int argmax(Piece p, double t) {
        int best = 0;
        double top = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < p.slope().length; c++) {
            double l = p.slope()[c] * t + p.intercept()[c];
            if (l > top) {
                top = l;
                best = c;
            }
        }
        return best;
    }

    /** The upper envelope of the logits on each interval: where the first maximum changes. */
    private void classChanges() {
        int previous = -1;
        for (Piece p : pieces) {
            double[] a = p.slope();
            double[] b = p.intercept();
            double t = p.t0();
            int c = 0;
            for (int j = 1; j < a.length; j++) {
                double lj = a[j] * t + b[j];
                double lc = a[c] * t + b[c];
                if (lj > lc || (lj == lc && a[j] > a[c])) {
                    c = j;
                }
            }
            if (previous >= 0 && previous != c) {
                changes.add(new ClassChange(t, previous, c));
            }
            while (true) {
                double next = p.t1();
                int to = -1;
                double lc = a[c] * t + b[c];
                for (int j = 0; j < a.length; j++) {
                    if (a[j] > a[c]) {
                        double tj = t + Math.max(0, lc - (a[j] * t + b[j])) / (a[j] - a[c]);
                        if (tj < next || (tj == next && to >= 0 && a[j] > a[to])) {
                            next = tj;
                            to = j;
                        }
                    }
                }
                if (to < 0 || next >= p.t1()) {
                    break;
                }
                changes.add(new ClassChange(next, c, to));
                c = to;
                t = next;
            }
            previous = c;
        }
    }

    public Network network() {
        return network;
    }

    /** The path's points, {@code [m][d]}. */
    public double[][] points() {
        double[][] out = new double[points.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = points[i].clone();
        }
        return out;
    }

    /** The Euclidean length of the path in input space. */
    public double length() {
        return length;
    }

    /** The input at {@code t} in {@code [0, 1]}. */
    public double[] point(double t) {
        double target = t * length;
        double cum = 0;
        for (int i = 0; i + 1 < points.length; i++) {
            double l = Math.sqrt(Plane.dot(Plane.minus(points[i + 1], points[i]), Plane.minus(points[i + 1], points[i])));
            if (target <= cum + l || i + 2 == points.length) {
                double s = l == 0 ? 0 : Math.min(1, Math.max(0, (target - cum) / l));
                double[] x = new double[points[i].length];
                for (int j = 0; j < x.length; j++) {
                    x[j] = points[i][j] + s * (points[i + 1][j] - points[i][j]);
                }
                return x;
            }
            cum += l;
        }
        return points[points.length - 1].clone();
    }

    /** The regions crossed, in order. */
    public List<PathSegment> segments() {
        return List.copyOf(segments);
    }

    /** Number of segments: regions entered along the path (a region entered twice counts twice). */
    public int regions() {
        return segments.size();
    }

    /** The boundaries between consecutive segments, in order. */
    public List<PathBoundary> boundaries() {
        return List.copyOf(boundaries);
    }

    /** Every flip of every boundary, in order of {@code t}. */
    public List<Crossing> crossings() {
        List<Crossing> out = new ArrayList<>();
        for (PathBoundary b : boundaries) {
            for (PathBoundary.Flip f : b.flips()) {
                out.add(new Crossing(b.t(), f.site(), f.unit(), f.before(), f.after()));
            }
        }
        return out;
    }

    /**
     * One unit flipping at one boundary, flattened for tables and JSON.
     *
     * @param t where
     * @param site the site name (the layer)
     * @param unit the unit
     * @param before its choice before ({@link PathBoundary.Flip})
     * @param after its choice after
     */
    public record Crossing(double t, String site, int unit, int before, int after) {
        /** E.g. {@code "t 0.4375: 1.relu unit 3: 0 -> 1"}. */
        @Override
        public String toString() {
            return "t " + dev.re3.display.Numbers.format(t) + ": " + site + " unit " + unit + ": " + before + " -> " + after;
        }
    }

    /** Where the predicted class changes, in order of {@code t} (inside regions or at boundaries). */
    public List<ClassChange> predictionChanges() {
        return List.copyOf(changes);
    }

    /**
     * The logits along the path, drawn exactly: each interval's logits are affine in {@code t}, so the lines
     * join the logits at the ends of the intervals; the region boundaries are dotted.
     */
    public dev.re3.plot.Figure plot() {
        int classes = network.outputSize();
        List<PathSegment> segs = segments();
        double[] t = new double[2 * pieces.size()];
        double[][] ys = new double[classes][t.length];
        for (int s = 0; s < pieces.size(); s++) {
            // each interval's own ends, so that a kink sits exactly on a boundary
            Piece p = pieces.get(s);
            t[2 * s] = p.t0();
            t[2 * s + 1] = p.t1();
            for (int c = 0; c < classes; c++) {
                ys[c][2 * s] = p.slope()[c] * p.t0() + p.intercept()[c];
                ys[c][2 * s + 1] = p.slope()[c] * p.t1() + p.intercept()[c];
            }
        }
        double[] marks = new double[Math.max(0, segs.size() - 1)];
        for (int s = 1; s < segs.size(); s++) {
            marks[s - 1] = segs.get(s).tStart();
        }
        String subtitle = segs.size() + (segs.size() == 1 ? " linear region" : " linear regions") + " crossed"
                + (isPartial() ? "; partial: the walk stops at t = " + segs.get(segs.size() - 1).tEnd() : "");
        return dev.re3.plot.Figures.lines("Logits along the path", subtitle, "t (share of the path length)", "logit",
                network.classes(), t, ys, marks);
    }

    /** The logits at {@code t}, from the exact affine map of the interval holding {@code t}. */
    public double[] logits(double t) {
        Piece at = pieces.get(0);
        for (Piece p : pieces) {
            if (p.t0() <= t) {
                at = p;
            }
        }
        double[] l = new double[at.slope().length];
        for (int c = 0; c < l.length; c++) {
            l[c] = at.slope()[c] * t + at.intercept()[c];
        }
        return l;
    }

    /** Boundaries per unit of input-space length over the whole path. */
    public double boundariesPerUnitLength() {
        return boundaries.size() / length;
    }

    /**
     * The boundary density profile ({@link DensityProfile}).
     *
     * @param points grid points over {@code [0, 1]}, at least 2
     * @param window the width of the moving window in {@code t}, in {@code (0, 1]}
     */
    public DensityProfile density(int points, double window) {
        if (points < 2) {
            throw new IllegalArgumentException("density points: expected at least 2, got " + points);
        }
        if (!(window > 0 && window <= 1)) {
            throw new IllegalArgumentException("density window: expected a width in (0, 1], got " + window);
        }
        double[] t = new double[points];
        double[] d = new double[points];
        for (int i = 0; i < points; i++) {
            t[i] = i / (double) (points - 1);
            double lo = Math.max(0, t[i] - window / 2);
            double hi = Math.min(1, t[i] + window / 2);
            int count = 0;
            for (PathBoundary b : boundaries) {
                if (b.t() >= lo && b.t() <= hi) {
                    count++;
                }
            }
            d[i] = count / ((hi - lo) * length);
        }
        return new DensityProfile(t, d, window);
    }

    /** Whether a limit stopped the walk on some straight piece (its end is then missing). */
    public boolean isPartial() {
        return partial;
    }

    /** Empty for a complete walk; for a partial one, what is missing. */
    public String message() {
        return partial ? "partial result: a straight piece of the path met more than " + limit
                + " intervals; raise maxSegments for the whole walk" : "";
    }

    /**
     * Per gate or pool site, the segments the path is cut into by that site and the ones before it:
     * the regions of the network's first layers along the path.
     */
    public Table sites() {
        StringColumn site = StringColumn.create("site");
        LongColumn count = LongColumn.create("segments");
        for (int s = 0; s < program.sites().size(); s++) {
            long runs = 0;
            Choices last = null;
            for (Piece p : pieces) {
                Choices c = Choices.at(p.choices(), s);
                if (runs == 0 || !Choices.same(last, c)) {
                    runs++;
                }
                last = c;
            }
            site.append(program.siteName(s));
            count.append(runs);
        }
        return Table.create("segments after each site").addColumns(site, count);
    }

    /** One row per segment: where it starts and ends, region id, predicted class, active units per ReLU site. */
    public Table toTable() {
        IntColumn index = IntColumn.create("segment");
        DoubleColumn t0 = DoubleColumn.create("tStart");
        DoubleColumn t1 = DoubleColumn.create("tEnd");
        StringColumn id = StringColumn.create("regionId");
        StringColumn cls = StringColumn.create("predicted");
        StringColumn active = StringColumn.create("active");
        for (int i = 0; i < segments.size(); i++) {
            PathSegment s = segments.get(i);
            index.append(i);
            t0.append(s.tStart());
            t1.append(s.tEnd());
            id.append(s.regionId());
            cls.append(network.classes().get(s.predicted()));
            active.append(String.join("/", s.patterns().stream()
                    .map(p -> Long.toString(p.chars().filter(ch -> ch == '1').count())).toList()));
        }
        return Table.create("regions along the path").addColumns(index, t0, t1, id, cls, active);
    }

    /** One row per flip: {@code t}, site, unit, before, after. */
    public Table crossingsTable() {
        DoubleColumn t = DoubleColumn.create("t");
        StringColumn site = StringColumn.create("site");
        IntColumn unit = IntColumn.create("unit");
        IntColumn before = IntColumn.create("before");
        IntColumn after = IntColumn.create("after");
        for (Crossing c : crossings()) {
            t.append(c.t());
            site.append(c.site());
            unit.append(c.unit());
            before.append(c.before());
            after.append(c.after());
        }
        return Table.create("crossings").addColumns(t, site, unit, before, after);
    }

    @Override
    public String toText() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "Path of length %.6g through %d points: %d regions, %d boundaries (%.4g per unit length),"
                        + " %d prediction changes%n", length, points.length, regions(), boundaries.size(),
                boundariesPerUnitLength(), changes.size()));
        if (partial) {
            s.append(message()).append('\n');
        }
        for (ClassChange c : changes) {
            s.append(String.format(Locale.ROOT, "  class %s -> %s at t = %.6f%n", network.classes().get(c.from()),
                    network.classes().get(c.to()), c.t()));
        }
        return s.toString();
    }

    @Override
    public String toHtml() {
        return "<div>" + HtmlTables.paragraph(toText()) + HtmlTables.of(toTable(), 30) + "</div>";
    }

    @Override
    public String toString() {
        return toText();
    }
}
