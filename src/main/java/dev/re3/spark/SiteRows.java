package dev.re3.spark;

import dev.re3.net.Network;
import dev.re3.region.Pullback;
import dev.re3.region.SiteForward;
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
 * Activations at a site, or activation x gradient contributions there, for one partition.
 *
 * <p>Activations: {@code a = h_site(x)} ({@code [units]}) by {@link SiteForward#activations}, a whole batch at
 * a time. Contributions: with {@code g = e_t} at the logits (the target class {@code t}, the predicted class
 * unless one was chosen) pulled back to the site by {@link Pullback#pull}, the gradient {@code G = dz_t/da}
 * ({@code [units]}), the contributions {@code G[u] a[u]} ({@code [units]}) and the bias {@code beta} that the
 * layers after the site add; on the region {@code sum_u G[u] a[u] + beta = z_t} exactly, and the reconstruction
 * error column holds {@code |sum_u G[u] a[u] + beta - z_t|}.
 */
final class SiteRows implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<ModelShipment> model;
    private final InputColumn input;
    private final String site;
    private final boolean contributions;
    private final int target;
    private final int batch;

    SiteRows(Broadcast<ModelShipment> model, InputColumn input, String site, boolean contributions, int target,
             int batch) {
        this.model = model;
        this.input = input;
        this.site = site;
        this.contributions = contributions;
        this.target = target;
        this.batch = batch;
    }

    static StructType schema(StructType in, boolean contributions) {
        StructType s = in.add(SparkRe3.ACTIVATION, DataTypes.createArrayType(DataTypes.DoubleType, false), true);
        if (contributions) {
            s = s.add(SparkRe3.TARGET, DataTypes.IntegerType, true)
                    .add(SparkRe3.GRADIENT, DataTypes.createArrayType(DataTypes.DoubleType, false), true)
                    .add(SparkRe3.CONTRIBUTIONS, DataTypes.createArrayType(DataTypes.DoubleType, false), true)
                    .add(SparkRe3.BIAS, DataTypes.DoubleType, true)
                    .add(SparkRe3.LOGIT, DataTypes.DoubleType, true)
                    .add(SparkRe3.RECONSTRUCTION_ERROR, DataTypes.DoubleType, true);
        }
        return s.add(SparkRe3.INPUT_ERROR, DataTypes.StringType, true);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ModelShipment m = model.value();
        return Batches.of(rows, batch, b -> batch(m, b));
    }

    private List<Row> batch(ModelShipment m, List<Row> rows) {
        Network net = m.network();
        InputColumn.Value[] values = new InputColumn.Value[rows.size()];
        List<double[]> good = new ArrayList<>();
        for (int r = 0; r < values.length; r++) {
            values[r] = input.read(rows.get(r));
            if (values[r].ok()) {
                good.add(values[r].x());
            }
        }
        double[][] xs = good.toArray(double[][]::new);
        SiteForward forward = SiteForward.of(net);
        double[][] acts = xs.length == 0 ? null : forward.activations(xs, site);
        double[][] logits = xs.length == 0 || !contributions ? null : forward.logits(xs);
        Pullback pullback = Pullback.of(net);
        int extra = contributions ? 7 : 1;
        List<Row> out = new ArrayList<>(values.length);
        int n = 0;
        for (int r = 0; r < values.length; r++) {
            Row row = rows.get(r);
            Object[] cells = new Object[row.length() + extra + 1];
            for (int j = 0; j < row.length(); j++) {
                cells[j] = row.get(j);
            }
            int at = row.length();
            if (!values[r].ok()) {
                cells[at + extra] = values[r].error();
                out.add(RowFactory.create(cells));
                continue;
            }
            cells[at] = acts[n];
            if (contributions) {
                int t = target >= 0 ? target : argmax(logits[n]);
                double[][] g = new double[1][net.outputSize()];
                g[0][t] = 1;
                Pullback.Result p = pullback.pull(xs[n], g, Pullback.OUTPUT, site);
                double[] grad = p.cotangents()[0];
                double[] a = p.activation();
                double[] c = new double[a.length];
                for (int u = 0; u < a.length; u++) {
                    c[u] = grad[u] * a[u];
                }
                cells[at + 1] = t;
                cells[at + 2] = grad;
                cells[at + 3] = c;
                cells[at + 4] = p.beta()[0];
                cells[at + 5] = logits[n][t];
                cells[at + 6] = Math.abs(p.reconstruct(0) - logits[n][t]);
            }
            out.add(RowFactory.create(cells));
            n++;
        }
        return out;
    }

    private static int argmax(double[] z) {
        int best = 0;
        for (int c = 1; c < z.length; c++) {
            if (z[c] > z[best]) {
                best = c;
            }
        }
        return best;
    }
}
