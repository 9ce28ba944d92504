package dev.re3.interaction;

import java.util.Arrays;
import java.util.Locale;

/**
 * How edge strengths are transformed, section by section, before clustering or drawing (the reference code's
 * {@code rib/modularity.py} edge norms): the identity; {@code sqrt(E)}; or {@code max(0, log10(E / eps_l))}, which
 * puts every edge weaker than {@code eps_l} at 0. {@link #log10AtEdgesNeeded} takes {@code eps_l} as the weakest edge
 * still kept when only the edges needed ({@link LibResult#edgesNeeded}) are kept (the reference's
 * {@code ByLayerLogEdgeNorm.from_bisect_results}): the edges the network does not need get 0, and so does the
 * weakest needed one ({@code log10 1}). Immutable.
 */
public final class EdgeNorm {
    private final String name;
    private final double[] eps;

    private EdgeNorm(String name, double[] eps) {
        this.name = name;
        this.eps = eps;
    }

    /** Edges as they are (the reference default). */
    public static EdgeNorm identity() {
        return new EdgeNorm("identity", null);
    }

    /** {@code E -> sqrt(E)}: the size of the edge's term rather than its square. */
    public static EdgeNorm sqrt() {
        return new EdgeNorm("sqrt", null);
    }

    /** {@code E -> max(0, log10(E / eps))} in every section. */
    public static EdgeNorm log10(double eps) {
        return log10(new double[] {eps}, true);
    }

    /** {@code E -> max(0, log10(E / eps[l]))} in section {@code l}. */
    public static EdgeNorm log10(double... eps) {
        return log10(eps, false);
    }

    private static EdgeNorm log10(double[] eps, boolean shared) {
        if (eps == null || eps.length == 0) {
            throw new IllegalArgumentException("eps: expected one positive value per section, got none");
        }
        for (double e : eps) {
            if (!(e > 0) || !Double.isFinite(e)) {
                throw new IllegalArgumentException("eps: expected positive finite values, got " + Arrays.toString(eps));
            }
        }
        return new EdgeNorm(shared ? "log10" : "log10 by section", eps.clone());
    }

    /**
     * The log10 norm with {@code eps_l} the weakest of the {@code needed[l]} strongest edges of section {@code l}
     * (constant nodes' edges left out, as {@link LibResult#edgesNeeded} leaves them out; zero edges never count).
     * A section that needs no edge gets {@code eps} just above its strongest edge, so all its edges go to 0.
     */
    public static EdgeNorm log10AtEdgesNeeded(InteractionGraph graph, int... needed) {
        int sections = graph.layers().size() - 1;
        if (needed == null || needed.length != sections) {
            throw new IllegalArgumentException("edges needed: expected one count per section (" + sections + "), got "
                    + (needed == null ? "null" : needed.length));
        }
        double[] eps = new double[sections];
        for (int l = 0; l < sections; l++) {
            double[] strengths = graph.freeStrengths(l);
            if (needed[l] < 0 || needed[l] > strengths.length) {
                throw new IllegalArgumentException("edges needed in section " + l + ": expected 0.." + strengths.length
                        + ", got " + needed[l]);
            }
            double min = Double.POSITIVE_INFINITY;
            for (int m = 0; m < needed[l]; m++) {
                if (strengths[m] > 0) {
                    min = Math.min(min, strengths[m]);
                }
            }
            double top = strengths.length > 0 ? strengths[0] : 0;
            eps[l] = Double.isFinite(min) ? min : Math.nextUp(Math.max(top, Double.MIN_NORMAL));
        }
        return new EdgeNorm("log10 at edges needed " + Arrays.toString(needed), eps);
    }

    /** The edges of section {@code l} transformed ({@code [k_{l+1}][k_l]}, a new array). */
    public double[][] apply(int l, double[][] e) {
        double[][] out = new double[e.length][];
        for (int i = 0; i < e.length; i++) {
            out[i] = new double[e[i].length];
            for (int j = 0; j < e[i].length; j++) {
                out[i][j] = apply(l, e[i][j]);
            }
        }
        return out;
    }

    double apply(int l, double v) {
        if (eps == null) {
            return name.equals("sqrt") ? Math.sqrt(Math.max(v, 0)) : v;
        }
        if (eps.length > 1 && l >= eps.length) {
            throw new IllegalArgumentException("section: expected 0.." + (eps.length - 1) + " for this norm, got " + l);
        }
        double e = eps[eps.length == 1 ? 0 : l];
        return v > e ? Math.log10(v / e) : 0;
    }

    /** The {@code eps} of each section (one value if shared), or an empty array for identity and sqrt. */
    public double[] eps() {
        return eps == null ? new double[0] : eps.clone();
    }

    @Override
    public String toString() {
        if (eps == null) {
            return name;
        }
        StringBuilder s = new StringBuilder(name).append(", eps ");
        for (int l = 0; l < eps.length; l++) {
            s.append(l == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3g", eps[l]));
        }
        return s.toString();
    }
}
