package dev.re3.interaction;

import dev.re3.net.Network;
import dev.re3.region.Intervention;
import dev.re3.region.SiteForward;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The bases of every node layer of a network ({@link InteractionBasis#fit}), from the input to the logits, with
 * what they give: the network run in the bases ({@link #logitsInBasis}: with every direction kept it is the
 * network), the {@link InteractionGraph} of edges ({@link #graph}) and the ablations of the paper's evaluation
 * ({@link #nodeAblation}, {@link #edgesNeeded}). Immutable and safe to share.
 */
public final class LibResult implements dev.re3.plot.Presentable {
    private final Network network;
    private final List<LayerBasis> bases;
    private final String kind;
    private final double threshold;
    private final Sections sections;

    LibResult(Network network, List<LayerBasis> bases, String kind, double threshold) {
        this.network = network;
        this.bases = List.copyOf(bases);
        this.kind = kind;
        this.threshold = threshold;
        this.sections = new Sections(network);
    }

    public List<LayerBasis> bases() {
        return bases;
    }

    /** The basis of node layer {@code name} ({@code "input"}, a site, or {@code "output"}). */
    public LayerBasis basis(String name) {
        return bases.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "node layer: expected one of " + bases.stream().map(LayerBasis::name).toList() + ", got '" + name + "'"));
    }

    /** {@code "jacobian"} or {@code "pca"}. */
    public String kind() {
        return kind;
    }

    /**
     * {@code f_hat_{l+1} = [section_l(f, c), c] C_{l+1}} with {@code [f, c] = f_hat_l C_pinv}: one section in the
     * bases, the biases scaled by the constant slot {@code c} (1 on the data) and the constant carried on.
     */
    public double[] forwardInBasis(int l, double[] fHat) {
        if (l < 0 || l >= bases.size() - 1) {
            throw new IllegalArgumentException("section: expected 0.." + (bases.size() - 2) + ", got " + l);
        }
        double[] aug = bases.get(l).fromBasis(fHat);
        int d = bases.get(l).units();
        double[] y = sections.forward(l, Arrays.copyOf(aug, d), aug[d]);
        return bases.get(l + 1).toBasis(y, aug[d]);
    }

    /** The logits of {@code x} run section by section in the bases; equal to the network when nothing is truncated. */
    public double[] logitsInBasis(double[] x) {
        double[] h = bases.get(0).toBasis(network.checkInput(x));
        for (int l = 0; l + 1 < bases.size(); l++) {
            h = forwardInBasis(l, h);
        }
        return logitsOf(h);
    }

    double[] logitsOf(double[] outputHat) {
        LayerBasis out = bases.get(bases.size() - 1);
        return out.constant() ? Arrays.copyOf(out.fromBasis(outputHat), out.units()) : outputHat;
    }

    /** The edges between adjacent node layers with gradient integration. */
    public InteractionGraph graph(double[][] xs) {
        return graph(xs, Integration.gradient());
    }

    /**
     * The squared edges {@code E_ij = (1/N) sum_x [sum_k w_k (d f_hat_next_i / d f_hat_j)(alpha_k f_hat(x)) f_hat_j(x)]^2}
     * ({@code [k_next][k]} per section; the reference code's {@code calc_edge_squared}).
     */
    public InteractionGraph graph(double[][] xs, Integration integration) {
        network.checkBatch(xs);
        List<double[][]> edges = new ArrayList<>();
        for (int l = 0; l + 1 < bases.size(); l++) {
            edges.add(edges(l, activations(xs, l), integration));
        }
        return new InteractionGraph(bases.stream().map(LayerBasis::name).toList(),
                bases.stream().mapToInt(LayerBasis::size).toArray(), constants(), edges, integration.name());
    }

    private boolean[] constants() {
        boolean[] c = new boolean[bases.size()];
        for (int l = 0; l < c.length; l++) {
            c[l] = bases.get(l).constant();
        }
        return c;
    }

    double[][] activations(double[][] xs, int l) {
        if (l == 0) {
            return xs;
        }
        SiteForward f = SiteForward.of(network);
        return l == bases.size() - 1 ? f.logits(xs) : f.activations(xs, bases.get(l).name());
    }

    private double[][] edges(int l, double[][] f, Integration integration) {
        LayerBasis b = bases.get(l);
        LayerBasis next = bases.get(l + 1);
        int k = b.size();
        int kn = next.size();
        int d = b.units();
        double[][] cn = next.c();
        double[][] g = new double[kn][next.units()];
        double[] gConst = new double[kn];
        for (int i = 0; i < kn; i++) {
            for (int m = 0; m < next.units(); m++) {
                g[i][m] = cn[m][i];
            }
            gConst[i] = next.constant() ? cn[next.units()][i] : 0;
        }
        double[][] cPinvT = Linalg.transpose(b.cPinv());
        double[] alphas = integration.alphas();
        double[] w = integration.weights();
        double[][][] per = new double[f.length][][];
        IntStream.range(0, f.length).parallel().forEach(x -> {
            double[] h = b.toBasis(f[x]);
            double[][] sum = new double[kn][k];
            for (int a = 0; a < alphas.length; a++) {
                double[] scaled = h.clone();
                for (int j = 0; j < k; j++) {
                    scaled[j] *= alphas[a];
                }
                double[] aug = b.fromBasis(scaled);
                double[][] jac = sections.jacobian(l, Arrays.copyOf(aug, d), aug[d], g, gConst);
                double[][] jHat = Linalg.multiply(jac, cPinvT);
                for (int i = 0; i < kn; i++) {
                    for (int j = 0; j < k; j++) {
                        sum[i][j] += w[a] * jHat[i][j] * h[j];
                    }
                }
            }
            per[x] = sum;
        });
        double[][] e = new double[kn][k];
        for (double[][] s : per) {
            for (int i = 0; i < kn; i++) {
                for (int j = 0; j < k; j++) {
                    e[i][j] += s[i][j] * s[i][j] / f.length;
                }
            }
        }
        return e;
    }

    /**
     * Node ablation at one node layer: for each {@code n} the first {@code n} directions are kept and the rest
     * mean-ablated, {@code f -> [f,1] C_keep C_pinv} (the constant direction is first, so dropping a direction
     * puts it at its mean), applied with {@link Intervention#replace}; accuracy and mean cross-entropy against n.
     *
     * @param counts the numbers of directions kept, each in {@code 1..k}
     */
    public AblationCurve nodeAblation(String layer, double[][] xs, int[] labels, int... counts) {
        LayerBasis b = basis(layer);
        if (!b.constant()) {
            throw new IllegalArgumentException("node ablation: expected a rotated node layer, got the raw logits '" + layer + "'");
        }
        checkLabels(xs, labels);
        if (counts == null || counts.length == 0) {
            List<Integer> sched = new ArrayList<>();
            for (int n = 1; n < b.size(); n *= 2) {
                sched.add(n);
            }
            sched.add(b.size());
            counts = sched.stream().mapToInt(Integer::intValue).toArray();
        }
        SiteForward forward = SiteForward.of(network);
        double[] acc = new double[counts.length];
        double[] loss = new double[counts.length];
        for (int c = 0; c < counts.length; c++) {
            int n = counts[c];
            if (n < 1 || n > b.size()) {
                throw new IllegalArgumentException("directions kept: expected 1.." + b.size() + ", got " + n);
            }
            double[][] logits;
            if (layer.equals(dev.re3.region.Pullback.INPUT)) {
                double[][] moved = Arrays.stream(xs).map(x -> b.keepTop(x, n)).toArray(double[][]::new);
                logits = forward.logits(moved);
            } else {
                logits = forward.logits(xs, layer, Intervention.replace(a -> b.keepTop(a, n)));
            }
            acc[c] = accuracy(logits, labels);
            loss[c] = crossEntropy(logits, labels);
        }
        return new AblationCurve(layer, kind, counts, acc, loss);
    }

    /**
     * The edge ablation of section {@code l}: each node {@code i} of layer {@code l+1} computed from its kept inputs
     * only. A section is its dense layer followed by elementwise layers, so with {@code [f, c] = h C_pinv} the
     * pre-activation is linear in the coordinates {@code h}: {@code z = sum_j h_j a_j}, {@code a_j = W C_pinv[j, :d] +
     * C_pinv[j, d] b} (each {@code a_j} from the engine's forward pass of the dense part). Node {@code i} sums
     * {@code h_j a_j} over its kept {@code j}, or subtracts the dropped ones from the full sum when fewer are
     * dropped, then goes through the elementwise layers and the next basis: {@code O(kept x units)} per node instead
     * of a whole section forward pass per node ({@link #logitsWithEdgesPlain}, the same to rounding).
     */
    double[][] logitsWithEdges(int l, double[][] xs, boolean[][] keep) {
        double[][] f = activations(xs, l);
        LayerBasis b = bases.get(l);
        LayerBasis next = bases.get(l + 1);
        int k = b.size();
        int d = b.units();
        double[][] cPinv = b.cPinv();
        Network linear = sections.affinePart(l, 0);
        double[] bias = sections.affinePart(l, 1).forward(new double[d]);
        Network post = sections.elementwisePart(l);
        double[][] a = new double[k][];
        double[] ac = new double[k];
        for (int j = 0; j < k; j++) {
            ac[j] = cPinv[j][d];
            a[j] = linear.forward(Arrays.copyOf(cPinv[j], d));
            for (int m = 0; m < a[j].length; m++) {
                a[j][m] += ac[j] * bias[m];
            }
        }
        int dn = bias.length;
        int kn = next.size();
        int[] kept = new int[kn];
        for (int i = 0; i < kn; i++) {
            for (int j = 0; j < k; j++) {
                kept[i] += keep[i][j] ? 1 : 0;
            }
        }
        double[][] out = new double[xs.length][];
        IntStream.range(0, xs.length).parallel().forEach(x -> {
            double[] h = b.toBasis(f[x]);
            double[] zAll = new double[dn];
            double cAll = 0;
            for (int j = 0; j < k; j++) {
                if (h[j] != 0) {
                    for (int m = 0; m < dn; m++) {
                        zAll[m] += h[j] * a[j][m];
                    }
                    cAll += h[j] * ac[j];
                }
            }
            double[] nodes = new double[kn];
            for (int i = 0; i < kn; i++) {
                boolean subtract = 2 * kept[i] > k;
                double[] z = subtract ? zAll.clone() : new double[dn];
                double c = subtract ? cAll : 0;
                double sign = subtract ? -1 : 1;
                for (int j = 0; j < k; j++) {
                    if (keep[i][j] != subtract && h[j] != 0) {
                        double v = sign * h[j];
                        for (int m = 0; m < dn; m++) {
                            z[m] += v * a[j][m];
                        }
                        c += v * ac[j];
                    }
                }
                double[] y = post == null ? z : post.forward(z);
                nodes[i] = next.toBasis(y, c)[i];
            }
            for (int m = l + 1; m + 1 < bases.size(); m++) {
                nodes = forwardInBasis(m, nodes);
            }
            out[x] = logitsOf(nodes);
        });
        return out;
    }

    /** {@link #logitsWithEdges} the plain way: one forward pass of the section per next-layer node. */
    double[][] logitsWithEdgesPlain(int l, double[][] xs, boolean[][] keep) {
        double[][] f = activations(xs, l);
        LayerBasis b = bases.get(l);
        double[][] out = new double[xs.length][];
        IntStream.range(0, xs.length).parallel().forEach(x -> {
            double[] h = b.toBasis(f[x]);
            double[] next = new double[bases.get(l + 1).size()];
            for (int i = 0; i < next.length; i++) {
                double[] masked = h.clone();
                for (int j = 0; j < masked.length; j++) {
                    if (!keep[i][j]) {
                        masked[j] = 0;
                    }
                }
                next[i] = forwardInBasis(l, masked)[i];
            }
            for (int m = l + 1; m + 1 < bases.size(); m++) {
                next = forwardInBasis(m, next);
            }
            out[x] = logitsOf(next);
        });
        return out;
    }

    /**
     * The interaction sparsity of section {@code l}: the fewest largest edges (the constant node's edges free) that
     * keep the accuracy within {@code tolerance} of the network's, found by bisection (the reference code's
     * {@code n_edges_required}).
     */
    public int edgesNeeded(InteractionGraph graph, int l, double[][] xs, int[] labels, double tolerance) {
        checkLabels(xs, labels);
        double[][] e = graph.edges(l);
        EdgeOrder order = new EdgeOrder(e, bases.get(l).constant());
        double target = accuracy(SiteForward.of(network).logits(xs), labels) - tolerance;
        int lo = 0;
        int hi = order.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (accuracy(logitsWithEdges(l, xs, order.keep(mid)), labels) >= target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Accuracy with the top {@code n} edges of section {@code l} kept. */
    public double accuracyWithEdges(InteractionGraph graph, int l, double[][] xs, int[] labels, int n) {
        checkLabels(xs, labels);
        return accuracy(logitsWithEdges(l, xs, new EdgeOrder(graph.edges(l), bases.get(l).constant()).keep(n)), labels);
    }

    private void checkLabels(double[][] xs, int[] labels) {
        network.checkBatch(xs);
        if (labels == null || labels.length != xs.length) {
            throw new IllegalArgumentException("labels: expected one per row (" + xs.length + "), got "
                    + (labels == null ? "null" : labels.length));
        }
    }

    static double accuracy(double[][] logits, int[] labels) {
        int right = 0;
        for (int n = 0; n < logits.length; n++) {
            int best = 0;
            for (int c = 1; c < logits[n].length; c++) {
                if (logits[n][c] > logits[n][best]) {
                    best = c;
                }
            }
            right += best == labels[n] ? 1 : 0;
        }
        return (double) right / logits.length;
    }

    static double crossEntropy(double[][] logits, int[] labels) {
        double s = 0;
        for (int n = 0; n < logits.length; n++) {
            double max = Arrays.stream(logits[n]).max().orElse(0);
            double z = 0;
            for (double v : logits[n]) {
                z += Math.exp(v - max);
            }
            s += max + Math.log(z) - logits[n][labels[n]];
        }
        return s / logits.length;
    }

    /** Columns layer, units, directions, gramDirections, index, lambda. */
    public Table toTable() {
        StringColumn layer = StringColumn.create("layer");
        IntColumn units = IntColumn.create("units");
        IntColumn index = IntColumn.create("direction");
        DoubleColumn lambda = DoubleColumn.create("lambda");
        for (LayerBasis b : bases) {
            double[] lam = b.lambda();
            for (int j = 0; j < lam.length; j++) {
                layer.append(b.name());
                units.append(b.units());
                index.append(j);
                lambda.append(lam[j]);
            }
        }
        return Table.create("LIB (" + kind + ")", layer, units, index, lambda);
    }

    /** The eigenvalues {@code Lambda} of every layer against their index, log scale. */
    public dev.re3.plot.Figure plot() {
        StringBuilder data = new StringBuilder();
        for (LayerBasis b : bases) {
            double[] lam = b.lambda();
            StringBuilder x = new StringBuilder();
            StringBuilder y = new StringBuilder();
            for (int j = 0; j < lam.length; j++) {
                x.append(j == 0 ? "" : ",").append(j);
                y.append(j == 0 ? "" : ",").append(num(lam[j]));
            }
            data.append(data.length() == 0 ? "" : ",").append("{\"type\":\"scatter\",\"mode\":\"lines+markers\",\"name\":\"")
                    .append(b.name()).append("\",\"x\":[").append(x).append("],\"y\":[").append(y).append("]}");
        }
        return dev.re3.plot.Figure.fromJson("{\"data\":[" + data + "],\"layout\":{\"title\":{\"text\":\"LIB eigenvalues ("
                + kind + ")\"},\"xaxis\":{\"title\":{\"text\":\"direction\"}},\"yaxis\":{\"type\":\"log\",\"title\":{\"text\":\"lambda\"}}}}");
    }

    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("LIB (" + kind + ", threshold " + threshold + "):");
        for (LayerBasis b : bases) {
            s.append("\n  ").append(b.name()).append(": ").append(b.units()).append(" units -> ").append(b.size())
                    .append(" directions");
            if (b.gramKept() < b.units() + (b.constant() ? 1 : 0)) {
                s.append(" (").append(b.gramKept()).append(" left after the Gram truncation)");
            }
        }
        return s.toString();
    }
}
