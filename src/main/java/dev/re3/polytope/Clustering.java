package dev.re3.polytope;

import dev.re3.display.HtmlTables;
import dev.re3.display.Displayable;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A clustering of a dataset's inputs and how pure its clusters are with respect to the labels:
 * {@code purity = sum_clusters (count of the cluster's majority label) / n}, 1 when every cluster holds
 * one label only (the polytope lens's monosemanticity, Black, Sharkey et al., 2022).
 *
 * @param method how the clusters were found, e.g. {@code "k-medoids (hamming)"}
 * @param k number of clusters
 * @param seed the seed of the initialisation
 * @param assignment per input, its cluster in {@code [0, k)}
 * @param medoids per cluster, the index of its medoid input, or empty for k-means
 * @param cost the objective reached: sum of distances to the medoid, or of squared distances to the mean
 * @param purity as above
 * @param labels per input, its label
 * @param classes the label names
 */
public record Clustering(String method, int k, long seed, int[] assignment, int[] medoids, double cost, double purity,
                         int[] labels, List<String> classes) implements Displayable {
    public Clustering {
        assignment = assignment.clone();
        medoids = medoids.clone();
        labels = labels.clone();
        classes = List.copyOf(classes);
    }

    @Override
    public int[] assignment() {
        return assignment.clone();
    }

    @Override
    public int[] medoids() {
        return medoids.clone();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** {@code sum_clusters max_label count / n}. */
    static double purity(int[] assignment, int[] labels, int k, int classes) {
        int[][] counts = new int[k][classes];
        for (int i = 0; i < assignment.length; i++) {
            counts[assignment[i]][labels[i]]++;
        }
        int s = 0;
        for (int[] c : counts) {
            int m = 0;
            for (int v : c) {
                m = Math.max(m, v);
            }
            s += m;
        }
        return s / (double) assignment.length;
    }

    /** One row per cluster: size, majority label, its share, and the medoid's index (or -1). */
    public Table toTable() {
        int[][] counts = new int[k][classes.size()];
        for (int i = 0; i < assignment.length; i++) {
            counts[assignment[i]][labels[i]]++;
        }
        IntColumn cluster = IntColumn.create("cluster");
        IntColumn size = IntColumn.create("size");
        StringColumn majority = StringColumn.create("majority");
        DoubleColumn share = DoubleColumn.create("share");
        IntColumn medoid = IntColumn.create("medoid");
        for (int c = 0; c < k; c++) {
            int n = 0;
            int best = 0;
            for (int l = 0; l < counts[c].length; l++) {
                n += counts[c][l];
                if (counts[c][l] > counts[c][best]) {
                    best = l;
                }
            }
            cluster.append(c);
            size.append(n);
            majority.append(n == 0 ? "" : classes.get(best));
            share.append(n == 0 ? 0 : counts[c][best] / (double) n);
            medoid.append(medoids.length > 0 ? medoids[c] : -1);
        }
        return Table.create(method + ", k = " + k).addColumns(cluster, size, majority, share, medoid);
    }

    @Override
    public String toText() {
        return String.format(Locale.ROOT, "%s, k = %d (seed %d): purity %.4f, cost %.6g%n", method, k, seed, purity, cost)
                + toTable().printAll();
    }

    @Override
    public String toHtml() {
        return "<div>" + HtmlTables.paragraph(String.format(Locale.ROOT, "%s, k = %d (seed %d): purity %.4f", method, k, seed,
                purity)) + HtmlTables.of(toTable(), 50) + "</div>";
    }
}
