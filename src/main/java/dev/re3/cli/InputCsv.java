package dev.re3.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the inputs to explain: a UTF-8 CSV file with one input per row and an optional header line
 * (the first line is a header if none of its fields is a number, {@code NaN} and {@code Infinity} included).
 * Blank lines are skipped; fields may be quoted. A header that names every model input is matched by name:
 * its columns may come in any order, and columns the model does not use (a label) are ignored. A header
 * that names some inputs but not all is an error; one that names none is read by position. Every row must have
 * as many values as the header (or, without one, as the model has inputs); errors name the file, the data row
 * (counted from 1, header excluded) and its line, what was expected and what was given.
 */
final class InputCsv {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("(?i)[+-]?(nan|inf|infinity)");

    private InputCsv() {}

    /**
     * @param file the CSV file
     * @param features the model's input names; their count is the expected row width
     * @return the inputs {@code [rows][features.size()]}, at least one row
     */
    static double[][] read(Path file, List<String> features) {
        if (Files.isDirectory(file)) {
            throw new CliException("input file " + file + " is a directory; expected a CSV file of inputs");
        }
        if (!Files.isRegularFile(file)) {
            throw new CliException("input file not found: " + file);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot read input file " + file + ": " + e.getMessage(), e);
        }
        int width = features.size();
        String expected = width + (width == 1 ? " value" : " values") + " (one per model input"
                + (width <= 8 ? ": " + String.join(", ", features) : "") + ")";
        List<double[]> rows = new ArrayList<>();
        boolean first = true;
        int[] columns = null;
        int given = width;
        for (int k = 0; k < lines.size(); k++) {
            String line = k == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(k);
            if (line.isBlank()) {
                continue;
            }
            List<String> fields = split(line);
            if (first) {
                first = false;
                if (fields.stream().noneMatch(f -> NUMBER.matcher(f.trim()).matches()
                        || NON_FINITE.matcher(f.trim()).matches())) {
                    List<String> names = fields.stream().map(String::trim).toList();
                    List<String> missing = features.stream().filter(f -> !names.contains(f)).toList();
                    if (missing.isEmpty()) {
                        columns = new int[width];
                        for (int j = 0; j < width; j++) {
                            columns[j] = names.indexOf(features.get(j));
                        }
                        given = names.size();
                    } else if (missing.size() < width) {
                        throw new CliException(file + ", header (line " + (k + 1) + "): names some model inputs but not "
                                + String.join(", ", missing) + "; expected a header naming every input ("
                                + String.join(", ", features.size() <= 12 ? features : features.subList(0, 12))
                                + (features.size() > 12 ? ", ..." : "") + ") in any order, or no header");
                    } else if (fields.size() != width) {
                        throw new CliException(file + ", header (line " + (k + 1) + "): expected " + width
                                + " column names (one per model input), got " + fields.size());
                    }
                    continue;
                }
            }
            int row = rows.size() + 1;
            String where = file + ", row " + row + " (line " + (k + 1) + ")";
            if (fields.size() != given) {
                throw new CliException(where + ": expected " + (columns == null || given == width ? expected : given
                        + " values (one per header column)") + ", got " + fields.size());
            }
            double[] x = new double[width];
            for (int j = 0; j < width; j++) {
                String text = fields.get(columns == null ? j : columns[j]).trim();
                if (!NUMBER.matcher(text).matches()) {
                    throw new CliException(where + ", column " + (columns == null ? j + 1 : columns[j] + 1) + " ("
                            + features.get(j)
                            + "): expected a finite number, got " + (text.isEmpty() ? "an empty field" : "'" + text + "'"));
                }
                x[j] = Double.parseDouble(text);
                if (!Double.isFinite(x[j])) {
                    throw new CliException(where + ", column " + (j + 1) + " (" + features.get(j)
                            + "): expected a finite number, got '" + text + "' (out of range)");
                }
            }
            rows.add(x);
        }
        if (rows.isEmpty()) {
            throw new CliException(file + ": expected at least one row of " + expected + ", got none");
        }
        return rows.toArray(new double[0][]);
    }

    /**
     * The class of each row from the column {@code column} of the header: a class name or an index
     * {@code 0 .. classes.size() - 1}. The rows are those {@link #read} gives (blank lines skipped), so read the
     * file with it first; the header must name the model's inputs as well, for {@link #read} to skip this column.
     *
     * @return one class index per data row
     */
    static int[] labels(Path file, String column, List<String> classes) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot read input file " + file + ": " + e.getMessage(), e);
        }
        List<Integer> out = new ArrayList<>();
        int index = -1;
        for (int k = 0; k < lines.size(); k++) {
            String line = k == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(k);
            if (line.isBlank()) {
                continue;
            }
            List<String> fields = split(line);
            if (index < 0) {
                List<String> names = fields.stream().map(String::trim).toList();
                boolean header = fields.stream().noneMatch(f -> NUMBER.matcher(f.trim()).matches()
                        || NON_FINITE.matcher(f.trim()).matches());
                if (!header) {
                    throw new CliException("--labels " + column + ": " + file + " has no header line; expected a header"
                            + " naming the model's inputs and the column " + column);
                }
                index = names.indexOf(column);
                if (index < 0) {
                    throw new CliException("--labels " + column + ": " + file + " has no column named '" + column
                            + "'; its columns are " + String.join(", ", names));
                }
                continue;
            }
            String text = index < fields.size() ? fields.get(index).trim() : "";
            int c = classes.indexOf(text);
            if (c < 0 && text.matches("\\d{1,9}") && Integer.parseInt(text) < classes.size()) {
                c = Integer.parseInt(text);
            }
            if (c < 0) {
                throw new CliException(file + ", row " + (out.size() + 1) + " (line " + (k + 1) + "), column "
                        + (index + 1) + " (" + column + "): expected a class name (" + String.join(", ",
                        classes.size() <= 12 ? classes : classes.subList(0, 12)) + (classes.size() > 12 ? ", ..." : "")
                        + ") or an index 0.." + (classes.size() - 1) + ", got "
                        + (text.isEmpty() ? "an empty field" : "'" + text + "'"));
            }
            out.add(c);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Splits one line at commas outside double quotes; {@code ""} inside quotes is a quote. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }

    /** A field for a CSV file: quoted if it holds a comma, a quote or a line break. */
    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return "\"" + field.replace("\"", "\"\"") + "\"";
    }
}
