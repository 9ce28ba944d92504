package dev.re3.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * An immutable labelled data set for classification: {@code n} examples, each a row of {@code d}
 * finite features and a class index.
 *
 * <p>The inputs form a matrix {@code x} of shape {@code [n][d]}; the labels a vector of shape
 * {@code [n]} with values in {@code 0 .. numClasses() - 1}. {@link #inputShape()} tells how a row is
 * laid out for a network: {@code [d]} for tabular data, {@code [channels, height, width]} for images
 * (a row then holds the pixels in row-major order, channel first), and the product of the shape is
 * always {@code d}.
 *
 * <p>Every accessor that returns an array returns a copy; the instance never changes.
 */
public final class Dataset {
    private final String name;
    private final List<String> features;
    private final List<String> classes;
    private final int[] inputShape;
    private final double[][] x;
    private final int[] labels;

    private Dataset(String name, List<String> features, List<String> classes, int[] inputShape,
            double[][] x, int[] labels) {
        this.name = name;
        this.features = features;
        this.classes = classes;
        this.inputShape = inputShape;
        this.x = x;
        this.labels = labels;
    }

    /**
     * A tabular data set with input shape {@code [d]}; the arrays are copied.
     *
     * @param name a short non-blank name, used in messages and tables
     * @param features {@code d >= 1} distinct feature names
     * @param classes at least one distinct class name; label {@code k} means {@code classes.get(k)}
     * @param x inputs {@code [n][d]}, finite
     * @param labels class indices {@code [n]}, each in {@code 0 .. classes.size() - 1}
     * @return the data set
     * @throws IllegalArgumentException if a shape, a name, a value or a label is not as described
     */
    public static Dataset of(String name, List<String> features, List<String> classes, double[][] x, int[] labels) {
        Objects.requireNonNull(features, "features");
        return of(name, features, classes, new int[] {features.size()}, x, labels);
    }

    /**
     * Your own tabular data from arrays, with features named {@code x0, x1, ...} and classes {@code 0, 1, ...}
     * up to the largest label; the arrays are copied.
     *
     * <pre>{@code
     * Dataset d = Dataset.of(new double[][] {{5.1, 3.5}, {6.2, 2.9}}, new int[] {0, 1});
     * }</pre>
     *
     * @param x inputs {@code [n][d]}, finite, {@code n >= 1}
     * @param labels class indices {@code [n]}, each {@code >= 0}
     * @throws IllegalArgumentException if a shape, a value or a label is not as described
     */
    public static Dataset of(double[][] x, int[] labels) {
        if (x == null || x.length == 0 || x[0] == null) {
            throw new IllegalArgumentException("dataset inputs: expected a matrix [n][d] with at least one row, got "
                    + (x == null ? "null" : x.length == 0 ? "no rows" : "a null first row"));
        }
        if (labels == null || labels.length == 0) {
            throw new IllegalArgumentException("dataset labels: expected one class index per row, got "
                    + (labels == null ? "null" : "none"));
        }
        int k = Arrays.stream(labels).max().getAsInt() + 1;
        List<String> features = java.util.stream.IntStream.range(0, x[0].length).mapToObj(j -> "x" + j).toList();
        List<String> classes = java.util.stream.IntStream.range(0, Math.max(1, k)).mapToObj(String::valueOf).toList();
        return of("data", features, classes, x, labels);
    }

    /**
     * Your own tabular data from a Tablesaw table: every numeric column but the label column is a feature,
     * named as the column; the label column holds class names (a string column, classes in order of first
     * appearance) or class indices (an integer column, classes {@code 0, 1, ...}).
     *
     * <pre>{@code
     * Table t = Table.read().csv("flowers.csv");
     * Dataset d = Dataset.of(t, "species");
     * }</pre>
     *
     * @throws IllegalArgumentException if the label column is missing, a value is missing or not finite, or a
     *     column is neither numeric nor the label
     */
    public static Dataset of(tech.tablesaw.api.Table table, String labelColumn) {
        if (table == null) {
            throw new IllegalArgumentException("dataset: expected a Tablesaw table, got null");
        }
        if (labelColumn == null || !table.columnNames().contains(labelColumn)) {
            throw new IllegalArgumentException("dataset " + table.name() + ": label column: expected one of "
                    + table.columnNames() + ", got " + quote(labelColumn));
        }
        String name = table.name() == null || table.name().isBlank() ? "table" : table.name();
        List<tech.tablesaw.columns.Column<?>> features = new java.util.ArrayList<>();
        for (tech.tablesaw.columns.Column<?> c : table.columns()) {
            if (c.name().equals(labelColumn)) {
                continue;
            }
            if (!(c instanceof tech.tablesaw.api.NumericColumn<?>)) {
                throw new IllegalArgumentException("dataset " + name + ", column " + quote(c.name())
                        + ": expected a numeric feature column, got a " + c.type().name().toLowerCase(java.util.Locale.ROOT)
                        + " column (remove it with table.removeColumns(\"" + c.name() + "\"))");
            }
            features.add(c);
        }
        int n = table.rowCount();
        double[][] x = new double[n][features.size()];
        for (int j = 0; j < features.size(); j++) {
            tech.tablesaw.api.NumericColumn<?> c = (tech.tablesaw.api.NumericColumn<?>) features.get(j);
            for (int i = 0; i < n; i++) {
                if (c.isMissing(i)) {
                    throw new IllegalArgumentException("dataset " + name + ", row " + i + ", column " + quote(c.name())
                            + ": expected a number, got a missing value");
                }
                x[i][j] = c.getDouble(i);
            }
        }
        tech.tablesaw.columns.Column<?> label = table.column(labelColumn);
        int[] labels = new int[n];
        List<String> classes = new java.util.ArrayList<>();
        if (label instanceof tech.tablesaw.api.NumericColumn<?> numeric) {
            int k = 0;
            for (int i = 0; i < n; i++) {
                double v = numeric.getDouble(i);
                if (numeric.isMissing(i) || v != Math.rint(v) || v < 0) {
                    throw new IllegalArgumentException("dataset " + name + ", row " + i + ", label column "
                            + quote(labelColumn) + ": expected a class index >= 0, got " + label.getString(i));
                }
                labels[i] = (int) v;
                k = Math.max(k, labels[i] + 1);
            }
            for (int c = 0; c < k; c++) {
                classes.add(String.valueOf(c));
            }
        } else {
            for (int i = 0; i < n; i++) {
                String v = label.getString(i);
                if (label.isMissing(i) || v.isBlank()) {
                    throw new IllegalArgumentException("dataset " + name + ", row " + i + ", label column "
                            + quote(labelColumn) + ": expected a class name, got a missing value");
                }
                int c = classes.indexOf(v);
                if (c < 0) {
                    c = classes.size();
                    classes.add(v);
                }
                labels[i] = c;
            }
        }
        return of(name, features.stream().map(tech.tablesaw.columns.Column::name).toList(), classes, x, labels);
    }

    /** The mean of every feature, {@code [d]}: the training mean, as a baseline for explanations. */
    public double[] means() {
        double[] m = new double[features.size()];
        for (double[] row : x) {
            for (int j = 0; j < m.length; j++) {
                m[j] += row[j];
            }
        }
        for (int j = 0; j < m.length; j++) {
            m[j] /= Math.max(1, x.length);
        }
        return m;
    }

    /**
     * A data set with an explicit input shape; the arrays are copied.
     *
     * @param name a short non-blank name, used in messages and tables
     * @param features {@code d >= 1} distinct feature names
     * @param classes at least one distinct class name; label {@code k} means {@code classes.get(k)}
     * @param inputShape positive dimensions whose product is {@code d}, e.g. {@code [1, 28, 28]}
     * @param x inputs {@code [n][d]}, finite
     * @param labels class indices {@code [n]}, each in {@code 0 .. classes.size() - 1}
     * @return the data set
     * @throws IllegalArgumentException if a shape, a name, a value or a label is not as described
     */
    public static Dataset of(String name, List<String> features, List<String> classes, int[] inputShape,
            double[][] x, int[] labels) {
        if (x == null) {
            throw new IllegalArgumentException("dataset inputs: expected a matrix [n][d], got null");
        }
        double[][] copy = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            copy[i] = x[i] == null ? null : x[i].clone();
        }
        Dataset d = wrap(name, features, classes, inputShape == null ? null : inputShape.clone(), copy,
                labels == null ? null : labels.clone());
        for (int i = 0; i < copy.length; i++) {
            for (int j = 0; j < copy[i].length; j++) {
                if (!Double.isFinite(copy[i][j])) {
                    throw new IllegalArgumentException("dataset " + name + ", row " + i + ", feature " + j + " ("
                            + d.features.get(j) + "): expected a finite number, got " + copy[i][j]);
                }
            }
        }
        return d;
    }

    /** Builds without copying the arrays; checks names, shapes and labels but not the values. */
    static Dataset wrap(String name, List<String> features, List<String> classes, int[] inputShape,
            double[][] x, int[] labels) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("dataset name: expected a non-blank name, got " + quote(name));
        }
        List<String> f = distinct(name, "feature", features);
        List<String> c = distinct(name, "class", classes);
        if (f.isEmpty() || c.isEmpty()) {
            throw new IllegalArgumentException("dataset " + name + ": expected at least one feature and one class, got "
                    + f.size() + " features and " + c.size() + " classes");
        }
        if (inputShape == null || inputShape.length == 0 || product(inputShape) != f.size()) {
            throw new IllegalArgumentException("dataset " + name + ": expected an input shape of positive dimensions"
                    + " whose product is the number of features " + f.size() + ", got "
                    + (inputShape == null ? "null" : Arrays.toString(inputShape)));
        }
        if (x == null || labels == null || x.length != labels.length) {
            throw new IllegalArgumentException("dataset " + name + ": expected as many labels as input rows, got "
                    + (x == null ? "null" : x.length + " rows") + " and "
                    + (labels == null ? "null" : labels.length + " labels"));
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null || x[i].length != f.size()) {
                throw new IllegalArgumentException("dataset " + name + ", row " + i + ": expected " + f.size()
                        + " features, got " + (x[i] == null ? "null" : x[i].length));
            }
            if (labels[i] < 0 || labels[i] >= c.size()) {
                throw new IllegalArgumentException("dataset " + name + ", row " + i + ": expected a label in 0.."
                        + (c.size() - 1) + ", got " + labels[i]);
            }
        }
        return new Dataset(name, f, c, inputShape, x, labels);
    }

    private static List<String> distinct(String name, String what, List<String> names) {
        if (names == null) {
            throw new IllegalArgumentException("dataset " + name + ": expected a list of " + what + " names, got null");
        }
        Set<String> seen = new HashSet<>();
        for (String s : names) {
            if (s == null || s.isBlank() || !seen.add(s)) {
                throw new IllegalArgumentException("dataset " + name + ": expected distinct non-blank " + what
                        + " names, got " + quote(s) + (s == null || s.isBlank() ? "" : " twice"));
            }
        }
        return List.copyOf(names);
    }

    private static long product(int[] shape) {
        long p = 1;
        for (int s : shape) {
            if (s <= 0) {
                return -1;
            }
            p *= s;
        }
        return p;
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    /** The short name, e.g. {@code "iris"}. */
    public String name() {
        return name;
    }

    /** The {@code d} feature names, in column order (unmodifiable). */
    public List<String> features() {
        return features;
    }

    /** The class names; label {@code k} means {@code classes().get(k)} (unmodifiable). */
    public List<String> classes() {
        return classes;
    }

    /** A copy of the input shape: {@code [d]} for tabular data, {@code [c, h, w]} for images. */
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** Whether rows are images, i.e. the input shape has more than one dimension. */
    public boolean isImage() {
        return inputShape.length > 1;
    }

    /** The number of examples {@code n}. */
    public int size() {
        return x.length;
    }

    /** The number of features {@code d} in a row. */
    public int numFeatures() {
        return features.size();
    }

    /** The number of classes. */
    public int numClasses() {
        return classes.size();
    }

    /**
     * A copy of all inputs, {@code [n][d]}. For the full MNIST training set this is about 376 MB;
     * prefer {@link #x(int)} or {@link #value(int, int)} to visit rows.
     */
    public double[][] x() {
        double[][] copy = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            copy[i] = x[i].clone();
        }
        return copy;
    }

    /**
     * A copy of one input row.
     *
     * @param i the row, {@code 0 .. size() - 1}
     * @return the features {@code [d]}
     */
    public double[] x(int i) {
        return x[row(i)].clone();
    }

    private int row(int i) {
        if (i < 0 || i >= x.length) {
            throw new IndexOutOfBoundsException("dataset " + name + ": expected a row index 0 to " + (x.length - 1)
                    + " (" + x.length + " rows), got " + i);
        }
        return i;
    }

    /**
     * One input value without copying the row.
     *
     * @param i the row, {@code 0 .. size() - 1}
     * @param j the feature, {@code 0 .. numFeatures() - 1}
     * @return {@code x[i][j]}
     */
    public double value(int i, int j) {
        if (j < 0 || j >= features.size()) {
            throw new IndexOutOfBoundsException("dataset " + name + ": expected a feature index 0 to "
                    + (features.size() - 1) + ", got " + j);
        }
        return x[row(i)][j];
    }

    /** A copy of the labels {@code [n]}, 0-based class indices. */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * The label of one example.
     *
     * @param i the row, {@code 0 .. size() - 1}
     * @return its class index
     */
    public int label(int i) {
        return labels[row(i)];
    }

    /**
     * The class name of one example.
     *
     * @param i the row, {@code 0 .. size() - 1}
     * @return {@code classes().get(label(i))}
     */
    public String className(int i) {
        return classes.get(label(i));
    }

    /** The number of examples of each class, {@code [numClasses()]}. */
    public int[] classCounts() {
        int[] counts = new int[classes.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * The given rows, in the given order; a row may appear more than once.
     *
     * @param rows indices in {@code 0 .. size() - 1}
     * @return a new data set with the same name, features, classes and input shape
     * @throws IllegalArgumentException if an index is out of range
     */
    public Dataset subset(int[] rows) {
        return subset(name, rows);
    }

    Dataset subset(String newName, int[] rows) {
        Objects.requireNonNull(rows, "rows");
        double[][] sx = new double[rows.length][];
        int[] sl = new int[rows.length];
        for (int k = 0; k < rows.length; k++) {
            int r = rows[k];
            if (r < 0 || r >= x.length) {
                throw new IllegalArgumentException("dataset " + name + ": expected row indices in 0.." + (x.length - 1)
                        + ", got " + r + " at position " + k);
            }
            sx[k] = x[r];
            sl[k] = labels[r];
        }
        return new Dataset(newName, features, classes, inputShape, sx, sl);
    }

    /**
     * The first {@code min(n, size())} rows.
     *
     * @param n the number of rows wanted, {@code >= 0}
     * @return a new data set
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public Dataset head(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("head: expected a row count >= 0, got " + n);
        }
        int m = Math.min(n, x.length);
        return new Dataset(name, features, classes, inputShape, Arrays.copyOf(x, m), Arrays.copyOf(labels, m));
    }

    /**
     * A stratified random split into a training part and a test part; see {@link Split#of}.
     *
     * @param testFraction the share of each class that goes to the test part, in {@code (0, 1)}
     * @param seed the random seed; the same seed always gives the same split
     * @return the two parts, named {@code name() + "-train"} and {@code name() + "-test"}
     * @throws IllegalArgumentException if the fraction is outside {@code (0, 1)}, the test part would
     *     be empty, or a class would be left without a training example
     */
    public Split split(double testFraction, long seed) {
        return Split.of(this, testFraction, seed);
    }

    /**
     * This data set standardized by its own per-feature mean and standard deviation: a shortcut for
     * {@code Standardizer.fit(this).apply(this)}. Meant for tabular data; image data sets come scaled
     * to {@code [0, 1]}.
     *
     * @return a new data set whose features have mean 0 and standard deviation 1 (or 0 if constant)
     */
    public Dataset standardized() {
        return Standardizer.fit(this).apply(this);
    }

    /** Applies a per-row map to the inputs, keeping everything else; used by {@link Standardizer}. */
    Dataset mapRows(UnaryOperator<double[]> f) {
        double[][] mapped = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            mapped[i] = f.apply(x[i]);
        }
        return new Dataset(name, features, classes, inputShape, mapped, labels);
    }

    /**
     * The data as a table. For tabular data: one {@code DoubleColumn} per feature and a
     * {@code StringColumn "label"} with the class name. For image data sets ({@link #isImage()}) the
     * table has only an {@code IntColumn "index"} (the row number) and the {@code "label"} column; use
     * {@link #toTable(boolean)} with {@code true} to get every pixel as a column.
     *
     * @return a new table with {@link #size()} rows
     */
    public Table toTable() {
        return toTable(!isImage());
    }

    /**
     * The data as a table.
     *
     * @param allFeatures {@code true} for one {@code DoubleColumn} per feature (every pixel for
     *     images) and the {@code "label"} column; {@code false} for an {@code IntColumn "index"} and the
     *     {@code "label"} column only
     * @return a new table with {@link #size()} rows; if a feature is itself named {@code "label"}, the
     *     class-name column is called {@code "label_"}
     */
    public Table toTable(boolean allFeatures) {
        List<Column<?>> columns = new ArrayList<>();
        if (allFeatures) {
            for (int j = 0; j < features.size(); j++) {
                double[] col = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    col[i] = x[i][j];
                }
                columns.add(DoubleColumn.create(features.get(j), col));
            }
        } else {
            int[] index = new int[x.length];
            Arrays.setAll(index, i -> i);
            columns.add(IntColumn.create("index", index));
        }
        String[] names = new String[x.length];
        for (int i = 0; i < x.length; i++) {
            names[i] = classes.get(labels[i]);
        }
        String labelName = allFeatures && features.contains("label") ? "label_" : "label";
        columns.add(StringColumn.create(labelName, names));
        return Table.create(name, columns.toArray(new Column<?>[0]));
    }

    /** A one-line summary, e.g. {@code Dataset[iris: 150 x 4, shape [4], 3 classes]}. */
    @Override
    public String toString() {
        return "Dataset[" + name + ": " + x.length + " x " + features.size() + ", shape " + Arrays.toString(inputShape)
                + ", " + classes.size() + " classes]";
    }
}
