package dev.re3.interaction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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

    /**
     * Layers as columns, nodes as markers, the 300 strongest edges of each section as lines of width
     * proportional to the strength relative to the section's strongest.
     */
    public dev.re3.plot.Figure plot() {
        StringBuilder data = new StringBuilder();
        for (int l = 0; l < edges.size(); l++) {
            double[][] e = edges.get(l);
            double max = Arrays.stream(e).flatMapToDouble(Arrays::stream).max().orElse(0);
            List<int[]> all = new ArrayList<>();
            for (int i = 0; i < e.length; i++) {
                for (int j = 0; j < e[i].length; j++) {
                    all.add(new int[] {i, j});
                }
            }
            all.sort(Comparator.comparingDouble((int[] p) -> -e[p[0]][p[1]]));
            for (int[] p : all.subList(0, Math.min(300, all.size()))) {
                double w = max > 0 ? e[p[0]][p[1]] / max : 0;
                if (w <= 1e-3) {
                    break;
                }
                data.append("{\"type\":\"scatter\",\"mode\":\"lines\",\"showlegend\":false,\"hoverinfo\":\"text\",\"text\":\"")
                        .append(LibResult.num(e[p[0]][p[1]])).append("\",\"line\":{\"color\":\"rgba(60,60,60,0.6)\",\"width\":")
                        .append(LibResult.num(0.5 + 6 * w)).append("},\"x\":[").append(l).append(',').append(l + 1)
                        .append("],\"y\":[").append(-p[1]).append(',').append(-p[0]).append("]},");
            }
        }
        for (int l = 0; l < layers.size(); l++) {
            StringBuilder x = new StringBuilder();
            StringBuilder y = new StringBuilder();
            for (int j = 0; j < sizes[l]; j++) {
                x.append(j == 0 ? "" : ",").append(l);
                y.append(j == 0 ? "" : ",").append(-j);
            }
            data.append("{\"type\":\"scatter\",\"mode\":\"markers\",\"name\":\"").append(layers.get(l)).append("\",\"x\":[")
                    .append(x).append("],\"y\":[").append(y).append("]}").append(l + 1 < layers.size() ? "," : "");
        }
        return dev.re3.plot.Figure.fromJson("{\"data\":[" + data + "],\"layout\":{\"title\":{\"text\":\"Interaction graph ("
                + integration + ")\"},\"xaxis\":{\"title\":{\"text\":\"node layer\"}},\"yaxis\":{\"title\":{\"text\":\"direction\"}}}}");
    }

    /**
     * Leiden clustering (CWTS {@code networkanalysis}) of the undirected graph with weights {@code sqrt(E)}, constant
     * nodes left out, and its Newman modularity {@code Q = (1/2m) sum_ij [A_ij - k_i k_j / 2m] delta(c_i, c_j)}.
     */
    public Modularity modularity(long seed) {
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
                    double w = Math.sqrt(e[i][j]);
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
            double resolution = 1.0 / (2 * net.getTotalEdgeWeight() + net.getTotalEdgeWeightSelfLinks());
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
