package dev.re3.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.Explanation;
import dev.re3.Re3;
import dev.re3.data.Standardizer;
import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import dev.re3.region.HiddenLayer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Per-row results against {@code Re3.explain}, site contributions against the hidden-layer decomposition. */
class SparkRe3Test {
    static final StructType SCHEMA = new StructType().add("id", DataTypes.LongType, false)
            .add("features", DataTypes.createArrayType(DataTypes.DoubleType, true), true)
            .add("label", DataTypes.IntegerType, true);

    static SparkSession spark;
    static final Network NET = RandomNetworks.mlp(11, 0, 4, 8, 6, 3);

    @BeforeAll
    static void start() {
        spark = SparkSessions.start("SparkRe3Test");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static double[][] inputs(long seed, int n) {
        Random r = new Random(seed);
        double[][] xs = new double[n][4];
        for (double[] x : xs) {
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextGaussian() * 2;
            }
        }
        return xs;
    }

    static Dataset<Row> frame(SparkSession spark, double[][] xs, int[] labels, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int n = 0; n < xs.length; n++) {
            Double[] boxed = null;
            if (xs[n] != null) {
                boxed = new Double[xs[n].length];
                for (int i = 0; i < boxed.length; i++) {
                    boxed[i] = xs[n][i];
                }
            }
            rows.add(RowFactory.create((long) n, boxed == null ? null : java.util.Arrays.asList(boxed), labels[n]));
        }
        return spark.createDataFrame(rows, SCHEMA).repartition(partitions);
    }

    static void close(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-9 * Math.max(1, Math.abs(expected[i])), what + " [" + i + "]");
        }
    }

    static double[] doubles(Row r, String column) {
        return r.getList(r.fieldIndex(column)).stream().mapToDouble(v -> (Double) v).toArray();
    }

    @Test
    void everyRowEqualsExplainOnTheSameInput() {
        double[][] xs = inputs(3, 300);
        Re3 re3 = Re3.of(NET);
        List<Row> out = SparkRe3.of(re3).optBatchSize(64).explain(frame(spark, xs, new int[300], 3)).collectAsList();
        assertEquals(300, out.size());
        Set<Long> ids = new HashSet<>();
        for (Row r : out) {
            int n = (int) r.getLong(0);
            ids.add(r.getLong(0));
            Explanation e = re3.explain(xs[n]);
            assertNull(r.getAs(SparkRe3.INPUT_ERROR));
            assertEquals(e.predicted(), (int) r.<Integer>getAs(SparkRe3.PREDICTED));
            assertEquals(e.region().id(), r.getAs(SparkRe3.REGION));
            assertEquals(String.join("|", e.region().patterns()), r.getAs(SparkRe3.PATTERN));
            close(e.logits(), doubles(r, SparkRe3.LOGITS), "logits of row " + n);
            close(e.contributions(e.predicted()), doubles(r, SparkRe3.CONTRIBUTIONS), "contributions of row " + n);
            assertTrue(r.<Double>getAs(SparkRe3.RECONSTRUCTION_ERROR) < 1e-9);
        }
        assertEquals(300, ids.size());
    }

    @Test
    void aSparkMlVectorColumnGivesTheSameRowsAsAnArrayColumn() {
        double[][] xs = inputs(17, 50);
        xs[7] = new double[] {1, 2, 3};
        xs[9][1] = Double.NaN;
        StructType schema = new StructType().add("id", DataTypes.LongType, false)
                .add("features", SQLDataTypes.VectorType(), true);
        List<Row> rows = new ArrayList<>();
        for (int n = 0; n < xs.length; n++) {
            // dense and sparse vectors both occur in Spark ML pipelines
            Vector v = n % 2 == 0 ? Vectors.dense(xs[n]) : Vectors.dense(xs[n]).toSparse();
            rows.add(RowFactory.create((long) n, v));
        }
        Re3 re3 = Re3.of(NET);
        Dataset<Row> out = SparkRe3.of(re3).explain(spark.createDataFrame(rows, schema).repartition(2));
        assertEquals(2, SparkRe3.badRows(out));
        for (Row r : out.collectAsList()) {
            int n = (int) r.getLong(0);
            String error = r.getAs(SparkRe3.INPUT_ERROR);
            if (n == 7) {
                assertEquals("input column 'features': expected 4 numbers, got 3", error);
            } else if (n == 9) {
                assertEquals("input column 'features': expected finite numbers, got NaN at index 1", error);
            } else {
                assertNull(error);
                Explanation e = re3.explain(xs[n]);
                assertEquals(e.region().id(), r.getAs(SparkRe3.REGION));
                close(e.logits(), doubles(r, SparkRe3.LOGITS), "logits of row " + n);
                close(e.contributions(e.predicted()), doubles(r, SparkRe3.CONTRIBUTIONS), "contributions of row " + n);
            }
        }
    }

    @Test
    void aChosenTargetThroughAStandardizerGivesRawUnitContributions() {
        double[][] xs = inputs(5, 80);
        Re3 re3 = Re3.of(NET).withStandardizer(Standardizer.of(new double[] {1, -2, 0.5, 3},
                new double[] {2, 0.5, 1.5, 4}));
        List<Row> out = SparkRe3.of(re3).optTarget(2).explain(frame(spark, xs, new int[80], 2)).collectAsList();
        for (Row r : out) {
            int n = (int) r.getLong(0);
            Explanation e = re3.explain(xs[n]);
            assertEquals(e.region().id(), r.getAs(SparkRe3.REGION));
            close(e.contributions(2), doubles(r, SparkRe3.CONTRIBUTIONS), "contributions to class 2 of row " + n);
            double s = e.bias()[2];
            for (double c : doubles(r, SparkRe3.CONTRIBUTIONS)) {
                s += c;
            }
            assertEquals(e.logits()[2], s, 1e-9 * Math.max(1, Math.abs(s)), "completeness of row " + n);
        }
    }

    @Test
    void badRowsGetTheirReasonAndTheJobGoesOn() {
        double[][] xs = inputs(7, 20);
        xs[3] = null;
        xs[8] = new double[] {1, 2, 3};
        xs[12][2] = Double.NaN;
        Dataset<Row> out = SparkRe3.of(Re3.of(NET)).explain(frame(spark, xs, new int[20], 2));
        assertEquals(3, SparkRe3.badRows(out));
        for (Row r : out.collectAsList()) {
            int n = (int) r.getLong(0);
            String error = r.getAs(SparkRe3.INPUT_ERROR);
            switch (n) {
                case 3 -> assertEquals("input column 'features': expected 4 numbers, got null", error);
                case 8 -> assertEquals("input column 'features': expected 4 numbers, got 3", error);
                case 12 -> assertEquals("input column 'features': expected finite numbers, got NaN at index 2", error);
                default -> {
                    assertNull(error);
                    assertEquals(Re3.of(NET).explain(xs[n]).region().id(), r.getAs(SparkRe3.REGION));
                }
            }
            if (error != null) {
                assertNull(r.getAs(SparkRe3.REGION));
            }
        }
    }

    @Test
    void aMissingColumnOrAModelOfAnotherSizeIsAClearError() {
        Dataset<Row> df = frame(spark, inputs(1, 5), new int[5], 1);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SparkRe3.of(Re3.of(NET)).optInputColumn("pixels").explain(df));
        assertTrue(missing.getMessage().startsWith("input column 'pixels': expected a column of 4 numbers per row"),
                missing.getMessage());
        Network wide = RandomNetworks.mlp(2, 0, 6, 5, 2);
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> SparkRe3.of(Re3.of(wide)).explain(df));
        assertTrue(size.getMessage().startsWith("input column 'features': the model expects 6 numbers per row"),
                size.getMessage());
        assertTrue(size.getMessage().contains("hold [4]"), size.getMessage());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> SparkRe3.of(Re3.of(NET)).optLabelColumn("y").statistics(df));
        assertTrue(label.getMessage().startsWith("label column 'y': expected a column of class indices 0 to 2"),
                label.getMessage());
    }

    /** Fails the first attempt of partition 0 after reading part of it, as a lost executor would. */
    static final class FailOnce implements MapPartitionsFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            TaskContext t = TaskContext.get();
            List<Row> all = new ArrayList<>();
            rows.forEachRemaining(all::add);
            if (t.partitionId() == 0 && t.attemptNumber() == 0) {
                throw new IllegalStateException("first attempt of partition 0 fails on purpose");
            }
            return all.iterator();
        }
    }

    @Test
    void aPartitionThatFailsOnceIsRetriedWithoutDuplicates() {
        double[][] xs = inputs(9, 120);
        Dataset<Row> df = frame(spark, xs, new int[120], 3);
        Dataset<Row> flaky = df.mapPartitions(new FailOnce(), Encoders.row(SCHEMA));
        List<Row> out = SparkRe3.of(Re3.of(NET)).optBatchSize(16).explain(flaky).collectAsList();
        assertEquals(120, out.size());
        Set<Long> ids = new HashSet<>();
        for (Row r : out) {
            ids.add(r.getLong(0));
            assertEquals(Re3.of(NET).explain(xs[(int) r.getLong(0)]).region().id(), r.getAs(SparkRe3.REGION));
        }
        assertEquals(120, ids.size());
    }

    @Test
    void siteContributionsAreTheHiddenLayerDecomposition() {
        double[][] xs = inputs(13, 60);
        Re3 re3 = Re3.of(NET);
        String site = NET.reluSites().get(1).name();
        List<Row> out = SparkRe3.of(re3).contributions(frame(spark, xs, new int[60], 2), site).collectAsList();
        List<Row> acts = SparkRe3.of(re3).activations(frame(spark, xs, new int[60], 2), site).collectAsList();
        assertEquals(60, out.size());
        assertEquals(60, acts.size());
        for (Row r : out) {
            int n = (int) r.getLong(0);
            Explanation e = re3.explain(xs[n]);
            HiddenLayer h = e.hidden().stream().filter(l -> l.site().name().equals(site)).findFirst().orElseThrow();
            assertEquals(e.predicted(), (int) r.<Integer>getAs(SparkRe3.TARGET));
            close(h.activation(), doubles(r, SparkRe3.ACTIVATION), "activation of row " + n);
            close(h.contributions(e.predicted()), doubles(r, SparkRe3.CONTRIBUTIONS), "contributions of row " + n);
            assertEquals(e.logits()[e.predicted()], r.<Double>getAs(SparkRe3.LOGIT), 1e-9);
            assertTrue(r.<Double>getAs(SparkRe3.RECONSTRUCTION_ERROR) < 1e-9);
        }
        for (Row r : acts) {
            int n = (int) r.getLong(0);
            HiddenLayer h = re3.explain(xs[n]).hidden().stream().filter(l -> l.site().name().equals(site))
                    .findFirst().orElseThrow();
            close(h.activation(), doubles(r, SparkRe3.ACTIVATION), "activation of row " + n);
        }
    }
}
