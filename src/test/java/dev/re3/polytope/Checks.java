package dev.re3.polytope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.net.Network;
import dev.re3.region.AffineTracer;
import java.util.List;

/** Independent checks shared by the polytope tests: the plain forward pass and forward-mode tracing. */
final class Checks {
    private Checks() {}

    /** {@code max_c |a_c - b_c| / max(1, max_c |b_c|)}. */
    static double relativeError(double[] a, double[] b) {
        double scale = 1;
        double err = 0;
        for (int c = 0; c < b.length; c++) {
            scale = Math.max(scale, Math.abs(b[c]));
            err = Math.max(err, Math.abs(a[c] - b[c]));
        }
        return err / scale;
    }

    /**
     * Whether the traced patterns at a point equal the expected ones, up to units whose pre-activation is
     * within {@code 1e-9} (relative) of zero there: such a point lies on a boundary up to rounding.
     */
    static void assertPatterns(List<String> expected, AffineTracer.Trace t, double[] x, String where) {
        List<String> got = t.patterns();
        assertEquals(expected.size(), got.size(), where);
        for (int l = 0; l < got.size(); l++) {
            String e = expected.get(l);
            String g = got.get(l);
            for (int u = 0; u < e.length(); u++) {
                if (e.charAt(u) != g.charAt(u)) {
                    double slack = nearestSlack(t, x, l, u);
                    assertTrue(slack <= 1e-9, where + ": layer " + l + " unit " + u + " expected " + e.charAt(u)
                            + " got " + g.charAt(u) + " with |z| / scale " + slack);
                }
            }
        }
    }

    /** {@code |z| / (sum |a_i x_i| + |c|)} of a ReLU unit at {@code x}, from the trace's half-spaces. */
    private static double nearestSlack(AffineTracer.Trace t, double[] x, int layer, int unit) {
        var h = t.halfSpaces();
        int row = -1;
        int seen = -1;
        String last = null;
        for (int k = 0; k < h.rows(); k++) {
            String label = h.labels().get(k);
            if (label.contains(">")) {
                continue;
            }
            String site = label.substring(0, label.indexOf('/'));
            if (!site.equals(last)) {
                seen++;
                last = site;
            }
            if (seen == layer && label.endsWith("/" + unit)) {
                row = k;
                break;
            }
        }
        double[][] a = h.a();
        double s = Math.abs(h.c()[row]);
        for (int i = 0; i < x.length; i++) {
            s += Math.abs(a[row][i] * x[i]);
        }
        return Math.abs(h.slack(row, x)) / Math.max(s, 1e-300);
    }

    static double[] forward(Network net, double[] x) {
        return net.forward(x);
    }
}
