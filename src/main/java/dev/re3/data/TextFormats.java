package dev.re3.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Readers for the text formats of the shipped data sets: numeric CSV with the class index in the last
 * column, ARFF with numeric attributes and a nominal class, and sparse libsvm lines.
 */
final class TextFormats {
    private TextFormats() {}

    /**
     * CSV whose first line is {@code n,d,class0,class1,...} followed by {@code n} rows of {@code d}
     * numbers and a class index.
     */
    static Dataset countedCsv(DataFiles files, String relative, String name, List<String> features) {
        String source = files.describe(relative);
        List<CsvText.Row> rows = lines(files, relative);
        CsvText.checkNotEmpty(source, rows, "a first line n,d,class names");
        CsvText.Row head = rows.get(0);
        if (head.fields().length < 3) {
            throw new IllegalArgumentException(source + ", line " + head.line()
                    + ": expected n,d and at least one class name, got " + head.fields().length + " fields");
        }
        int n = (int) CsvText.number(source, head, 0, "n");
        int d = (int) CsvText.number(source, head, 1, "d");
        if (d != features.size() || rows.size() - 1 != n) {
            throw new IllegalArgumentException(source + ": expected " + n + " rows of " + features.size()
                    + " features as the first line states, got " + (rows.size() - 1) + " rows and d = " + d);
        }
        List<String> classes = Arrays.asList(head.fields()).subList(2, head.fields().length);
        return labelLast(source, rows.subList(1, rows.size()), name, features, classes, 1.0, new int[] {d});
    }

    /**
     * Rows of numbers with the class index in the last column, no header; every feature is divided by
     * {@code divisor}.
     */
    static Dataset labelLastCsv(DataFiles files, String relative, String name, List<String> features,
            List<String> classes, double divisor, int[] shape) {
        String source = files.describe(relative);
        List<CsvText.Row> rows = lines(files, relative);
        CsvText.checkNotEmpty(source, rows, "rows of " + features.size() + " numbers and a class index");
        return labelLast(source, rows, name, features, classes, divisor, shape);
    }

