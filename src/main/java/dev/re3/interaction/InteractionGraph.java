package dev.re3.interaction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import nl.cwts.networkanalysis.Clustering;
import nl.cwts.networkanalysis.LeidenAlgorithm;
import nl.cwts.util.LargeDoubleArray;
import nl.cwts.util.LargeIntArray;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The interaction graph: node {@code j} of layer {@code l} (a LIB direction) to node {@code i} of layer
 * {@code l + 1} with strength {@code E_l[i][j]} ({@link LibResult#graph}). Node 0 of a layer with the constant is
 * the constant direction. Immutable.
 */
public final class InteractionGraph implements dev.re3.plot.Presentable {
    private final List<String> layers;
    private final int[] sizes;
    private final List<double[][]> edges;
    private final String integration;
    private final boolean[] constant;

    InteractionGraph(List<String> layers, int[] sizes, boolean[] constant, List<double[][]> edges, String integration) {
        this.constant = constant.clone();
        this.layers = List.copyOf(layers);
        this.sizes = sizes.clone();
        this.edges = edges.stream().map(Linalg::copy).toList();
        this.integration = integration;
    }

    public List<String> layers() {
        return layers;
    }

    /** The edges of section {@code l}, {@code [k_{l+1}][k_l]}. */
    public double[][] edges(int l) {
        if (l < 0 || l >= edges.size()) {
            throw new IllegalArgumentException("section: expected 0.." + (edges.size() - 1) + ", got " + l);
        }
        return Linalg.copy(edges.get(l));
    }

    /** Section {@code l} alone: the two-layer graph of its edges (for its own modularity). */
    public InteractionGraph section(int l) {
        double[][] e = edges(l);
        return new InteractionGraph(layers.subList(l, l + 2), new int[] {sizes[l], sizes[l + 1]},
                new boolean[] {constant[l], constant[l + 1]}, List.<double[][]>of(e), integration);
    }

    /** Number of edges of section {@code l} stronger than {@code threshold}. */
    public int count(int l, double threshold) {
        int n = 0;
        for (double[] row : edges.get(l)) {
            for (double v : row) {
                n += v > threshold ? 1 : 0;
            }
        }
        return n;
    }

    /** Columns section, from, to, strength. */
    public Table toTable() {
        IntColumn section = IntColumn.create("section");
        StringColumn from = StringColumn.create("from");
        StringColumn to = StringColumn.create("to");
        DoubleColumn strength = DoubleColumn.create("strength");
        for (int l = 0; l < edges.size(); l++) {
            double[][] e = edges.get(l);
            for (int i = 0; i < e.length; i++) {
                for (int j = 0; j < e[i].length; j++) {
                    section.append(l);
                    from.append(layers.get(l) + "/" + j);
                    to.append(layers.get(l + 1) + "/" + i);
                    strength.append(e[i][j]);
                }
            }
        }
        return Table.create("interaction graph (" + integration + ")", section, from, to, strength);
    }

    /** The strengths of section {@code l} without the constant input node's edges, strongest first. */
    double[] freeStrengths(int l) {
        double[][] e = edges.get(l);
        int first = constant[l] ? 1 : 0;
        return Arrays.stream(e).flatMapToDouble(row -> Arrays.stream(row, first, row.length)).map(v -> -v).sorted()
                .map(v -> -v).toArray();
    }

    /** The figure of {@link #plot(EdgeNorm, Modularity)} with the edges as they are and no clusters. */
    public dev.re3.plot.Figure plot() {
        return plot(EdgeNorm.identity(), null);
    }

    /**
     * The graph as the reference code draws it ({@code rib/plotting.py: plot_rib_graph}): node layers as columns,
     * directions top down in basis order, each layer's nodes spread over the height of the largest (at most 130
     * drawn per layer); the constant node hidden except in the last layer; every edge after {@code norm}, as a line
     * of width proportional to its normalised strength over the strongest of all sections (lines under 1/500 of it
     * left out); nodes coloured by their Leiden cluster when {@code clusters} is given (its nodes as
     * {@link #modularity} names them), grey for a cluster of one.
     */
    public dev.re3.plot.Figure plot(EdgeNorm norm, Modularity clusters) {
        if (norm == null) {
            throw new IllegalArgumentException("edge norm: expected an EdgeNorm, got null");
        }
        int maxNodes = 130;
        int[] shown = Arrays.stream(sizes).map(s -> Math.min(s, maxNodes)).toArray();
        int height = Arrays.stream(shown).max().orElse(1);
        List<double[][]> normed = new ArrayList<>();
        double max = 0;
        for (int l = 0; l < edges.size(); l++) {
            double[][] e = norm.apply(l, edges.get(l));
            normed.add(e);
            for (int i = 0; i < shown[l + 1]; i++) {
                for (int j = visibleFrom(l); j < shown[l]; j++) {
                    max = Math.max(max, e[i][j]);
                }
            }
        }
        int buckets = 8;
        StringBuilder[] xs = new StringBuilder[buckets];
        StringBuilder[] ys = new StringBuilder[buckets];
        for (int b = 0; b < buckets; b++) {
            xs[b] = new StringBuilder();
            ys[b] = new StringBuilder();
        }
        for (int l = 0; l < edges.size(); l++) {
            double[][] e = normed.get(l);
            for (int i = 0; i < shown[l + 1]; i++) {
                if (i < visibleFrom(l + 1)) {
                    continue;
                }
                for (int j = visibleFrom(l); j < shown[l]; j++) {
                    double w = max > 0 ? e[i][j] / max : 0;
                    if (w < 2e-3) {
                        continue;
                    }
                    int b = Math.min(buckets - 1, (int) (w * buckets));
                    xs[b].append(xs[b].length() == 0 ? "" : ",").append(l).append(',').append(l + 1).append(",null");
                    ys[b].append(ys[b].length() == 0 ? "" : ",").append(LibResult.num(y(l, j, shown, height))).append(',')
                            .append(LibResult.num(y(l + 1, i, shown, height))).append(",null");
                }
            }
        }
        StringBuilder data = new StringBuilder();
        for (int b = 0; b < buckets; b++) {
            if (xs[b].length() > 0) {
                data.append("{\"type\":\"scatter\",\"mode\":\"lines\",\"showlegend\":false,\"hoverinfo\":\"skip\","
                        + "\"line\":{\"color\":\"rgba(60,60,60,").append(LibResult.num(0.25 + 0.5 * (b + 1) / buckets))
                        .append(")\",\"width\":").append(LibResult.num(0.4 + 8.0 * (b + 0.5) / buckets)).append("},\"x\":[")
                        .append(xs[b]).append("],\"y\":[").append(ys[b]).append("]},");
            }
        }
        java.util.Map<String, Integer> cluster = new java.util.HashMap<>();
        int[] clusterSize = new int[0];
        if (clusters != null) {
            int[] c = clusters.clusters();
            clusterSize = new int[clusters.count()];
            for (int u = 0; u < c.length; u++) {
                cluster.put(clusters.nodes().get(u), c[u]);
                clusterSize[c[u]]++;
            }
        }
        String[] palette = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
            "#bcbd22", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173"};
        for (int l = 0; l < layers.size(); l++) {
            StringBuilder x = new StringBuilder();
            StringBuilder y = new StringBuilder();
            StringBuilder colour = new StringBuilder();
            StringBuilder text = new StringBuilder();
            for (int j = visibleFrom(l); j < shown[l]; j++) {
                String node = layers.get(l) + "/" + j;
                Integer c = cluster.get(node);
                x.append(x.length() == 0 ? "" : ",").append(l);
                y.append(y.length() == 0 ? "" : ",").append(LibResult.num(y(l, j, shown, height)));
                colour.append(colour.length() == 0 ? "" : ",").append('"').append(c == null ? (clusters == null
                        ? palette[l % palette.length] : "#bbbbbb") : clusterSize[c] < 2 ? "#bbbbbb" : palette[c % palette.length])
                        .append('"');
                text.append(text.length() == 0 ? "" : ",").append('"').append(node).append(c == null ? "" : " cluster " + c)
                        .append('"');
            }
            data.append("{\"type\":\"scatter\",\"mode\":\"markers\",\"name\":\"").append(layers.get(l)).append("\",\"x\":[")
                    .append(x).append("],\"y\":[").append(y).append("],\"text\":[").append(text).append("],\"hoverinfo\":\"text\","
                    + "\"marker\":{\"size\":7,\"color\":[").append(colour).append("],\"line\":{\"color\":\"#777\",\"width\":1}}}")
                    .append(l + 1 < layers.size() ? "," : "");
        }
        StringBuilder ticks = new StringBuilder();
        StringBuilder names = new StringBuilder();
        for (int l = 0; l < layers.size(); l++) {
            ticks.append(l == 0 ? "" : ",").append(l);
            names.append(l == 0 ? "" : ",").append('"').append(layers.get(l)).append('"');
        }
        return dev.re3.plot.Figure.fromJson("{\"data\":[" + data + "],\"layout\":{\"title\":{\"text\":\"Interaction graph ("
                + integration + ", edges " + norm + (clusters == null ? "" : ", " + clusters.count() + " clusters")
                + ")\"},\"showlegend\":false,\"height\":" + Math.max(350, Math.min(900, 120 + 6 * height))
                + ",\"xaxis\":{\"tickvals\":[" + ticks + "],\"ticktext\":[" + names + "],\"zeroline\":false},"
                + "\"yaxis\":{\"visible\":false}}}");
    }

    /** The first node drawn in layer {@code l}: the constant node is hidden except in the last layer. */
    private int visibleFrom(int l) {
        return constant[l] && l + 1 < layers.size() ? 1 : 0;
    }

    private static double y(int l, int j, int[] shown, int height) {
        return -(j + 0.5) * height / (double) shown[l];
    }

    /** {@link #modularity(long, EdgeNorm, double)} with weights {@code sqrt(E)} and resolution 1. */
    public Modularity modularity(long seed) {
        return modularity(seed, EdgeNorm.sqrt(), 1);
    }

    /**
     * Leiden clustering (CWTS {@code networkanalysis}, 50 iterations) of the undirected graph with weights
     * {@code A = norm(E)}, constant nodes left out (the reference {@code rib/modularity.py: GraphClustering}), at
     * resolution {@code gamma} (the reference default 1; higher gives more, smaller clusters), and its Newman
     * modularity {@code Q = (1/2m) sum_ij [A_ij - k_i k_j / 2m] delta(c_i, c_j)} (at {@code gamma = 1}).
     */
    public Modularity modularity(long seed, EdgeNorm norm, double gamma) {
        if (norm == null) {
            throw new IllegalArgumentException("edge norm: expected an EdgeNorm, got null");
        }
        if (!(gamma > 0) || !Double.isFinite(gamma)) {
            throw new IllegalArgumentException("resolution: expected a positive finite number, got " + gamma);
        }
        List<String> names = new ArrayList<>();
        int[] offset = new int[layers.size()];
        int[] first = new int[layers.size()];
        for (int l = 0; l < layers.size(); l++) {
            first[l] = constant[l] ? 1 : 0;
            offset[l] = names.size() - first[l];
            for (int j = first[l]; j < sizes[l]; j++) {
                names.add(layers.get(l) + "/" + j);
            }
        }
        int n = names.size();
        List<int[]> pairs = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        double[][] a = new double[n][n];
        for (int l = 0; l < edges.size(); l++) {
            double[][] e = edges.get(l);
            for (int i = first[l + 1]; i < e.length; i++) {
                for (int j = first[l]; j < e[i].length; j++) {
                    double w = norm.apply(l, e[i][j]);
                    if (w > 0) {
                        int u = offset[l] + j;
                        int v = offset[l + 1] + i;
                        pairs.add(new int[] {u, v});
                        weights.add(w);
                        a[u][v] += w;
                        a[v][u] += w;
                    }
                }
            }
        }
        int[] clusters = new int[n];
        if (!pairs.isEmpty()) {
            int[] from = pairs.stream().mapToInt(p -> p[0]).toArray();
            int[] to = pairs.stream().mapToInt(p -> p[1]).toArray();
            nl.cwts.networkanalysis.Network net = new nl.cwts.networkanalysis.Network(n, true,
                    new LargeIntArray[] {new LargeIntArray(from), new LargeIntArray(to)},
                    new LargeDoubleArray(weights.stream().mapToDouble(Double::doubleValue).toArray()), false, true);
            double resolution = gamma / (2 * net.getTotalEdgeWeight() + net.getTotalEdgeWeightSelfLinks());
            LeidenAlgorithm leiden = new LeidenAlgorithm(resolution, 50, LeidenAlgorithm.DEFAULT_RANDOMNESS, new Random(seed));
            Clustering c = leiden.findClustering(net);
            c.orderClustersByNNodes();
            clusters = c.getClusters();
        }
        double twoM = 0;
        double[] k = new double[n];
        for (int u = 0; u < n; u++) {
            for (int v = 0; v < n; v++) {
                k[u] += a[u][v];
            }
            twoM += k[u];
        }
        double q = 0;
        if (twoM > 0) {
            for (int u = 0; u < n; u++) {
                for (int v = 0; v < n; v++) {
                    if (clusters[u] == clusters[v]) {
                        q += a[u][v] - k[u] * k[v] / twoM;
                    }
                }
            }
            q /= twoM;
        }
        return new Modularity(names, clusters, q);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Interaction graph (" + integration + "):");
        for (int l = 0; l < edges.size(); l++) {
            s.append("\n  ").append(layers.get(l)).append(" -> ").append(layers.get(l + 1)).append(": ")
                    .append(sizes[l] * sizes[l + 1]).append(" edges, ").append(count(l, 1e-12)).append(" above 1e-12");
        }
        return s.toString();
    }
}
