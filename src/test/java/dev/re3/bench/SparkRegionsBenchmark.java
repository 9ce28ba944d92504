package dev.re3.bench;

import dev.re3.DatasetExplanation;
import dev.re3.Re3;
import dev.re3.data.Dataset;
import dev.re3.net.Network;
import dev.re3.spark.RegionStatistics;
import dev.re3.spark.SparkRe3;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Region statistics of the MNIST training images through the 784-256-256-10 MLP of {@link ExplainMnistBenchmark}:
 * {@code Re3.explainAll} in one JVM against {@link SparkRe3#statistics} on a Spark master (local[2] by default),
 * rows per second side by side, with a check that both give the same regions.
 *
 * <pre>
 * SparkRegionsBenchmark --model target/bench/mnist-784-256-256-10.json --images .../train-images-idx3-ubyte.gz
 *     --labels .../train-labels-idx1-ubyte.gz [--n 60000] [--master local[2]] [--partitions 4]
 * </pre>
 */
public final class SparkRegionsBenchmark {
    private SparkRegionsBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int n = Integer.parseInt(opt.getOrDefault("n", "60000"));
        String master = opt.getOrDefault("master", "local[2]");
        int partitions = Integer.parseInt(opt.getOrDefault("partitions", "4"));
        Path images = Path.of(opt.get("images"));
        Network net = ExplainMnistBenchmark.loadOrCreate(Path.of(opt.get("model")), images, opt);
        double[][] xs = ExplainMnistBenchmark.readImages(images, n);
        int[] labels = ExplainMnistBenchmark.readLabels(Path.of(opt.get("labels")), xs.length);
        Re3 re3 = Re3.of(net);

        long t0 = System.nanoTime();
        DatasetExplanation one = re3.explainAll(Dataset.of(xs, labels));
        double jvm = (System.nanoTime() - t0) / 1e9;

        SparkSession spark = SparkSession.builder().appName("spark-regions").master(master)
                .config("spark.ui.enabled", "false").config("spark.driver.memory", "6g")
                .config("spark.sql.shuffle.partitions", String.valueOf(partitions)).getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        try {
            List<Row> rows = new ArrayList<>(xs.length);
            for (int k = 0; k < xs.length; k++) {
                rows.add(RowFactory.create(xs[k], labels[k]));
            }
            StructType schema = new StructType().add("features", DataTypes.createArrayType(DataTypes.DoubleType, false))
                    .add("label", DataTypes.IntegerType);
            org.apache.spark.sql.Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(partitions).cache();
            df.count();
            long t1 = System.nanoTime();
            RegionStatistics s = SparkRe3.of(re3).statistics(df);
            double onSpark = (System.nanoTime() - t1) / 1e9;
            if (s.regionCount() != one.regionCount() || s.size() != one.size()) {
                throw new IllegalStateException("Spark and one JVM disagree: " + s.regionCount() + " vs "
                        + one.regionCount() + " regions");
            }
            System.out.printf(Locale.ROOT, "region statistics of %d MNIST training images, %s (%d regions)%n",
                    xs.length, describe(net), one.regionCount());
            System.out.printf(Locale.ROOT, "%-28s %10s %12s%n", "", "seconds", "rows/s");
            System.out.printf(Locale.ROOT, "%-28s %10.2f %12.0f%n", "one JVM (explainAll)", jvm, xs.length / jvm);
            System.out.printf(Locale.ROOT, "%-28s %10.2f %12.0f%n", "Spark " + master + " (statistics)", onSpark,
                    xs.length / onSpark);
        } finally {
            spark.stop();
        }
    }

    private static String describe(Network net) {
        return net.inputSize() + " inputs, " + net.outputSize() + " classes, " + net.layers().size() + " layers";
    }
}
