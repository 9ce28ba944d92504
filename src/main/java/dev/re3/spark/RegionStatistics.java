package dev.re3.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.re3.DatasetExplanation;
import dev.re3.display.Numbers;
import dev.re3.net.Network;
import dev.re3.net.Site;
import dev.re3.plot.Figure;
import dev.re3.plot.Figures;
import dev.re3.plot.Presentable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Region statistics of a Spark dataset, aggregated by Spark and equal to {@link DatasetExplanation} from
 * {@code Re3.explainAll} on the same rows: regions with their sizes, train and test counts, majority label,
 * purity (share of a region's inputs carrying its majority label, ties to the smaller class index) and majority
 * prediction; regions shared by train and test; accuracy; global feature importance (the mean over inputs of
 * {@code |W[c][i] x_i|} for the predicted class {@code c}, and per class); per ReLU site the mean share of
 * active units and the dead units; the largest reconstruction error; and the rows left out as bad.
 *
 * <p>Immutable: the aggregates are collected to the driver when the statistics are made. In a notebook the
 * statistics show themselves: the summary, the regions table and the purity figure.
 */
public final class RegionStatistics implements Presentable {
    private final Network network;
    private final List<String> splits;
    private final List<Region> regions;
    private final double[] sums;
    private final long size;
    private final long badRows;
    private final List<String> badExamples;
    private final Map<String, long[]> correct;
    private final double maxError;

    /** One region: id, size, test inputs, majority label and its count, majority prediction. */
    private record Region(String id, long size, long test, int majority, long majorityCount, int predicted) {}

    private RegionStatistics(Network network, List<String> splits, List<Region> regions, double[] sums, long size,
                             long badRows, List<String> badExamples, Map<String, long[]> correct, double maxError) {
        this.network = network;
        this.splits = List.copyOf(splits);
        this.regions = List.copyOf(regions);
        this.sums = sums;
        this.size = size;
        this.badRows = badRows;
        this.badExamples = List.copyOf(badExamples);
        this.correct = Map.copyOf(correct);
        this.maxError = maxError;
    }

    /** Aggregates the rows of the statistics pass ({@link StatsPartition}). */
    static RegionStatistics of(Network network, List<String> splits, Dataset<Row> parts) {
        Dataset<Row> p = parts.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> rows = p.filter(col(StatsPartition.SUMS).isNull());
            Dataset<Row> bad = rows.filter(col(StatsPartition.BAD).isNotNull());
            Dataset<Row> good = rows.filter(col(StatsPartition.BAD).isNull());
            long badRows = bad.count();
            List<String> examples = bad.select(StatsPartition.BAD).limit(5).collectAsList().stream()
                    .map(r -> r.getString(0)).toList();
            Dataset<Row> sizes = good.groupBy(StatsPartition.REGION).agg(count(lit(1)).as("size"),
                    sum(when(col(StatsPartition.SPLIT).equalTo(DatasetExplanation.TEST), 1).otherwise(0)).as("test"));
            Dataset<Row> labels = majority(good, StatsPartition.LABEL, "majority");
            Dataset<Row> preds = majority(good, StatsPartition.PREDICTED, "predicted");
            List<Region> regions = new ArrayList<>();
            for (Row r : sizes.join(labels, StatsPartition.REGION).join(preds, StatsPartition.REGION)
                    .orderBy(col("size").desc(), col(StatsPartition.REGION)).collectAsList()) {
                regions.add(new Region(r.getString(0), r.getLong(1), r.getLong(2), (int) -r.getInt(3), r.getLong(4),
                        (int) -r.getInt(5)));
            }
            Map<String, long[]> correct = new HashMap<>();
            double maxError = 0;
            long size = 0;
            for (Row r : good.groupBy(StatsPartition.SPLIT).agg(count(lit(1)),
                    sum(when(col(StatsPartition.LABEL).equalTo(col(StatsPartition.PREDICTED)), 1).otherwise(0)),
                    max(StatsPartition.ERROR)).collectAsList()) {
                correct.put(r.getString(0), new long[] {r.getLong(2), r.getLong(1)});
                size += r.getLong(1);
                maxError = Math.max(maxError, r.getDouble(3));
            }
            double[] sums = new double[StatsPartition.sumsLength(network)];
            for (Row r : p.filter(col(StatsPartition.SUMS).isNotNull()).select(posexplode(col(StatsPartition.SUMS)))
                    .groupBy("pos").agg(sum("col")).collectAsList()) {
                sums[r.getInt(0)] = r.getDouble(1);
            }
            return new RegionStatistics(network, splits, regions, sums, size, badRows, examples, correct, maxError);
        } finally {
            p.unpersist();
        }
    }

    /** Per region, the most frequent value of {@code column} (the smallest on ties, as negated max) and its count. */
    private static Dataset<Row> majority(Dataset<Row> good, String column, String name) {
        return good.groupBy(StatsPartition.REGION, column).count()
                .groupBy(StatsPartition.REGION)
                .agg(max(struct(col("count").as("n"), negate(col(column)).as("v"))).as("m"))
                .select(col(StatsPartition.REGION), col("m.v").as(name), col("m.n").as(name + "Count"))
                .select(col(StatsPartition.REGION), col(name), col(name + "Count"));
    }

    /** Number of inputs explained (bad rows left out). */
    public long size() {
        return size;
    }

    /** Rows whose input or label could not be used. */
    public long badRows() {
        return badRows;
    }

    /** Up to five reasons rows were bad, as {@code SparkRe3.INPUT_ERROR} gives them. */
    public List<String> badRowExamples() {
        return badExamples;
    }

    /** Number of distinct regions. */
    public int regionCount() {
        return regions.size();
    }

    /** Number of distinct regions holding inputs of one split ({@code "train"}, {@code "test"} or {@code "data"}). */
    public int regionCount(String split) {
        if (split == null) {
            return regionCount();
        }
        if (!splits.contains(split)) {
            return 0;
        }
        boolean test = split.equals(DatasetExplanation.TEST);
        return (int) regions.stream().filter(r -> test ? r.test > 0 : r.size - r.test > 0).count();
    }

    /** Number of regions holding both a training and a test input (0 without a train/test pair). */
    public int sharedRegions() {
        return (int) regions.stream().filter(r -> r.test > 0 && r.size - r.test > 0).count();
    }

    /** Share of test inputs whose region also holds a training input; NaN without a train/test pair. */
    public double sharedTestShare() {
        long test = regions.stream().mapToLong(r -> r.test).sum();
        boolean train = regions.stream().anyMatch(r -> r.size - r.test > 0);
        if (!splits.contains(DatasetExplanation.TEST) || test == 0 || !train) {
            return Double.NaN;
        }
        return regions.stream().filter(r -> r.size - r.test > 0).mapToLong(r -> r.test).sum() / (double) test;
    }

    /** Share of inputs predicted right. */
    public double accuracy() {
        long ok = correct.values().stream().mapToLong(v -> v[0]).sum();
        return ok / (double) size;
    }

    /** Share of inputs of one split predicted right. */
    public double accuracy(String split) {
        long[] v = correct.get(split);
        if (v == null) {
            throw new IllegalArgumentException("split: expected one of " + correct.keySet() + ", got " + split);
        }
        return v[0] / (double) v[1];
    }

    /** The largest reconstruction error {@code max_c |W x + b - f(x)|} over all inputs. */
    public double maxReconstructionError() {
        return maxError;
    }

    /** Input-weighted mean purity: the share of inputs carrying their region's majority label. */
    public double meanPurity() {
        return regions.stream().mapToLong(r -> r.majorityCount).sum() / (double) size;
    }

    /** One row per region, largest first: region, size, train, test, majorityLabel, purity, predicted. */
    public Table regions() {
        StringColumn id = StringColumn.create("region");
        IntColumn sizes = IntColumn.create("size");
        IntColumn train = IntColumn.create("train");
        IntColumn test = IntColumn.create("test");
        StringColumn majority = StringColumn.create("majorityLabel");
        DoubleColumn purity = DoubleColumn.create("purity");
        StringColumn predicted = StringColumn.create("predicted");
        for (Region r : regions) {
            id.append(r.id);
            sizes.append((int) r.size);
            train.append((int) (r.size - r.test));
            test.append((int) r.test);
            majority.append(network.classes().get(r.majority));
            purity.append(r.majorityCount / (double) r.size);
            predicted.append(network.classes().get(r.predicted));
        }
        return Numbers.readable(Table.create("regions", id, sizes, train, test, majority, purity, predicted));
    }

    /** {@link #regions()}. */
    @Override
    public Table toTable() {
        return regions();
    }

    /** One row per feature: mean {@code |contribution|} to the predicted class, then to each class. */
    public Table featureImportance() {
        int d = network.inputSize();
        int k = network.outputSize();
        Table t = Table.create("global feature importance", StringColumn.create("feature", network.features()));
        t.addColumns(DoubleColumn.create("meanAbsContribution", mean(k * d, d)));
        for (int c = 0; c < k; c++) {
            t.addColumns(DoubleColumn.create("class " + network.classes().get(c), mean(c * d, d)));
        }
        return Numbers.readable(t.sortDescendingOn("meanAbsContribution"));
    }

    private double[] mean(int from, int length) {
        double[] m = new double[length];
        for (int i = 0; i < length; i++) {
            m[i] = sums[from + i] / size;
        }
        return m;
    }

    /** One row per ReLU site: units, mean share of active units, dead units (never active on these inputs). */
    public Table layers() {
        StringColumn site = StringColumn.create("layer");
        IntColumn units = IntColumn.create("units");
        DoubleColumn active = DoubleColumn.create("meanActiveShare");
        IntColumn dead = IntColumn.create("deadUnits");
        int at = (network.outputSize() + 1) * network.inputSize();
        for (Site s : network.reluSites()) {
            double total = 0;
            int deadCount = 0;
            for (int u = 0; u < s.units(); u++) {
                total += sums[at + u];
                deadCount += sums[at + u] == 0 ? 1 : 0;
            }
            at += s.units();
            site.append(s.name());
            units.append(s.units());
            active.append(total / (s.units() * (double) size));
            dead.append(deadCount);
        }
        return Numbers.readable(Table.create("hidden layers", site, units, active, dead));
    }

    /** Headline figures as a two-column table, with the bad rows. */
    public Table summary() {
        StringColumn metric = StringColumn.create("metric");
        StringColumn value = StringColumn.create("value");
        metric.append("inputs").append("bad rows").append("regions").append("accuracy").append("mean region purity")
                .append("max reconstruction error");
        value.append(String.valueOf(size)).append(String.valueOf(badRows)).append(String.valueOf(regionCount()))
                .append(String.format(Locale.ROOT, "%.4f", accuracy()))
                .append(String.format(Locale.ROOT, "%.4f", meanPurity()))
                .append(String.format(Locale.ROOT, "%.2e", maxError));
        if (!Double.isNaN(sharedTestShare())) {
            metric.append("train regions").append("test regions").append("regions shared by train and test")
                    .append("test inputs in a train region");
            value.append(String.valueOf(regionCount(DatasetExplanation.TRAIN)))
                    .append(String.valueOf(regionCount(DatasetExplanation.TEST))).append(String.valueOf(sharedRegions()))
                    .append(String.format(Locale.ROOT, "%.4f", sharedTestShare()));
        }
        return Table.create("Re3 region statistics on Spark", metric, value);
    }

    /** The regions by size, coloured by majority label and purity, as {@link DatasetExplanation#plot()}. */
    @Override
    public Figure plot() {
        Table r = regions();
        return Figures.purity(String.format(Locale.ROOT, "Regions and their purity: %d inputs in %d regions", size,
                        r.rowCount()), r.stringColumn("region").asList(), r.intColumn("size").asIntArray(),
                r.doubleColumn("purity").asDoubleArray(), r.stringColumn("majorityLabel").asList());
    }

    @Override
    public String toString() {
        return summary().printAll() + "\n" + layers().printAll();
    }
}
