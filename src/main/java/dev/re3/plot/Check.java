package dev.re3.plot;

import java.util.Arrays;
import java.util.List;

/** Argument checks whose messages say what was expected and what was given. */
final class Check {
    private Check() {}

    /** At least one name, none null. */
    static List<String> names(String figure, String what, List<String> names, String unit) {
        if (names == null) {
            throw new IllegalArgumentException(figure + ": expected a list of " + what + ", got null");
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(figure + ": nothing to draw: expected at least one " + unit + ", got none");
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i) == null) {
                throw new IllegalArgumentException(figure + ": expected a name for every " + unit + ", got null at " + i);
            }
        }
        return names;
    }

    /** Exactly {@code expected} finite numbers. */
    static double[] values(String figure, String what, double[] values, int expected, String per) {
        if (values == null) {
            throw new IllegalArgumentException(figure + ": expected " + expected + " " + what + " (" + per + "), got null");
        }
        if (values.length != expected) {
            throw new IllegalArgumentException(figure + ": expected " + expected + " " + what + " (" + per + "), got "
                    + values.length);
        }
        finite(figure, what, values);
        return values;
    }

    static void finite(String figure, String what, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(figure + ": expected finite " + what + ", got " + values[i]
                        + " at index " + i);
            }
        }
    }

    static double finite(String figure, String what, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(figure + ": expected a finite " + what + ", got " + value);
        }
        return value;
    }

    static int top(String figure, int top) {
        if (top < 1) {
            throw new IllegalArgumentException(figure + ": expected to show at least 1 item (top), got " + top);
        }
        return top;
    }

    /** {@code [channels, height, width]}, all positive; returns the number of elements. */
    static int imageShape(String figure, int[] shape) {
        if (shape == null || shape.length != 3 || Arrays.stream(shape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException(figure + ": expected an image shape [channels, height, width] of positive "
                    + "sizes, got " + (shape == null ? "null" : Arrays.toString(shape))
                    + (shape != null && shape.length == 1 ? " (a vector input: draw its contributions as bars instead)" : ""));
        }
        return Math.multiplyExact(shape[0], Math.multiplyExact(shape[1], shape[2]));
    }

    /** Sizes of an input shape, {@code [d]} or {@code [c, h, w]}; returns the number of elements. */
    static int inputShape(String figure, int[] shape) {
        if (shape == null || (shape.length != 1 && shape.length != 3) || Arrays.stream(shape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException(figure + ": expected an input shape [features] or [channels, height, width]"
                    + " of positive sizes, got " + (shape == null ? "null" : Arrays.toString(shape)));
        }
        return Arrays.stream(shape).reduce(1, Math::multiplyExact);
    }
}
