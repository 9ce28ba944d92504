package dev.re3.plot;

import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Colours that survive colour-blindness and greyscale printing.
 *
 * <p>Signed quantities use ColorBrewer's RdBu (Brewer, colorbrewer2.org; rated colour-blind safe): red for
 * what raises a logit, blue for what lowers it, near-white at zero. Categories use the Okabe-Ito palette
 * (Okabe and Ito 2008), extended by Paul Tol's muted scheme beyond eight classes.
 */
final class Palette {
    /** Raises the output: RdBu red. */
    static final String POSITIVE = "#b2182b";
    /** Lowers the output: RdBu blue. */
    static final String NEGATIVE = "#2166ac";
    /** Totals, aggregated rest and other neutral marks. */
    static final String NEUTRAL = "#737373";
    /** Non-negative magnitudes (importance, shares). */
    static final String MAGNITUDE = "#35608d";
    /** The part of a region whose label is not the majority's. */
    static final String OTHER = "#cccccc";
    /** Cells that hold no value (padding). */
    static final String PADDING = "#d9d9d9";

    private static final String[] DIVERGING = {"#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7",
        "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f"};
    private static final String[] SEQUENTIAL = {"#ffffff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6",
        "#2171b5", "#08519c", "#08306b"};
    private static final String[] CATEGORIES = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00",
        "#cc79a7", "#000000", "#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77", "#cc6677", "#882255",
        "#aa4499"};

    private Palette() {}

    /** Blue (negative) through white (zero) to red (positive); use with a range symmetric about zero. */
    static ArrayNode diverging() {
        return scale(DIVERGING);
    }

    /** White (zero) to dark blue: for non-negative values such as activations or shares. */
    static ArrayNode sequential() {
        return scale(SEQUENTIAL);
    }

    /** White for the smallest value to black for the largest: an input image as ink on paper. */
    static ArrayNode greys() {
        return scale(new String[] {"#ffffff", "#000000"});
    }

    /** The colour of category {@code k}; colours repeat after seventeen categories. */
    static String category(int k) {
        return CATEGORIES[k % CATEGORIES.length];
    }

    private static ArrayNode scale(String[] colours) {
        ArrayNode a = Json.array();
        for (int i = 0; i < colours.length; i++) {
            ArrayNode stop = Json.array();
            stop.add(i / (double) (colours.length - 1));
            stop.add(colours[i]);
            a.add(stop);
        }
        return a;
    }
}
