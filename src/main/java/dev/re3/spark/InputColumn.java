package dev.re3.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The column that holds the inputs: an {@code array} of numbers or a Spark ML {@link Vector}, checked against
 * the schema on the driver and read row by row on the executors.
 *
 * <p>A row whose input is null, has the wrong length or holds a null, NaN or infinite value is not an error of
 * the job: {@link #read(Row)} gives a {@link Value} with the reason, and the row is reported as bad.
 */
final class InputColumn implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One row's input: the values, or why there are none. */
    record Value(double[] x, String error) {
        boolean ok() {
            return error == null;
        }
    }

    private final String name;
    private final int index;
    private final int size;
    private final boolean vector;

    private InputColumn(String name, int index, int size, boolean vector) {
        this.name = name;
        this.index = index;
        this.size = size;
        this.vector = vector;
    }

    /**
     * The input column of {@code schema}, holding inputs of {@code size} values.
     *
     * @throws IllegalArgumentException naming the column and the expected size when it is missing or of another
     *     type
     */
    static InputColumn of(StructType schema, String name, int size) {
        List<String> names = Arrays.asList(schema.fieldNames());
        if (!names.contains(name)) {
            throw new IllegalArgumentException("input column '" + name + "': expected a column of " + size
                    + " numbers per row (array<double> or a Spark ML vector), but the dataset has only the columns "
                    + names);
        }
        StructField f = schema.apply(name);
        DataType t = f.dataType();
        boolean vector = t.equals(SQLDataTypes.VectorType());
        if (!vector && !(t instanceof ArrayType a && a.elementType() instanceof NumericType)) {
            throw new IllegalArgumentException("input column '" + name + "': expected array<double> or a Spark ML"
                    + " vector of " + size + " numbers per row, got the type " + t.simpleString());
        }
        return new InputColumn(name, names.indexOf(name), size, vector);
    }

    String name() {
        return name;
    }

    int size() {
        return size;
    }

    /** The input of one row, or the reason it cannot be used. */
    Value read(Row row) {
        if (row.isNullAt(index)) {
            return bad("expected " + size + " numbers, got null");
        }
        double[] x;
        if (vector) {
            x = ((Vector) row.get(index)).toArray();
        } else {
            List<Object> values = row.getList(index);
            x = new double[values.size()];
            for (int i = 0; i < x.length; i++) {
                Object v = values.get(i);
                if (v == null) {
                    return bad("expected " + size + " numbers, got null at index " + i);
                }
                x[i] = ((Number) v).doubleValue();
            }
        }
        if (x.length != size) {
            return bad("expected " + size + " numbers, got " + x.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                return bad("expected finite numbers, got " + x[i] + " at index " + i);
            }
        }
        return new Value(x, null);
    }

    /** The number of values in one row's input, or -1 when it is null. */
    int length(Row row) {
        if (row.isNullAt(index)) {
            return -1;
        }
        return vector ? ((Vector) row.get(index)).size() : row.getList(index).size();
    }

    private Value bad(String why) {
        return new Value(null, "input column '" + name + "': " + why);
    }
}
