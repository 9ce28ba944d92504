package dev.re3.display;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Numbers rounded for reading: four significant digits, in plain notation from {@code 1e-3} to {@code 1e5}
 * and in scientific notation beyond ({@code 0.1235}, {@code 12.35}, {@code 1.138e-08}); {@code 0} as is.
 * Rounding is for display only: the values in a table's columns keep every bit
 * ({@code table.doubleColumn("weight").asDoubleArray()}).
 *
 * <pre>{@code
 * Numbers.format(0.000000011375546039665375);   // "1.138e-08"
 * Numbers.format(-2.0 / 3);                     // "-0.6667"
 * Table t = Numbers.readable(myTable);          // its double columns print with four significant digits
 * }</pre>
 */
public final class Numbers {
    private Numbers() {}

    /** Four significant digits; {@code NaN} as {@code "NaN"}, infinities as {@code "Infinity"}, {@code "-Infinity"}. */
    public static String format(double v) {
        if (v == 0) {
            return "0";
        }
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e5) {
            String s = new BigDecimal(v).round(new MathContext(4)).toPlainString();
            return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }

    /**
     * Sets a four-significant-digit print format ({@link #format(double)}) on every double column of the table
     * and returns the same table; its values are unchanged.
     */
    public static Table readable(Table table) {
        if (table == null) {
            throw new IllegalArgumentException("table: expected a Tablesaw table, got null");
        }
        for (Column<?> c : table.columns()) {
            if (c instanceof DoubleColumn d) {
                d.setPrintFormatter(FORMATTER);
            }
        }
        return table;
    }

    private static final NumberColumnFormatter FORMATTER = new NumberColumnFormatter() {
        @Override
        public String format(double value) {
            return Double.isNaN(value) ? "" : Numbers.format(value);
        }

        @Override
        public String toString() {
            return "four significant digits";
        }
    };
}
