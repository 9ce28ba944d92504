package dev.re3.spark;

import dev.re3.DatasetExplanation;
import dev.re3.Re3;
import dev.re3.net.Network;
import dev.re3.region.Pullback;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * Re3 on a Spark {@code Dataset<Row>}: the per-row explanation, the dataset's region statistics and the
 * activations at a site, computed on the executors.
 *
 * <p>The network is broadcast once per Spark context; every partition reads its rows in batches of
 * {@link #optBatchSize(int)} and sends each batch through the engine in one call ({@code Re3.regions}, the
 * batched local maps; {@link dev.re3.region.SiteForward}; {@link Pullback}). These run in plain Java (the dense
 * fast path) or, for layers it does not cover, through DJL with every native array inside a scoped
 * {@code NDManager} that the engine closes per chunk, so nothing native outlives a batch.
 *
 * <pre>{@code
 * SparkRe3 spark = SparkRe3.of(Re3.load(model)).optInputColumn("features");
 * Dataset<Row> rows = spark.explain(df);              // + re3_predicted, re3_logits, re3_region, ...
 * long bad = SparkRe3.badRows(rows);                   // rows whose input could not be used
 * RegionStatistics s = spark.statistics(train, test);  // = Re3.explainAll(train, test), as Spark aggregations
 * Dataset<Row> acts = spark.activations(df, "1.relu"); // + re3_activation, for SAE training
 * }</pre>
 *
 * <p><b>Bad input.</b> A row whose input is null, has the wrong length or holds a NaN or infinite value keeps
 * its place: its new columns are null, {@link #INPUT_ERROR} says what was expected and what was given, and the
 * job goes on ({@link #badRows(Dataset)}, {@link RegionStatistics#badRows()}). A missing column, a column of
 * another type, or a model whose input size fits none of the first rows is an error on the driver, naming the
 * column and the expected size.
 *
 * <p>Immutable: every {@code optX} returns a new object. Retried tasks recompute their partition from its rows,
 * so a retry neither loses nor duplicates results.
 */
public final class SparkRe3 {
    /** The predicted class index, {@code argmax_c z_c}. */
    public static final String PREDICTED = "re3_predicted";
    /** The logits {@code z = f(x)}, {@code [classes]}. */
    public static final String LOGITS = "re3_logits";
    /** The pattern: one {@code '0'/'1'} string per ReLU site, joined by {@code '|'}. */
    public static final String PATTERN = "re3_pattern";
    /** The region id, the same as {@code Re3.explain(x).region().id()}. */
    public static final String REGION = "re3_region";
    /** The self-check {@code max_c |W x + b - f(x)|} (at a site: {@code |G . a + beta - z_t|}). */
    public static final String RECONSTRUCTION_ERROR = "re3_reconstruction_error";
    /** Contributions to the target class: {@code W[t][i] x_i} per input, or {@code G[u] a[u]} per unit of a site. */
    public static final String CONTRIBUTIONS = "re3_contributions";
    /** Why a row's input could not be used; null on good rows. */
    public static final String INPUT_ERROR = "re3_input_error";
    /** The activations at a site, {@code [units]}. */
    public static final String ACTIVATION = "re3_activation";
    /** The target class of a site's contributions. */
    public static final String TARGET = "re3_target";
    /** The gradient {@code dz_t / da} at a site, {@code [units]}. */
    public static final String GRADIENT = "re3_gradient";
    /** The bias {@code beta} that the layers after a site add to {@code z_t} on the region. */
    public static final String BIAS = "re3_bias";
    /** The target's logit {@code z_t}. */
    public static final String LOGIT = "re3_logit";

    /** Rows per batch unless {@link #optBatchSize(int)} says otherwise. */
    public static final int DEFAULT_BATCH = 1024;
    /** How many rows the driver looks at to tell a model that does not fit the column from a few bad rows. */
    private static final int PROBE_ROWS = 20;

    private final Shipping shipping;
    private final String inputColumn;
    private final String labelColumn;
    private final int target;
    private final int batch;

    private SparkRe3(Shipping shipping, String inputColumn, String labelColumn, int target, int batch) {
        this.shipping = shipping;
        this.inputColumn = inputColumn;
        this.labelColumn = labelColumn;
        this.target = target;
        this.batch = batch;
    }

    /** Re3 on Spark for this model, reading inputs from {@code "features"} and labels from {@code "label"}. */
    public static SparkRe3 of(Re3 re3) {
        if (re3 == null) {
            throw new IllegalArgumentException("model: expected a Re3, got null");
        }
        return new SparkRe3(new Shipping(new ModelShipment(re3)), "features", "label", -1, DEFAULT_BATCH);
    }

    /** The column of inputs: {@code array<double>} (any numeric elements) or a Spark ML vector. */
    public SparkRe3 optInputColumn(String name) {
        return new SparkRe3(shipping, checkName("input column", name), labelColumn, target, batch);
    }

    /** The column of true labels for {@link #statistics}: class indices or class names. */
    public SparkRe3 optLabelColumn(String name) {
        return new SparkRe3(shipping, inputColumn, checkName("label column", name), target, batch);
    }

    /** The class whose contributions {@link #explain} and {@link #contributions} give; the prediction by default. */
    public SparkRe3 optTarget(int c) {
        int k = network().outputSize();
        if (c < 0 || c >= k) {
            throw new IllegalArgumentException("target class: expected an index 0 to " + (k - 1) + " or a name of "
                    + network().classes() + ", got " + c);
        }
        return new SparkRe3(shipping, inputColumn, labelColumn, c, batch);
    }

    /** {@link #optTarget(int)} by class name. */
    public SparkRe3 optTarget(String name) {
        int c = network().classes().indexOf(name);
        if (c < 0) {
            throw new IllegalArgumentException("target class: expected one of " + network().classes() + ", got '"
                    + name + "'");
        }
        return optTarget(c);
    }

    /** Rows per call into the engine ({@value #DEFAULT_BATCH} by default). */
    public SparkRe3 optBatchSize(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("batch size: expected at least 1 row, got " + rows);
        }
        return new SparkRe3(shipping, inputColumn, labelColumn, target, rows);
    }

    public Network network() {
        return shipping.model.network();
    }

    /**
     * The rows of {@code data} with the explanation's columns added: {@link #PREDICTED}, {@link #LOGITS},
     * {@link #PATTERN}, {@link #REGION}, {@link #RECONSTRUCTION_ERROR}, {@link #CONTRIBUTIONS} (to the
     * {@link #optTarget target}, in the units of the input column) and {@link #INPUT_ERROR}. Lazy, as every Spark
     * transformation: the work is done when the result is used.
     */
    public Dataset<Row> explain(Dataset<Row> data) {
        InputColumn in = input(data);
        StructType out = RowExplainer.schema(data.schema());
        return data.mapPartitions(new RowExplainer(shipping.broadcast(data), in, target, batch), Encoders.row(out));
    }

    /** The number of rows of an {@link #explain}ed (or site) dataset whose input could not be used. */
    public static long badRows(Dataset<Row> explained) {
        if (!List.of(explained.columns()).contains(INPUT_ERROR)) {
            throw new IllegalArgumentException("explained rows: expected a column '" + INPUT_ERROR + "' as explain()"
                    + " adds, got the columns " + List.of(explained.columns()));
        }
        return explained.filter(functions.col(INPUT_ERROR).isNotNull()).count();
    }

    /**
     * Region statistics of one dataset, equal to {@code Re3.explainAll(data)} on the same rows (split
     * {@value DatasetExplanation#DATA}); rows with bad inputs or labels are counted, not explained.
     */
    public RegionStatistics statistics(Dataset<Row> data) {
        return RegionStatistics.of(network(), List.of(DatasetExplanation.DATA), stats(data, DatasetExplanation.DATA));
    }

    /** Region statistics of a train and a test set with the regions they share, as {@code Re3.explainAll(train, test)}. */
    public RegionStatistics statistics(Dataset<Row> train, Dataset<Row> test) {
        Dataset<Row> parts = stats(train, DatasetExplanation.TRAIN).union(stats(test, DatasetExplanation.TEST));
        return RegionStatistics.of(network(), List.of(DatasetExplanation.TRAIN, DatasetExplanation.TEST), parts);
    }

    private Dataset<Row> stats(Dataset<Row> data, String split) {
        InputColumn in = input(data);
        LabelColumn label = LabelColumn.of(data.schema(), labelColumn, network().classes());
        return data.mapPartitions(new StatsPartition(shipping.broadcast(data), in, label, split, batch),
                Encoders.row(StatsPartition.SCHEMA));
    }

    /**
     * The rows with the activations at {@code site} added ({@link #ACTIVATION}, {@code [units]}) and
     * {@link #INPUT_ERROR}; {@code .filter(col(INPUT_ERROR).isNull()).select(ACTIVATION)} is the training set of
     * a sparse autoencoder at that site.
     *
     * @param site a site name of the network ({@code network().sites()}), e.g. {@code "1.relu"}
     */
    public Dataset<Row> activations(Dataset<Row> data, String site) {
        network().site(site);
        InputColumn in = input(data);
        return data.mapPartitions(new SiteRows(shipping.broadcast(data), in, site, false, target, batch),
                Encoders.row(SiteRows.schema(data.schema(), false)));
    }

    /**
     * The rows with activation x gradient at {@code site} added, for the {@link #optTarget target} class (the
     * prediction by default): {@link #ACTIVATION} {@code a}, {@link #TARGET} {@code t}, {@link #GRADIENT}
     * {@code G = dz_t/da} (by {@link Pullback}), {@link #CONTRIBUTIONS} {@code G[u] a[u]}, {@link #BIAS}
     * {@code beta}, {@link #LOGIT} {@code z_t} and {@link #RECONSTRUCTION_ERROR}
     * {@code |sum_u G[u] a[u] + beta - z_t|}, which is zero up to rounding (the decomposition of {@code z_t} over
     * the site's units on the region).
     *
     * @param site a site name of the network, inside a residual branch too (where {@link Pullback} can end)
     */
    public Dataset<Row> contributions(Dataset<Row> data, String site) {
        Network net = network();
        double[][] g = new double[1][net.outputSize()];
        Pullback.of(net).pull(new double[net.inputSize()], g, Pullback.OUTPUT, site);
        InputColumn in = input(data);
        return data.mapPartitions(new SiteRows(shipping.broadcast(data), in, site, true, target, batch),
                Encoders.row(SiteRows.schema(data.schema(), true)));
    }

    /** The input column of {@code data}, checked against the schema and against the first rows. */
    private InputColumn input(Dataset<Row> data) {
        if (data == null) {
            throw new IllegalArgumentException("data: expected a Dataset<Row>, got null");
        }
        int size = network().inputSize();
        InputColumn in = InputColumn.of(data.schema(), inputColumn, size);
        List<Row> first = data.select(inputColumn).where(functions.col(inputColumn).isNotNull()).limit(PROBE_ROWS)
                .collectAsList();
        InputColumn probe = InputColumn.of(data.select(inputColumn).schema(), inputColumn, size);
        java.util.SortedSet<Integer> seen = new java.util.TreeSet<>();
        for (Row r : first) {
            seen.add(probe.length(r));
        }
        if (!seen.isEmpty() && !seen.contains(size)) {
            throw new IllegalArgumentException("input column '" + inputColumn + "': the model expects " + size
                    + " numbers per row (input shape " + java.util.Arrays.toString(network().inputShape())
                    + "), but the first " + first.size() + " rows hold " + seen + ": the model does not fit this"
                    + " column");
        }
        return in;
    }

    private static String checkName(String what, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + ": expected a column name, got " + (name == null ? "null"
                    : "'" + name + "'"));
        }
        return name;
    }

    @Override
    public String toString() {
        return "Re3 on Spark of " + network() + ", inputs from '" + inputColumn + "', labels from '" + labelColumn
                + "', " + (target < 0 ? "contributions to the predicted class" : "contributions to class "
                + network().classes().get(target)) + ", batches of " + batch + " rows";
    }

    /** The model and its broadcast, made once per Spark context and shared by every copy of a {@link SparkRe3}. */
    private static final class Shipping {
        final ModelShipment model;
        private Broadcast<ModelShipment> broadcast;
        private org.apache.spark.SparkContext owner;

        Shipping(ModelShipment model) {
            this.model = model;
        }

        synchronized Broadcast<ModelShipment> broadcast(Dataset<Row> data) {
            org.apache.spark.SparkContext sc = data.sparkSession().sparkContext();
            if (broadcast == null || owner != sc || sc.isStopped()) {
                broadcast = JavaSparkContext.fromSparkContext(sc).broadcast(model);
                owner = sc;
            }
            return broadcast;
        }
    }
}
