package dev.re3.djl;

import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.re3.net.AvgPool2d;
import dev.re3.net.Flatten;
import dev.re3.net.Layer;
import dev.re3.net.MaxPool2d;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Recovers the geometry of a 2D pooling lambda (DJL's {@code Pool.maxPool2dBlock}, {@code avgPool2dBlock},
 * {@code globalMaxPool2dBlock}, {@code globalAvgPool2dBlock}), which keeps its kernel, stride and padding
 * inside a closure.
 *
 * <p>How: at the real input shape {@code [C, H, W]}, the block is run on {@code H} inputs, input {@code t}
 * being ones on row {@code t} and zeros elsewhere; output row {@code r} is non-zero exactly for the rows
 * {@code t} inside its window, {@code [r s - p, r s - p + k - 1]} clipped to the input. Columns likewise.
 * Every {@code (k, s, p)} with {@code p <= k / 2} that gives these windows and the observed output size
 * (floor rounding) is a candidate; candidates are tried in the order smallest padding, smallest kernel,
 * stride closest to the kernel, as max and as average pooling, and the first whose
 * {@link dev.re3.net.Layer#forward} equals the block's output on a random input is kept. Candidates that
 * pass are the same function at this input shape. Ceil rounding or {@code count_include_pad = false}
 * leave no candidate and are rejected.
 */
final class PoolProbe {
    /** Lower-case names of DJL's 2D pooling lambdas. */
    static final Set<String> NAMES = Set.of("maxpool2d", "avgpool2d", "globalmaxpool2d", "globalavgpool2d");

    /** One axis of a window geometry: kernel, stride, padding. */
    private record Axis(int k, int s, int p) {}

    private PoolProbe() {}

    /**
     * @param key the block's lower-case name ("maxpool2d", ...) or another name for an unnamed pool
     * @param shape the input shape {@code [C, H, W]}
     * @return the pooling layer, followed by a flatten for a global pool that drops the spatial axes
     */
    static List<Layer> recover(Block block, String key, String path, int[] shape, Probe probe) {
        String type = Params.type(block);
        if (shape.length != 3) {
            throw new UnsupportedLayerException(path, type, "2D pooling needs an input of shape [C, H, W], got "
                    + Arrays.toString(shape));
        }
        int c = shape[0];
        int h = shape[1];
        int w = shape[2];
        boolean max = !key.contains("avg");
        boolean avg = !key.contains("max");
        Probe.Output rows;
        Probe.Output cols;
        try {
            rows = probe.run(block, lines(c, h, w, true), new long[] {h, c, h, w}, DataType.FLOAT64);
            cols = probe.run(block, lines(c, h, w, false), new long[] {w, c, h, w}, DataType.FLOAT64);
        } catch (RuntimeException e) {
            throw new UnsupportedLayerException(path, type, "running it on probe inputs of shape [" + h + ", " + c
                    + ", " + h + ", " + w + "] failed: " + e.getMessage(), e);
        }
        long[] s = rows.shape();
        boolean global = s.length == 2 && s[1] == c;
        List<Axis> rowAxes;
        List<Axis> colAxes;
        if (global) {
            rowAxes = List.of(new Axis(h, h, 0));
            colAxes = List.of(new Axis(w, w, 0));
        } else if (s.length == 4 && s[1] == c) {
            int oh = (int) s[2];
            int ow = (int) s[3];
            rowAxes = candidates(h, oh, windows(rows, h, oh, ow));
            colAxes = candidates(w, ow, windows(cols, w, ow, 1));
        } else {
            throw new UnsupportedLayerException(path, type, "a 2D pool should give [N, C, H', W'] or [N, C], got "
                    + Arrays.toString(s));
        }
        int[] in = {c, h, w};
        double[] x = probe.uniform(2 * c * h * w);
        Probe.Output actual = probe.run(block, x, Probe.batched(2, in), DataType.FLOAT64);
        for (Axis r : rowAxes) {
            for (Axis q : colAxes) {
                int[] k = {r.k(), q.k()};
                int[] st = {r.s(), q.s()};
                int[] p = {r.p(), q.p()};
                if (max && matches(new MaxPool2d(k, st, p), in, x, actual)) {
                    return global ? List.of(new MaxPool2d(k, st, p), new Flatten()) : List.of(new MaxPool2d(k, st, p));
                }
                if (avg && matches(new AvgPool2d(k, st, p), in, x, actual)) {
                    return global ? List.of(new AvgPool2d(k, st, p), new Flatten()) : List.of(new AvgPool2d(k, st, p));
                }
            }
        }
        throw new UnsupportedLayerException(path, type, "no 2D " + (max && avg ? "max or average" : max ? "max" : "average")
                + " pool with floor rounding (and padding counted in averages) gives its output at input shape "
                + Arrays.toString(in) + "; ceil mode and count_include_pad = false are not supported");
    }

    /** {@code n} inputs {@code [c, h, w]}: input {@code t} is ones on row (or column) {@code t}. */
    private static double[] lines(int c, int h, int w, boolean byRow) {
        int n = byRow ? h : w;
        double[] v = new double[n * c * h * w];
        for (int t = 0; t < n; t++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        if ((byRow ? i : j) == t) {
                            v[((t * c + ch) * h + i) * w + j] = 1;
                        }
                    }
                }
            }
        }
        return v;
    }

    /**
     * For each of {@code count} output positions along one axis, the input lines {@code t < n} that reach
     * it, as a matrix {@code [count][n]}; position {@code r} is read at flat index {@code r * step} of
     * sample {@code t}'s output (channel 0, position 0 of the other axis).
     */
    private static boolean[][] windows(Probe.Output out, int n, int count, int step) {
        boolean[][] m = new boolean[count][n];
        int perSample = out.values().length / n;
        for (int t = 0; t < n; t++) {
            for (int r = 0; r < count; r++) {
                m[r][t] = out.values()[t * perSample + r * step] != 0;
            }
        }
        return m;
    }

    /** Every axis geometry with {@code p <= k / 2} that gives {@code out} windows equal to {@code seen}. */
    private static List<Axis> candidates(int n, int out, boolean[][] seen) {
        List<Axis> list = new ArrayList<>();
        for (int k = 1; k <= 2 * n + 2; k++) {
            for (int p = 0; 2 * p <= k; p++) {
                int span = n + 2 * p - k;
                if (span < 0) {
                    continue;
                }
                for (int s = 1; s <= Math.max(k, span); s++) {
                    if (span / s + 1 == out && fits(n, k, s, p, seen)) {
                        list.add(new Axis(k, s, p));
                    }
                }
            }
        }
        list.sort(Comparator.comparingInt(Axis::p).thenComparingInt(Axis::k).thenComparingInt(a -> Math.abs(a.s() - a.k())));
        return list;
    }

    private static boolean fits(int n, int k, int s, int p, boolean[][] seen) {
        for (int r = 0; r < seen.length; r++) {
            for (int t = 0; t < n; t++) {
                int lo = r * s - p;
                if (seen[r][t] != (t >= lo && t <= lo + k - 1)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean matches(Layer layer, int[] in, double[] x, Probe.Output actual) {
        int size = x.length / 2;
        int outSize = actual.values().length / 2;
        if (Arrays.stream(layer.outputShape(in)).reduce(1, Math::multiplyExact) != outSize) {
            return false;
        }
        for (int b = 0; b < 2; b++) {
            double[] y = layer.forward(Arrays.copyOfRange(x, b * size, (b + 1) * size), in);
            for (int i = 0; i < y.length; i++) {
                double a = actual.values()[b * outSize + i];
                if (!(Math.abs(a - y[i]) <= 1e-12 * Math.max(1, Math.abs(a)))) {
                    return false;
                }
            }
        }
        return true;
    }
}
