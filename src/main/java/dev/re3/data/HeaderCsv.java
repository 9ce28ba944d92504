package dev.re3.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** CSV files with a header line: user files and the penguins file. */
final class HeaderCsv {
    private HeaderCsv() {}

    /** Reads a numeric CSV whose first line is a header if none of its fields is a number. */
    static double[][] readNumbers(Path file) {
        String source = file.toString();
        List<CsvText.Row> rows = read(file);
        CsvText.checkNotEmpty(source, rows, "rows of numbers, optionally after a header line");
        CsvText.Row first = rows.get(0);
        boolean header = Arrays.stream(first.fields()).noneMatch(CsvText::looksNumeric);
        List<CsvText.Row> data = header ? rows.subList(1, rows.size()) : rows;
        if (data.isEmpty()) {
            throw new IllegalArgumentException(source + ": expected at least 1 row of numbers after the header line, got 0");
        }
        int width = first.fields().length;
        double[][] x = new double[data.size()][width];
        for (int i = 0; i < data.size(); i++) {
            CsvText.Row row = data.get(i);
            CsvText.checkWidth(source, row, width);
            for (int j = 0; j < width; j++) {
                x[i][j] = CsvText.number(source, row, j, header ? first.fields()[j] : null);
            }
        }
        return x;
    }

    /** Reads a labelled CSV with a header; every column but the label must be numeric. */
    static Dataset labelled(Path file, String labelColumn) {
        String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        return labelled(file.toString(), read(file), name, labelColumn, null, null);
    }

    /**
     * A data set from rows whose first row is the header.
     *
     * @param featureColumns the feature columns in order, or null for every column but the label
     * @param missing a field text that marks a missing value (rows holding it anywhere are dropped),
     *     or null if no value may be missing
     */
    static Dataset labelled(String source, List<CsvText.Row> rows, String name, String labelColumn,
            List<String> featureColumns, String missing) {
        CsvText.checkNotEmpty(source, rows, "a header line with column names and data rows");
        List<String> header = List.of(rows.get(0).fields());
        if (header.stream().allMatch(CsvText::looksNumeric)) {
            throw new IllegalArgumentException(source + ", line " + rows.get(0).line()
                    + ": expected a header line with column names, got numbers " + header);
        }
        int labelAt = header.indexOf(labelColumn);
        if (labelAt < 0) {
            throw new IllegalArgumentException(source + ": expected a label column \"" + labelColumn
                    + "\", got columns " + header);
        }
        List<String> features = new ArrayList<>();
        if (featureColumns == null) {
            features.addAll(header);
            features.remove(labelAt);
        } else {
            features.addAll(featureColumns);
        }
        int[] at = new int[features.size()];
        for (int j = 0; j < at.length; j++) {
            at[j] = header.indexOf(features.get(j));
            if (at[j] < 0) {
                throw new IllegalArgumentException(source + ": expected a column \"" + features.get(j)
                        + "\", got columns " + header);
            }
        }
        if (features.isEmpty()) {
            throw new IllegalArgumentException(source + ": expected at least one feature column besides \""
                    + labelColumn + "\", got columns " + header);
        }
        List<double[]> x = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (CsvText.Row row : rows.subList(1, rows.size())) {
            CsvText.checkWidth(source, row, header.size());
            if (missing != null && Arrays.asList(row.fields()).contains(missing)) {
                continue;
            }
            double[] v = new double[at.length];
            for (int j = 0; j < at.length; j++) {
                v[j] = CsvText.number(source, row, at[j], features.get(j));
            }
            String label = row.fields()[labelAt];
            if (label.isBlank()) {
                throw new IllegalArgumentException(source + ", line " + row.line() + ", column " + (labelAt + 1)
                        + " (" + labelColumn + "): expected a class name, got an empty field");
            }
            x.add(v);
            labels.add(label);
        }
        if (x.isEmpty()) {
            throw new IllegalArgumentException(source + ": expected at least 1 data row after the header, got 0");
        }
        List<String> classes = sortedClasses(labels);
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < classes.size(); k++) {
            index.put(classes.get(k), k);
        }
        int[] y = labels.stream().mapToInt(index::get).toArray();
        return Dataset.wrap(name, features, classes, new int[] {features.size()}, x.toArray(new double[0][]), y);
    }

    /** Distinct labels, by numeric value if all are numbers, else in string order. */
    private static List<String> sortedClasses(List<String> labels) {
        Set<String> distinct = new LinkedHashSet<>(labels);
        List<String> classes = new ArrayList<>(distinct);
        boolean numeric = classes.stream().allMatch(CsvText::isFiniteNumber);
        classes.sort(numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder());
        return classes;
    }

    private static List<CsvText.Row> read(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("CSV file: expected an existing file, got "
                    + (file == null ? "null" : file.toAbsolutePath()));
        }
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            return CsvText.read(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
