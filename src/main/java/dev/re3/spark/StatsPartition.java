package dev.re3.spark;

import dev.re3.net.Network;
import dev.re3.region.LocalMaps;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The statistics pass over one partition of one split: a short row per input (split, region id, label,
 * prediction, reconstruction error, or why the row is bad) and, after the last batch, one row with the
 * partition's partial sums, which {@link RegionStatistics} adds up with a Spark aggregation.
 *
 * <p>The partial sums, flat: {@code sum_n |W_n[c][i] x_n[i]|} for every class and feature
 * ({@code [classes][features]}), the same for the predicted class only ({@code [features]}), and per ReLU site
 * and unit the number of inputs on which the unit is on ({@code [units of all ReLU sites]}). The contributions
 * are those of the network itself, its standardize layer included (raw units), as in
 * {@code Re3.explainAll}.
 */
final class StatsPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    static final String SPLIT = "split";
    static final String REGION = "region";
    static final String LABEL = "label";
    static final String PREDICTED = "predicted";
    static final String ERROR = "error";
    static final String BAD = "bad";
    static final String SUMS = "sums";

    static final StructType SCHEMA = new StructType()
            .add(SPLIT, DataTypes.StringType, false)
            .add(REGION, DataTypes.StringType, true)
            .add(LABEL, DataTypes.IntegerType, true)
            .add(PREDICTED, DataTypes.IntegerType, true)
            .add(ERROR, DataTypes.DoubleType, true)
            .add(BAD, DataTypes.StringType, true)
            .add(SUMS, DataTypes.createArrayType(DataTypes.DoubleType, false), true);

    private final Broadcast<ModelShipment> model;
    private final InputColumn input;
    private final LabelColumn label;
    private final String split;
    private final int batch;

    StatsPartition(Broadcast<ModelShipment> model, InputColumn input, LabelColumn label, String split, int batch) {
        this.model = model;
        this.input = input;
        this.label = label;
        this.split = split;
        this.batch = batch;
    }

    /** The length of the partial sums of a network. */
    static int sumsLength(Network net) {
        int units = net.reluSites().stream().mapToInt(s -> s.units()).sum();
        return (net.outputSize() + 1) * net.inputSize() + units;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ModelShipment m = model.value();
        double[] sums = new double[sumsLength(m.network())];
        return Batches.of(rows, batch, b -> batch(m, b, sums),
                () -> List.of(RowFactory.create(split, null, null, null, null, null, sums)));
    }

    private List<Row> batch(ModelShipment m, List<Row> rows, double[] sums) {
        int classes = m.network().outputSize();
        String[] bad = new String[rows.size()];
        int[] labels = new int[rows.size()];
        List<double[]> good = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            InputColumn.Value v = input.read(rows.get(r));
            LabelColumn.Value y = label.read(rows.get(r), classes);
            bad[r] = !v.ok() ? v.error() : y.error();
            if (bad[r] == null) {
                good.add(v.x());
                labels[r] = y.label();
            }
        }
        List<Row> out = new ArrayList<>(rows.size() + 1);
        LocalMaps maps = good.isEmpty() ? null : m.re3().regions(good.toArray(double[][]::new));
        int n = 0;
        for (int r = 0; r < rows.size(); r++) {
            if (bad[r] != null) {
                out.add(RowFactory.create(split, null, null, null, null, bad[r], null));
                continue;
            }
            int pred = maps.predicted(n);
            out.add(RowFactory.create(split, maps.regionId(n), labels[r], pred, maps.reconstructionError(n), null,
                    null));
            add(maps, n, pred, sums);
            n++;
        }
        return out;
    }

    /** Adds input {@code n}'s absolute contributions and active units to the partial sums. */
    private static void add(LocalMaps maps, int n, int pred, double[] sums) {
        int d = maps.inputs();
        int classes = maps.classes();
        int predicted = classes * d;
        for (int c = 0; c < classes; c++) {
            int row = c * d;
            for (int i = 0; i < d; i++) {
                double v = Math.abs(maps.contribution(n, c, i));
                sums[row + i] += v;
                if (c == pred) {
                    sums[predicted + i] += v;
                }
            }
        }
        int at = (classes + 1) * d;
        for (String p : maps.patterns(n)) {
            for (int u = 0; u < p.length(); u++) {
                if (p.charAt(u) == '1') {
                    sums[at + u]++;
                }
            }
            at += p.length();
        }
    }
}