    private static Dataset labelLast(String source, List<CsvText.Row> rows, String name, List<String> features,
            List<String> classes, double divisor, int[] shape) {
        int d = features.size();
        double[][] x = new double[rows.size()][d];
        int[] y = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            CsvText.Row row = rows.get(i);
            CsvText.checkWidth(source, row, d + 1);
            for (int j = 0; j < d; j++) {
                x[i][j] = CsvText.number(source, row, j, features.get(j)) / divisor;
            }
            y[i] = CsvText.classIndex(source, row, d, classes.size());
        }
        return Dataset.wrap(name, features, classes, shape, x, y);
    }

    /**
     * ARFF with the expected numeric attributes, in order, followed by one nominal class attribute;
     * the features are renamed to {@code features}.
     */
    static Dataset arff(DataFiles files, String relative, String name, List<String> attributes, List<String> features) {
        String source = files.describe(relative);
        List<String> found = new ArrayList<>();
        List<String> classes = null;
        List<double[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        boolean data = false;
        try (BufferedReader reader = files.reader(relative)) {
            String s;
            int line = 0;
            while ((s = reader.readLine()) != null) {
                line++;
                String t = s.trim();
                if (t.isEmpty() || t.startsWith("%")) {
                    continue;
                }
                String lower = t.toLowerCase(Locale.ROOT);
                if (!data && lower.startsWith("@attribute")) {
                    String rest = t.substring("@attribute".length()).trim();
                    int brace = rest.indexOf('{');
                    if (brace >= 0) {
                        String inner = rest.substring(brace + 1, rest.lastIndexOf('}'));
                        classes = new ArrayList<>();
                        for (String c : CsvText.split(inner)) {
                            classes.add(unquote(c));
                        }
                    } else {
                        found.add(unquote(rest.split("\\s+")[0]));
                    }
                } else if (!data && lower.startsWith("@data")) {
                    data = true;
                    if (!found.equals(attributes) || classes == null) {
                        throw new IllegalArgumentException(source + ": expected numeric attributes " + attributes
                                + " and a nominal class, got " + found + (classes == null ? " and no class" : ""));
                    }
                } else if (data) {
                    CsvText.Row row = new CsvText.Row(line, CsvText.split(t));
                    CsvText.checkWidth(source, row, attributes.size() + 1);
                    double[] v = new double[attributes.size()];
                    for (int j = 0; j < v.length; j++) {
                        v[j] = CsvText.number(source, row, j, attributes.get(j));
                    }
                    String label = unquote(row.fields()[v.length]);
                    int k = classes.indexOf(label);
                    if (k < 0) {
                        throw new IllegalArgumentException(source + ", line " + line + ": expected a class in "
                                + classes + ", got \"" + label + "\"");
                    }
                    x.add(v);
                    y.add(k);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        if (x.isEmpty()) {
            throw new IllegalArgumentException(source + ": expected an ARFF header and data rows, got no data rows");
        }
        return Dataset.wrap(name, features, classes, new int[] {features.size()}, x.toArray(new double[0][]),
                y.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Sparse libsvm lines {@code label index:value ...} with 1-based indices up to {@code features.size()};
     * a missing index means 0. The label value {@code labelValues[k]} becomes class {@code k}.
     */
    static Dataset libsvm(DataFiles files, String relative, String name, List<String> features,
            List<String> classes, double[] labelValues) {
        String source = files.describe(relative);
        int d = features.size();
        List<double[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        try (BufferedReader reader = files.reader(relative)) {
            String s;
            int line = 0;
            while ((s = reader.readLine()) != null) {
                line++;
                if (s.isBlank()) {
                    continue;
                }
                String[] tokens = s.trim().split("\\s+");
                double label = parse(source, line, tokens[0], "the label");
                int k = 0;
                while (k < labelValues.length && labelValues[k] != label) {
                    k++;
                }
                if (k == labelValues.length) {
                    throw new IllegalArgumentException(source + ", line " + line + ": expected a label in "
                            + Arrays.toString(labelValues) + ", got \"" + tokens[0] + "\"");
                }
                double[] v = new double[d];
                for (int t = 1; t < tokens.length; t++) {
                    int colon = tokens[t].indexOf(':');
                    String idx = colon < 0 ? tokens[t] : tokens[t].substring(0, colon);
                    double j = parse(source, line, idx, "a feature index");
                    if (colon < 0 || j != Math.rint(j) || j < 1 || j > d) {
                        throw new IllegalArgumentException(source + ", line " + line
                                + ": expected index:value with an index in 1.." + d + ", got \"" + tokens[t] + "\"");
                    }
                    v[(int) j - 1] = parse(source, line, tokens[t].substring(colon + 1), "the value of index " + idx);
                }
                x.add(v);
                y.add(k);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        if (x.isEmpty()) {
            throw new IllegalArgumentException(source + ": expected libsvm lines, got an empty file");
        }
        return Dataset.wrap(name, features, classes, new int[] {d}, x.toArray(new double[0][]),
                y.stream().mapToInt(Integer::intValue).toArray());
    }

    private static double parse(String source, int line, String text, String what) {
        CsvText.Row row = new CsvText.Row(line, new String[] {text});
        try {
            return CsvText.number(source, row, 0, null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ", line " + line + ": expected a finite number for " + what
                    + ", got \"" + text + "\"");
        }
    }

    private static List<CsvText.Row> lines(DataFiles files, String relative) {
        try (BufferedReader reader = files.reader(relative)) {
            return CsvText.read(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + files.describe(relative), e);
        }
    }

    private static String unquote(String s) {
        String t = s.trim();
        if (t.length() >= 2 && (t.charAt(0) == '\'' || t.charAt(0) == '"') && t.charAt(t.length() - 1) == t.charAt(0)) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }
}
