package dev.re3.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * The column of true labels, for region purity and accuracy: a class index {@code 0 .. classes - 1} (any
 * numeric type holding a whole number) or a class name of the network.
 */
final class LabelColumn implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One row's label, or why there is none. */
    record Value(int label, String error) {}

    private final String name;
    private final int index;
    private final boolean names;
    private final List<String> classes;

    private LabelColumn(String name, int index, boolean names, List<String> classes) {
        this.name = name;
        this.index = index;
        this.names = names;
        this.classes = List.copyOf(classes);
    }

    /**
     * @throws IllegalArgumentException naming the column when it is missing or neither numeric nor text
     */
    static LabelColumn of(StructType schema, String name, List<String> classes) {
        List<String> fields = Arrays.asList(schema.fieldNames());
        if (!fields.contains(name)) {
            throw new IllegalArgumentException("label column '" + name + "': expected a column of class indices 0 to "
                    + (classes.size() - 1) + " (or class names), but the dataset has only the columns " + fields
                    + "; name another with optLabelColumn(...)");
        }
        DataType t = schema.apply(name).dataType();
        if (!(t instanceof NumericType) && !(t instanceof StringType)) {
            throw new IllegalArgumentException("label column '" + name + "': expected class indices or class names, got"
                    + " the type " + t.simpleString());
        }
        return new LabelColumn(name, fields.indexOf(name), t instanceof StringType, classes);
    }

    Value read(Row row, int count) {
        if (row.isNullAt(index)) {
            return bad("expected a class, got null");
        }
        if (names) {
            String s = row.getString(index);
            int k = classes.indexOf(s);
            return k >= 0 ? new Value(k, null) : bad("expected one of " + classes + ", got '" + s + "'");
        }
        double v = ((Number) row.get(index)).doubleValue();
        if (v != Math.rint(v) || v < 0 || v >= count) {
            return bad("expected a class index 0 to " + (count - 1) + ", got " + v);
        }
        return new Value((int) v, null);
    }

    private Value bad(String why) {
        return new Value(-1, "label column '" + name + "': " + why);
    }
}
