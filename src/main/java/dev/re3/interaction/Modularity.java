package dev.re3.interaction;

import java.util.Arrays;
import java.util.List;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The Leiden clustering of an interaction graph's nodes and its Newman modularity {@code q}. Immutable. */
public record Modularity(List<String> nodes, int[] clusters, double q) implements dev.re3.plot.Presentable {
    public Modularity {
        nodes = List.copyOf(nodes);
        clusters = clusters.clone();
    }

    @Override
    public int[] clusters() {
        return clusters.clone();
    }

    /** Number of clusters. */
    public int count() {
        return Arrays.stream(clusters).max().orElse(-1) + 1;
    }

    /** Columns node, cluster. */
    public Table toTable() {
        return Table.create("modularity " + LibResult.num(q), StringColumn.create("node", nodes),
                IntColumn.create("cluster", clusters));
    }

    /** Cluster sizes as bars. */
    public dev.re3.plot.Figure plot() {
        int[] sizes = new int[Math.max(count(), 0)];
        for (int c : clusters) {
            sizes[c]++;
        }
        StringBuilder x = new StringBuilder();
        StringBuilder y = new StringBuilder();
        for (int c = 0; c < sizes.length; c++) {
            x.append(c == 0 ? "" : ",").append(c);
            y.append(c == 0 ? "" : ",").append(sizes[c]);
        }
        return dev.re3.plot.Figure.fromJson("{\"data\":[{\"type\":\"bar\",\"x\":[" + x + "],\"y\":[" + y
                + "]}],\"layout\":{\"title\":{\"text\":\"Leiden clusters, modularity " + LibResult.num(q)
                + "\"},\"xaxis\":{\"title\":{\"text\":\"cluster\"}},\"yaxis\":{\"title\":{\"text\":\"nodes\"}}}}");
    }

    @Override
    public String toString() {
        return "Modularity " + LibResult.num(q) + " with " + count() + " clusters of " + nodes.size() + " nodes";
    }
}
