package dev.re3.report;

import dev.re3.display.HtmlText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Horizontal bar charts as inline SVG: one bar per label from a zero axis, positive values in blue and
 * negative ones in orange (the Okabe-Ito colours, distinguishable with the common colour-vision
 * deficiencies), each value printed at the right and in the bar's tooltip, with a tick axis and its title.
 */
final class SvgBars {
    static final String POSITIVE = "#0072B2";
    static final String NEGATIVE = "#E69F00";

    private static final int WIDTH = 720;
    private static final int LABEL_WIDTH = 210;
    private static final int VALUE_WIDTH = 90;
    private static final int ROW = 20;
    private static final int BAR = 14;
    private static final int TOP = 8;
    private static final int BOTTOM = 44;
    private static final int MAX_LABEL = 30;

    /** One bar. */
    record Bar(String label, double value) {}

    private SvgBars() {}

    /**
     * The chart, in the order given.
     *
     * @param bars the bars, at least one
     * @param axisTitle the title under the value axis
     */
    static String chart(List<Bar> bars, String axisTitle) {
        double lo = 0;
        double hi = 0;
        for (Bar b : bars) {
            lo = Math.min(lo, b.value());
            hi = Math.max(hi, b.value());
        }
        if (hi - lo <= 0) {
            hi = 1;
        }
        double step = niceStep((hi - lo) / 4);
        lo = Math.floor(lo / step) * step;
        hi = Math.ceil(hi / step) * step;
        int plotLeft = LABEL_WIDTH + 10;
        int plotWidth = WIDTH - plotLeft - VALUE_WIDTH;
        int plotBottom = TOP + bars.size() * ROW;
        int height = plotBottom + BOTTOM;
        Scale x = new Scale(lo, hi, plotLeft, plotWidth);
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bars\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" role=\"img\" aria-label=\"").append(HtmlText.escape(axisTitle)).append("\">\n");
        for (double t : ticks(lo, hi, step)) {
            String px = fmt(x.at(t));
            s.append("<line x1=\"").append(px).append("\" y1=\"").append(TOP).append("\" x2=\"").append(px)
                    .append("\" y2=\"").append(plotBottom + 4).append("\" stroke=\"#ddd\"/>\n");
            s.append("<text x=\"").append(px).append("\" y=\"").append(plotBottom + 17)
                    .append("\" text-anchor=\"middle\" class=\"tick\">").append(HtmlText.escape(Html.tick(t)))
                    .append("</text>\n");
        }
        for (int k = 0; k < bars.size(); k++) {
            Bar b = bars.get(k);
            double y = TOP + k * ROW + (ROW - BAR) / 2.0;
            double x0 = x.at(Math.min(0, b.value()));
            double w = Math.max(Math.abs(x.at(b.value()) - x.at(0)), b.value() == 0 ? 0 : 0.5);
            String tip = b.label() + ": " + Html.signed(b.value());
            s.append("<text x=\"").append(LABEL_WIDTH).append("\" y=\"").append(fmt(y + BAR - 3))
                    .append("\" text-anchor=\"end\">").append(HtmlText.escape(shorten(b.label()))).append("</text>\n");
            s.append("<rect x=\"").append(fmt(x0)).append("\" y=\"").append(fmt(y)).append("\" width=\"")
                    .append(fmt(w)).append("\" height=\"").append(BAR).append("\" fill=\"")
                    .append(b.value() >= 0 ? POSITIVE : NEGATIVE).append("\"><title>").append(HtmlText.escape(tip))
                    .append("</title></rect>\n");
            s.append("<text x=\"").append(WIDTH - 4).append("\" y=\"").append(fmt(y + BAR - 3))
                    .append("\" text-anchor=\"end\" class=\"value\">").append(HtmlText.escape(Html.signed(b.value())))
                    .append("</text>\n");
        }
        String zero = fmt(x.at(0));
        s.append("<line x1=\"").append(zero).append("\" y1=\"").append(TOP - 2).append("\" x2=\"").append(zero)
                .append("\" y2=\"").append(plotBottom + 4).append("\" stroke=\"#333\"/>\n");
        s.append("<line x1=\"").append(plotLeft).append("\" y1=\"").append(plotBottom + 4).append("\" x2=\"")
                .append(plotLeft + plotWidth).append("\" y2=\"").append(plotBottom + 4).append("\" stroke=\"#333\"/>\n");
        s.append("<text x=\"").append(plotLeft + plotWidth / 2).append("\" y=\"").append(height - 6)
                .append("\" text-anchor=\"middle\" class=\"axis\">").append(HtmlText.escape(axisTitle)).append("</text>\n");
        s.append("</svg>\n");
        return s.toString();
    }

    /** A step of 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static List<Double> ticks(double lo, double hi, double step) {
        List<Double> out = new ArrayList<>();
        long first = Math.round(lo / step);
        long last = Math.round(hi / step);
        for (long k = first; k <= last; k++) {
            out.add(k * step);
        }
        return out;
    }

    private static String shorten(String label) {
        return label.length() <= MAX_LABEL ? label : label.substring(0, MAX_LABEL - 1) + "\u2026";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Maps values in {@code [lo, hi]} to pixels in {@code [left, left + width]}. */
    private record Scale(double lo, double hi, double left, double width) {
        double at(double v) {
            return left + (v - lo) / (hi - lo) * width;
        }
    }
}
