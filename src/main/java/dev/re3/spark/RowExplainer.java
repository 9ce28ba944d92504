package dev.re3.spark;

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
 * The per-row explanation of one partition: its rows in batches through {@code Re3.regions} (the engine's
 * {@link LocalMaps}), each row given back with the columns of {@link SparkRe3#explain} added.
 *
 * <p>For row {@code n} with local map {@code f(x') = W x' + b} on its region: the predicted class
 * {@code argmax_c z_c}, the logits {@code z = f(x)}, the pattern (one {@code '0'/'1'} string per ReLU site,
 * joined by {@code '|'}), the region id, the reconstruction error {@code max_c |W x + b - f(x)|_c} and the
 * contributions {@code W[t][i] x_i} to the target class {@code t} (the predicted class unless one was chosen),
 * in the units of the column (a standardize layer in front makes {@code W} per raw unit), as {@code Re3.explain} gives
 * them.
 */
final class RowExplainer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<ModelShipment> model;
    private final InputColumn input;
    private final int target;
    private final int batch;

    RowExplainer(Broadcast<ModelShipment> model, InputColumn input, int target, int batch) {
        this.model = model;
        this.input = input;
        this.target = target;
        this.batch = batch;
    }

    /** The schema of the output: the input's columns and the explanation's. */
    static StructType schema(StructType in) {
        return in.add(SparkRe3.PREDICTED, DataTypes.IntegerType, true)
                .add(SparkRe3.LOGITS, DataTypes.createArrayType(DataTypes.DoubleType, false), true)
                .add(SparkRe3.PATTERN, DataTypes.StringType, true)
                .add(SparkRe3.REGION, DataTypes.StringType, true)
                .add(SparkRe3.RECONSTRUCTION_ERROR, DataTypes.DoubleType, true)
                .add(SparkRe3.CONTRIBUTIONS, DataTypes.createArrayType(DataTypes.DoubleType, false), true)
                .add(SparkRe3.INPUT_ERROR, DataTypes.StringType, true);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ModelShipment m = model.value();
        return Batches.of(rows, batch, b -> explain(m, b));
    }

    private List<Row> explain(ModelShipment m, List<Row> rows) {
        InputColumn.Value[] values = new InputColumn.Value[rows.size()];
        List<double[]> good = new ArrayList<>();
        for (int r = 0; r < values.length; r++) {
            values[r] = input.read(rows.get(r));
            if (values[r].ok()) {
                good.add(values[r].x());
            }
        }
        LocalMaps maps = good.isEmpty() ? null : m.re3().regions(good.toArray(double[][]::new));
        List<Row> out = new ArrayList<>(values.length);
        int n = 0;
        for (int r = 0; r < values.length; r++) {
            Row row = rows.get(r);
            Object[] cells = new Object[row.length() + 7];
            for (int j = 0; j < row.length(); j++) {
                cells[j] = row.get(j);
            }
            int at = row.length();
            if (!values[r].ok()) {
                cells[at + 6] = values[r].error();
            } else {
                int predicted = maps.predicted(n);
                int t = target < 0 ? predicted : target;
                double[] x = values[r].x();
                double[] c = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    c[i] = maps.contribution(n, t, i);
                }
                cells[at] = predicted;
                cells[at + 1] = maps.logits(n);
                cells[at + 2] = String.join("|", maps.patterns(n));
                cells[at + 3] = maps.regionId(n);
                cells[at + 4] = maps.reconstructionError(n);
                cells[at + 5] = c;
                n++;
            }
            out.add(RowFactory.create(cells));
        }
        return out;
    }
}
