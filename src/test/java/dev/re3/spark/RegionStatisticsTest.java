package dev.re3.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.re3.DatasetExplanation;
import dev.re3.Re3;
import dev.re3.fixtures.RandomNetworks;
import dev.re3.net.Network;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/** Region statistics aggregated by Spark against {@code Re3.explainAll} on the same rows. */
class RegionStatisticsTest {
    static SparkSession spark;
    /** Narrow layers, so that regions hold several inputs and purity and sharing are not trivial. */
    static final Network NET = RandomNetworks.mlp(21, 0, 3, 4, 3, 3);

    @BeforeAll
    static void start() {
        spark = SparkSessions.start("RegionStatisticsTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static int[] labels(long seed, int n) {
        Random r = new Random(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(3);
        }
        return y;
    }

    static double[][] inputs(long seed, int n) {
        Random r = new Random(seed);
        double[][] xs = new double[n][3];
        for (double[] x : xs) {
            for (int i = 0; i < 3; i++) {
                x[i] = r.nextGaussian();
            }
        }
        return xs;
    }

    static void same(DatasetExplanation e, RegionStatistics s) {
        assertEquals(e.size(), s.size());
        assertEquals(e.regionCount(), s.regionCount());
        for (String split : new String[] {DatasetExplanation.TRAIN, DatasetExplanation.TEST, DatasetExplanation.DATA}) {
            assertEquals(e.regionCount(split), s.regionCount(split), split);
        }
        assertEquals(e.sharedRegions(), s.sharedRegions());
        assertEquals(e.sharedTestShare(), s.sharedTestShare(), 1e-12);
        assertEquals(e.accuracy(), s.accuracy(), 1e-12);
        assertEquals(e.meanPurity(), s.meanPurity(), 1e-12);
        assertEquals(e.maxReconstructionError(), s.maxReconstructionError(), 1e-12);
        Map<String, Integer> theirs = new HashMap<>();
        Table er = e.regions();
        for (int k = 0; k < er.rowCount(); k++) {
            theirs.put(er.stringColumn("region").get(k), k);
        }
        Table sr = s.regions();
        assertEquals(er.rowCount(), sr.rowCount());
        for (Row r : sr) {
            Row t = new Row(er);
            t.at(theirs.get(r.getString("region")));
            for (String c : new String[] {"size", "train", "test"}) {
                assertEquals(t.getInt(c), r.getInt(c), c + " of region " + r.getString("region"));
            }
            assertEquals(t.getString("majorityLabel"), r.getString("majorityLabel"));
            assertEquals(t.getString("predicted"), r.getString("predicted"));
            assertEquals(t.getDouble("purity"), r.getDouble("purity"), 1e-3);
        }
        // the tables of DatasetExplanation are rounded for reading: compare the raw means through the feature order
        Table ef = e.featureImportance();
        Table sf = s.featureImportance();
        for (int i = 0; i < ef.rowCount(); i++) {
            String feature = ef.stringColumn("feature").get(i);
            int j = sf.stringColumn("feature").asList().indexOf(feature);
            for (String c : ef.columnNames().subList(1, ef.columnCount())) {
                double v = sf.doubleColumn(c).get(j);
                assertEquals(ef.doubleColumn(c).get(i), v, 5e-4 * Math.max(1e-3, Math.abs(v)), c + " of " + feature);
            }
        }
        Table el = e.layers();
        Table sl = s.layers();
        assertEquals(el.intColumn("deadUnits").asList(), sl.intColumn("deadUnits").asList());
        for (int l = 0; l < el.rowCount(); l++) {
            assertEquals(el.doubleColumn("meanActiveShare").get(l), sl.doubleColumn("meanActiveShare").get(l), 1e-3);
        }
    }

    @Test
    void trainAndTestStatisticsEqualExplainAll() {
        double[][] train = inputs(1, 400);
        double[][] test = inputs(2, 150);
        int[] ytrain = labels(3, 400);
        int[] ytest = labels(4, 150);
        Re3 re3 = Re3.of(NET);
        DatasetExplanation e = re3.explainAll(dev.re3.data.Dataset.of(train, ytrain),
                dev.re3.data.Dataset.of(test, ytest));
        RegionStatistics s = SparkRe3.of(re3).optBatchSize(50).statistics(
                SparkRe3Test.frame(spark, train, ytrain, 3), SparkRe3Test.frame(spark, test, ytest, 2));
        assertTrue(e.sharedRegions() > 0 && e.regionCount() < 400, "a fixture with shared, repeated regions");
        same(e, s);
        assertEquals(0, s.badRows());
        assertTrue(s.toString().contains("regions shared by train and test"));
        String html = s.toHtml();
        assertTrue(html.contains("<table") && html.contains("re3-figure"), "shows its table and figure");
        assertTrue(html.contains("mean region purity"), "and its summary");
    }

    @Test
    void badRowsAreCountedAndLeftOut() {
        double[][] xs = inputs(5, 200);
        int[] y = labels(6, 200);
        double[][] given = xs.clone();
        given[10] = null;
        given[20] = new double[] {1, 2};
        given[30] = new double[] {0, Double.POSITIVE_INFINITY, 0};
        Integer[] labels = new Integer[200];
        for (int n = 0; n < 200; n++) {
            labels[n] = y[n];
        }
        RegionStatistics s = SparkRe3.of(Re3.of(NET)).statistics(SparkRe3Test.frame(spark, given, y, 2));
        int[] keep = java.util.stream.IntStream.range(0, 200).filter(n -> n != 10 && n != 20 && n != 30).toArray();
        double[][] goodX = java.util.Arrays.stream(keep).mapToObj(n -> xs[n]).toArray(double[][]::new);
        int[] goodY = java.util.Arrays.stream(keep).map(n -> y[n]).toArray();
        same(Re3.of(NET).explainAll(dev.re3.data.Dataset.of(goodX, goodY)), s);
        assertEquals(3, s.badRows());
        assertEquals(3, s.badRowExamples().size());
    }
}
