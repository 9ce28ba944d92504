package dev.re3.codec;

import dev.re3.plot.Figure;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Ablate and preserve curves of one mode against the fraction {@code p} of its weight ({@link Ablations}):
 * per {@code p} the accuracy ratio {@code r} and target-logit ratio for the mode's class (target) and the
 * other classes; the area under each accuracy curve by the trapezoid rule over the given {@code p}; and the
 * selectivity {@code (r_t - r_o) / (r_t + r_o)}. A ratio is NaN where the plain network has no correct input
 * (or a zero mean logit) in that group. Immutable.
 */
public final class AblationCurves implements dev.re3.plot.Presentable {
    /** Ablate (zero the mode's top owners) or preserve (zero all the others). */
    public enum Kind { ABLATE, PRESERVE }

    private final String site;
    private final int mode;
    private final int modeClass;
    private final boolean onActivations;
    private final double[] ps;
    private final int[] owners;
    private final int ownerCount;
    private final double[][] ablate;
    private final double[][] preserve;

    AblationCurves(String site, int mode, int modeClass, boolean onActivations, double[] ps, int[] owners,
            int ownerCount, double[][] ablate, double[][] preserve) {
        this.site = site;
        this.mode = mode;
        this.modeClass = modeClass;
        this.onActivations = onActivations;
        this.ps = ps;
        this.owners = owners;
        this.ownerCount = ownerCount;
        this.ablate = ablate;
        this.preserve = preserve;
    }

    public int mode() {
        return mode;
    }

    /** The class the mode correlates with most: the target group. */
    public int modeClass() {
        return modeClass;
    }

    public double[] ps() {
        return ps.clone();
    }

    private double[][] of(Kind kind) {
        return kind == Kind.ABLATE ? ablate : preserve;
    }

    /** The accuracy ratio on the mode's class at each {@code p}. */
    public double[] accuracyTarget(Kind kind) {
        return column(of(kind), 0);
    }

    /** The accuracy ratio on the other classes at each {@code p}. */
    public double[] accuracyOther(Kind kind) {
        return column(of(kind), 1);
    }

    /** The target-logit ratio on the mode's class at each {@code p}. */
    public double[] logitTarget(Kind kind) {
        return column(of(kind), 2);
    }

    /** The target-logit ratio on the other classes at each {@code p}. */
    public double[] logitOther(Kind kind) {
        return column(of(kind), 3);
    }

    /** {@code (r_t - r_o) / (r_t + r_o)} of the accuracy ratios at each {@code p}. */
    public double[] selectivity(Kind kind) {
        double[] t = accuracyTarget(kind);
        double[] o = accuracyOther(kind);
        double[] s = new double[t.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (t[i] - o[i]) / (t[i] + o[i]);
        }
        return s;
    }

    /** The trapezoid area under the accuracy ratio against {@code p}, target group or other. */
    public double auc(Kind kind, boolean target) {
        return trapezoid(ps, target ? accuracyTarget(kind) : accuracyOther(kind));
    }

    static double trapezoid(double[] x, double[] y) {
        double a = 0;
        for (int i = 1; i < x.length; i++) {
            a += 0.5 * (y[i - 1] + y[i]) * (x[i] - x[i - 1]);
        }
        return a;
    }

