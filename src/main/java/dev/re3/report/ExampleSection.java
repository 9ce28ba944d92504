package dev.re3.report;

import dev.re3.Explanation;
import dev.re3.display.HtmlText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** One explained input: its prediction and region, its contribution bars and the logit equation. */
final class ExampleSection {
    private ExampleSection() {}

    static void write(StringBuilder out, String caption, Explanation e, int maxBars) {
        int target = e.target();
        List<String> classes = e.classes();
        double[] p = e.probabilities();
        double[] z = e.logits();
        double[] b = e.bias();
        out.append("<section class=\"example\">\n<h3>").append(HtmlText.escape(caption)).append("</h3>\n");
        out.append("<p>Predicted <b>").append(HtmlText.escape(e.predictedClass())).append("</b> with probability ")
                .append(HtmlText.escape(Html.num(p[e.predicted()]))).append("; region <code>")
                .append(HtmlText.escape(e.region().id())).append("</code> (")
                .append(HtmlText.escape(activeUnits(e.region().patterns()))).append("); reconstruction error ")
                .append(HtmlText.escape(Html.sci(e.region().reconstructionError()))).append(".</p>\n");
        out.append(SvgBars.chart(bars(e, target, maxBars), "contribution W[c][i] \u00b7 x[i] to the logit of class "
                + classes.get(target)));
        double[] c = e.contributions(target);
        double sum = 0;
        for (double v : c) {
            sum += v;
        }
        out.append("<p class=\"equation\">").append(HtmlText.escape("\u03a3 contributions + bias = logit:  "
                + Html.num(sum) + " + (" + Html.num(b[target]) + ") = " + Html.num(sum + b[target])
                + ";  network logit " + Html.num(z[target]) + ", difference "
                + Html.sci(Math.abs(sum + b[target] - z[target])))).append("</p>\n");
        out.append("<table>\n<caption>").append(HtmlText.escape("The equation for every class"))
                .append("</caption>\n<thead><tr><th>class</th><th>\u03a3 contributions</th><th>bias</th>")
                .append("<th>sum + bias</th><th>logit</th><th>|difference|</th><th>probability</th></tr></thead>\n")
                .append("<tbody>\n");
        for (int k = 0; k < z.length; k++) {
            double s = 0;
            for (double v : e.contributions(k)) {
                s += v;
            }
            out.append(k == target ? "<tr class=\"target\">" : "<tr>").append("<td>")
                    .append(HtmlText.escape(classes.get(k))).append("</td>");
            for (String v : new String[] {Html.num(s), Html.num(b[k]), Html.num(s + b[k]), Html.num(z[k]),
                Html.sci(Math.abs(s + b[k] - z[k])), Html.num(p[k])}) {
                out.append("<td class=\"n\">").append(HtmlText.escape(v)).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n</section>\n");
    }

    /** The largest contributions by size, with the rest summed into one bar so that the bars still add up. */
    static List<SvgBars.Bar> bars(Explanation e, int target, int maxBars) {
        double[] c = e.contributions(target);
        double[] x = e.input();
        List<String> features = e.features();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < c.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -Math.abs(c[i])).thenComparingInt(i -> i));
        List<SvgBars.Bar> bars = new ArrayList<>();
        int shown = c.length <= maxBars ? c.length : maxBars - 1;
        for (int i : order.subList(0, shown)) {
            bars.add(new SvgBars.Bar(features.get(i) + " = " + Html.num(x[i]), c[i]));
        }
        if (shown < c.length) {
            double rest = 0;
            for (int i : order.subList(shown, c.length)) {
                rest += c[i];
            }
            bars.add(new SvgBars.Bar("(" + (c.length - shown) + " other features)", rest));
        }
        return bars;
    }

    private static String activeUnits(List<String> patterns) {
        StringBuilder s = new StringBuilder();
        for (String p : patterns) {
            long on = p.chars().filter(ch -> ch == '1').count();
            if (s.length() > 0) {
                s.append(", ");
            }
            s.append(p.length() <= 16 ? p : on + "/" + p.length() + " on");
        }
        return patterns.isEmpty() ? "no ReLU layers" : "pattern " + s;
    }
}
