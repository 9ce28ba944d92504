package dev.re3.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Comma-separated text, one record per line. Blank lines are skipped but counted, so line numbers in
 * messages match the file. A field may be quoted with {@code "..."} (a doubled {@code ""} inside is a
 * quote); a quoted field cannot span lines. Unquoted fields are trimmed.
 */
final class CsvText {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

    /** One non-blank line of a file: its 1-based line number and its fields. */
    record Row(int line, String[] fields) {}

    private CsvText() {}

    /** All non-blank lines of a reader, split into fields. */
    static List<Row> read(BufferedReader reader) throws IOException {
        List<Row> rows = new ArrayList<>();
        String s;
        int line = 0;
        while ((s = reader.readLine()) != null) {
            line++;
            if (line == 1 && s.startsWith("\uFEFF")) {
                s = s.substring(1);
            }
            if (!s.isBlank()) {
                rows.add(new Row(line, split(s)));
            }
        }
        return rows;
    }

    /** Splits one line at commas outside quotes. */
    static String[] split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"' && field.toString().isBlank()) {
                field.setLength(0);
                quoted = true;
                wasQuoted = true;
            } else if (ch == ',') {
                fields.add(wasQuoted ? field.toString() : field.toString().trim());
                field.setLength(0);
                wasQuoted = false;
            } else {
                field.append(ch);
            }
        }
        fields.add(wasQuoted ? field.toString() : field.toString().trim());
        return fields.toArray(new String[0]);
    }

    /** Whether a field is written as a number, counting {@code NaN} and infinities as numbers. */
    static boolean looksNumeric(String text) {
        String t = text.trim();
        return NUMBER.matcher(t).matches() || NON_FINITE.matcher(t).matches();
    }

    /** Whether a field is a finite decimal number. */
    static boolean isFiniteNumber(String text) {
        String t = text.trim();
        return NUMBER.matcher(t).matches() && Double.isFinite(Double.parseDouble(t));
    }

    /**
     * Parses one field as a finite decimal number.
     *
     * @throws IllegalArgumentException naming the source, line, column and text otherwise
     */
    static double number(String source, Row row, int column, String columnName) {
        String text = row.fields()[column].trim();
        if (NUMBER.matcher(text).matches()) {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v)) {
                return v;
            }
        }
        throw new IllegalArgumentException(source + ", line " + row.line() + ", column " + (column + 1)
                + (columnName == null ? "" : " (" + columnName + ")") + ": expected a finite number, got "
                + (text.isEmpty() ? "an empty field" : "\"" + text + "\""));
    }

    /** Parses one field as an integer class code in {@code 0 .. count - 1}. */
    static int classIndex(String source, Row row, int column, int count) {
        String text = row.fields()[column].trim();
        double v = NUMBER.matcher(text).matches() ? Double.parseDouble(text) : Double.NaN;
        if (v == Math.rint(v) && v >= 0 && v < count) {
            return (int) v;
        }
        throw new IllegalArgumentException(source + ", line " + row.line() + ", column " + (column + 1)
                + ": expected a class index in 0.." + (count - 1) + ", got \"" + text + "\"");
    }

    /** Checks the number of fields of a row. */
    static void checkWidth(String source, Row row, int expected) {
        if (row.fields().length != expected) {
            throw new IllegalArgumentException(source + ", line " + row.line() + ": expected " + expected
                    + " fields, got " + row.fields().length);
        }
    }

    /** Checks that a file had at least one non-blank line. */
    static void checkNotEmpty(String source, List<Row> rows, String expected) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(source + ": expected " + expected + ", got an empty file");
        }
    }
}