    private static double[] column(double[][] m, int k) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i][k];
        }
        return out;
    }

    /** One row per {@code p} and kind: owners zeroed, the four ratios, the selectivity. */
    public Table toTable() {
        DoubleColumn p = DoubleColumn.create("p");
        tech.tablesaw.api.StringColumn kind = tech.tablesaw.api.StringColumn.create("kind");
        IntColumn zeroed = IntColumn.create("zeroed");
        DoubleColumn at = DoubleColumn.create("accuracyTarget");
        DoubleColumn ao = DoubleColumn.create("accuracyOther");
        DoubleColumn lt = DoubleColumn.create("logitTarget");
        DoubleColumn lo = DoubleColumn.create("logitOther");
        DoubleColumn sel = DoubleColumn.create("selectivity");
        for (Kind k : Kind.values()) {
            double[] s = selectivity(k);
            for (int i = 0; i < ps.length; i++) {
                p.append(ps[i]);
                kind.append(k.name().toLowerCase(Locale.ROOT));
                zeroed.append(k == Kind.ABLATE ? owners[i] : ownerCount - owners[i]);
                at.append(of(k)[i][0]);
                ao.append(of(k)[i][1]);
                lt.append(of(k)[i][2]);
                lo.append(of(k)[i][3]);
                sel.append(s[i]);
            }
        }
        return Table.create(title()).addColumns(p, kind, zeroed, at, ao, lt, lo, sel);
    }

    private String title() {
        return (onActivations ? "activation" : "contribution") + " mode " + mode + " (class " + modeClass + ") at " + site;
    }

    /** Accuracy ratios against {@code p}: ablate and preserve, for the mode's class and the others. */
    public Figure plot() {
        StringBuilder data = new StringBuilder();
        String[] names = {"ablate, mode's class", "ablate, other classes", "preserve, mode's class",
                "preserve, other classes"};
        double[][] ys = {accuracyTarget(Kind.ABLATE), accuracyOther(Kind.ABLATE), accuracyTarget(Kind.PRESERVE),
                accuracyOther(Kind.PRESERVE)};
        for (int t = 0; t < 4; t++) {
            data.append(t == 0 ? "" : ",").append("{\"type\":\"scatter\",\"mode\":\"lines+markers\",\"name\":\"")
                    .append(names[t]).append("\",\"line\":{\"dash\":\"").append(t % 2 == 0 ? "solid" : "dot")
                    .append("\"},\"x\":").append(json(ps)).append(",\"y\":").append(json(ys[t])).append('}');
        }
        return Figure.fromJson("{\"data\":[" + data + "],\"layout\":{\"title\":{\"text\":\"Ablate and preserve: "
                + title() + "\"},\"xaxis\":{\"title\":{\"text\":\"p, fraction of the mode's weight\"}},"
                + "\"yaxis\":{\"title\":{\"text\":\"accuracy ratio (changed / plain)\"}}}}");
    }

    /**
     * Contribution modes against activation modes in one figure: the ablate accuracy ratio of the mode's class
     * and of the other classes against {@code p}, for each of the given curves (e.g. a contribution mode and an
     * activation mode of the same class).
     */
    public static Figure compare(AblationCurves... curves) {
        if (curves == null || curves.length == 0) {
            throw new IllegalArgumentException("compare: expected one set of curves or more, got none");
        }
        StringBuilder data = new StringBuilder();
        for (int c = 0; c < curves.length; c++) {
            AblationCurves a = curves[c];
            for (int g = 0; g < 2; g++) {
                data.append(data.length() == 0 ? "" : ",").append("{\"type\":\"scatter\",\"mode\":\"lines+markers\",")
                        .append("\"name\":\"").append(a.title()).append(g == 0 ? ", mode's class" : ", other classes")
                        .append("\",\"line\":{\"dash\":\"").append(g == 0 ? "solid" : "dot").append("\"},\"x\":")
                        .append(json(a.ps)).append(",\"y\":")
                        .append(json(g == 0 ? a.accuracyTarget(Kind.ABLATE) : a.accuracyOther(Kind.ABLATE))).append('}');
            }
        }
        return Figure.fromJson("{\"data\":[" + data + "],\"layout\":{\"title\":{\"text\":\"Ablation: accuracy ratio"
                + " against p\"},\"xaxis\":{\"title\":{\"text\":\"p, fraction of the mode's weight\"}},"
                + "\"yaxis\":{\"title\":{\"text\":\"accuracy ratio (ablated / plain)\"}}}}");
    }

    static String json(double[] v) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            s.append(i == 0 ? "" : ",").append(Double.isFinite(v[i]) ? String.format(Locale.ROOT, "%.6g", v[i]) : "null");
        }
        return s.append(']').toString();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Ablations of %s at %d fractions: AUC ablate %.3f (target) %.3f (other),"
                + " preserve %.3f (target) %.3f (other)", title(), ps.length, auc(Kind.ABLATE, true),
                auc(Kind.ABLATE, false), auc(Kind.PRESERVE, true), auc(Kind.PRESERVE, false));
    }
}
