package dev.re3.report;

import dev.re3.display.HtmlText;
import dev.re3.net.BatchNorm;
import dev.re3.net.Conv2d;
import dev.re3.net.Dense;
import dev.re3.net.Layer;
import dev.re3.net.Network;
import dev.re3.net.Site;
import dev.re3.net.Standardize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The model summary: shapes, names, parameter counts and one row per site. */
final class ModelSection {
    private ModelSection() {}

    static void write(StringBuilder out, Network net) {
        long params = 0;
        for (Site s : net.sites()) {
            params += parameters(s.layer());
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"input shape", Arrays.toString(net.inputShape()) + " (" + net.inputSize() + " features)"});
        rows.add(new String[] {"classes", net.outputSize() + ": " + abbreviate(net.classes(), 12)});
        rows.add(new String[] {"output link", net.softmax() ? "softmax of the logits" : "logits (no softmax)"});
        rows.add(new String[] {"ReLU layers", String.valueOf(net.reluSites().size())});
        rows.add(new String[] {"parameters", String.valueOf(params)});
        if (net.inputSize() <= 64) {
            rows.add(new String[] {"features", String.join(", ", net.features())});
        }
        Html.keyValues(out, "Model", rows);
        out.append("<table>\n<caption>Layers (sites)</caption>\n<thead><tr><th>site</th><th>type</th>")
                .append("<th>input shape</th><th>output shape</th><th>parameters</th></tr></thead>\n<tbody>\n");
        for (Site s : net.sites()) {
            out.append("<tr><td><code>").append(HtmlText.escape(s.name())).append("</code></td><td>")
                    .append(HtmlText.escape(s.layer().type())).append("</td><td>")
                    .append(HtmlText.escape(Arrays.toString(s.inputShape()))).append("</td><td>")
                    .append(HtmlText.escape(Arrays.toString(s.outputShape()))).append("</td><td class=\"n\">")
                    .append(parameters(s.layer())).append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }

    /** Trainable numbers of one layer (not counting nested layers, which are sites of their own). */
    static long parameters(Layer layer) {
        if (layer instanceof Dense d) {
            return (long) d.out() * d.in() + d.out();
        }
        if (layer instanceof Conv2d c) {
            return c.weightFlat().length + c.bias().length;
        }
        if (layer instanceof BatchNorm b) {
            return 4L * b.channels();
        }
        if (layer instanceof Standardize st) {
            return 2L * st.size();
        }
        return 0;
    }

    private static String abbreviate(List<String> names, int max) {
        if (names.size() <= max) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, max)) + ", \u2026";
    }
}
