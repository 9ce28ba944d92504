package dev.re3.spark;

import dev.re3.Re3;
import dev.re3.data.Datasets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A runnable example: explains a bundled dataset (or a CSV) with a model file on Spark, prints the first
 * explained rows and the region statistics.
 *
 * <pre>
 * usage: SparkExplainExample MODEL DATASET [MASTER]
 *   MODEL    a re3-model/1 JSON or ONNX file (e.g. one written by re3 train)
 *   DATASET  a bundled dataset name (iris, wine, ...) whose features the model takes
 *   MASTER   the Spark master when not given by spark-submit, local[2] by default
 * </pre>
 */
public final class SparkExplainExample {
    private SparkExplainExample() {}

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: SparkExplainExample MODEL DATASET [MASTER]");
            System.exit(2);
        }
        Re3 re3 = Re3.load(Path.of(args[0]));
        dev.re3.data.Dataset data = Datasets.byName(args[1]);
        SparkSession.Builder b = SparkSession.builder().appName("re3 spark-explain");
        if (args.length > 2 || System.getProperty("spark.master") == null) {
            b = b.master(args.length > 2 ? args[2] : "local[2]");
        }
        SparkSession spark = b.getOrCreate();
        try {
            List<Row> rows = new ArrayList<>();
            for (int n = 0; n < data.size(); n++) {
                double[] x = data.x(n);
                List<Double> boxed = new ArrayList<>(x.length);
                for (double v : x) {
                    boxed.add(v);
                }
                rows.add(RowFactory.create((long) n, boxed, data.label(n)));
            }
            StructType schema = new StructType().add("id", DataTypes.LongType)
                    .add("features", DataTypes.createArrayType(DataTypes.DoubleType))
                    .add("label", DataTypes.IntegerType);
            Dataset<Row> df = spark.createDataFrame(rows, schema);
            SparkRe3 s = SparkRe3.of(re3);
            Dataset<Row> explained = s.explain(df);
            explained.select("id", "label", SparkRe3.PREDICTED, SparkRe3.REGION, SparkRe3.RECONSTRUCTION_ERROR)
                    .show(10, false);
            System.out.println("bad rows: " + SparkRe3.badRows(explained));
            System.out.println(s.statistics(df));
        } finally {
            spark.stop();
        }
    }
}
