package dev.re3.polytope;

/**
 * A point of a path where the predicted class changes: the first maximum of the logits is {@code from}
 * just before {@code t} and {@code to} just after.
 *
 * @param t where, in {@code [0, 1]} over the whole path
 * @param from the class before
 * @param to the class after
 */
public record ClassChange(double t, int from, int to) {
    /** E.g. {@code "t 0.5: class 0 -> 2"}. */
    @Override
    public String toString() {
        return "t " + dev.re3.display.Numbers.format(t) + ": class " + from + " -> " + to;
    }
}
